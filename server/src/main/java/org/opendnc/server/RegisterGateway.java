package org.opendnc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.check.LawfulBasis;
import org.opendnc.core.check.Reason;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.ListCheck;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterService;
import org.opendnc.store.RegisterStore;

/**
 * The server's only way into the register's in-memory index: every read and every write of the
 * index goes through this class. Thread-safe.
 */
final class RegisterGateway implements AutoCloseable {

  /*
   * The engine's Register is thread-safe: reads go to an immutable view of the live index (base
   * plus delta) and never wait for writers; a list check holds one view from its first row to its
   * last; writes are group-committed by the Register's writer (RegisterService). The lock here only
   * orders shutdown: every call holds the read lock (shared, so calls never exclude each other),
   * and close() takes the write lock, so it saves the snapshot and closes the register after the
   * last call in flight has finished and refuses the calls that come after.
   */

  /** The answer of a single-number check. */
  record SingleCheck(long e164, Reason reason, long registerVersion, LawfulBasis basis) {
    /** Whether a number was parsed (it is then charged to the quota). */
    boolean hasNumber() {
      return e164 != NumberParser.INVALID;
    }
  }

  private final Register register;
  private final ListCheck listCheck;
  private final RegisterService service;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  RegisterGateway(Register register, Clock clock) {
    this.register = register;
    this.listCheck = new ListCheck(register, clock);
    this.service = new RegisterService(register);
  }

  /** The jurisdiction profile (immutable). */
  Profile profile() {
    return register.profile();
  }

  /** The signing key (thread-safe). */
  RegisterKey key() {
    return register.key();
  }

  /** The register's store (thread-safe); never use its event log to bypass this class. */
  RegisterStore store() {
    return register.store();
  }

  /** The consent ledger (thread-safe; closed with the register). */
  org.opendnc.engine.consent.ConsentLedger ledger() {
    ensureOpen();
    return register.ledger();
  }

  /** Parses a number as the register does: lenient input, {@link NumberParser#INVALID} when not a number. */
  long parse(String number) {
    return register.parser().parseE164(number);
  }

  /**
   * Whether {@code operator} may call {@code number} now, by the same rules as a list check:
   * invalid, foreign, not registered, registered, or allowed by its subscriber.
   */
  SingleCheck check(String number, String operator) {
    lock.readLock().lock();
    try {
      ensureOpen();
      RegisterService.NumberCheck answer = service.checkNumber(number, operator);
      return new SingleCheck(answer.e164(), answer.reason(), answer.registerVersion(), answer.basis());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Checks a list against one register version (one view throughout). Issues no receipt: see {@link #issue}. */
  ListCheck.Completed checkList(InputStream in, OutputStream out, CheckOptions options)
      throws IOException {
    lock.readLock().lock();
    try {
      ensureOpen();
      return listCheck.check(in, out, options, null);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Signs and stores the receipt of a completed check (does not touch the index). */
  Receipt issue(ListCheck.Completed completed) {
    return listCheck.issue(completed);
  }

  /** Appends events durably (group commit) and applies them; later views see them. */
  List<RegisterEvent> record(List<RegisterEvent> events) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return service.record(events);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The register version (sequence of the last event applied). */
  long version() {
    lock.readLock().lock();
    try {
      ensureOpen();
      return service.view().version();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new org.opendnc.core.error.DncException(
          org.opendnc.core.error.ErrorCode.SERVICE_UNAVAILABLE,
          "the service is shutting down; retry on another node or after it restarts.");
    }
  }

  /**
   * Saves the index snapshot and closes the register, after every reader has finished. Idempotent.
   */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        register.saveSnapshot();
      } finally {
        register.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
