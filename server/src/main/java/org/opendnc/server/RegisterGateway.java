package org.opendnc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.check.Reason;
import org.opendnc.core.index.OppositionIndex;
import org.opendnc.core.number.E164Numbers;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.ListCheck;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterUpdates;
import org.opendnc.store.RegisterStore;

/**
 * The server's only way into the register's in-memory index: every read and every write of the
 * index goes through this class. Thread-safe.
 */
final class RegisterGateway implements AutoCloseable {

  /*
   * Why a lock: the engine's Register is single-writer. Its OppositionIndex must not be read while
   * an event is applied, and a list check must see one register version from its first row to its
   * last. So reads (single checks, list checks, the version) hold the read lock, and writes
   * (appending and applying events, saving the snapshot, closing) hold the write lock. A long list
   * check therefore delays writers until it ends: acceptable while writes are rare (the CLI and
   * imports run in other processes and are picked up at the next start).
   *
   * Replacing it: the engine's RegisterService (an immutable base plus a delta, versioned views
   * safe for concurrent reads while events are appended) makes the lock unnecessary. Swap this
   * file's body for calls to RegisterService (check -> a view's lookup, checkList -> a view held
   * for the whole list, record -> RegisterService's append) and drop the lock; nothing else in the
   * server touches the index, the Register or its store's event log.
   */

  /** The answer of a single-number check. */
  record SingleCheck(long e164, Reason reason, long registerVersion) {
    /** Whether a number was parsed (it is then charged to the quota). */
    boolean hasNumber() {
      return e164 != NumberParser.INVALID;
    }
  }

  private final Register register;
  private final ListCheck listCheck;
  private final RegisterUpdates updates;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  RegisterGateway(Register register, Clock clock) {
    this.register = register;
    this.listCheck = new ListCheck(register, clock);
    this.updates = new RegisterUpdates(register);
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

  /** Parses a number as the register does: lenient input, {@link NumberParser#INVALID} when not a number. */
  long parse(String number) {
    return register.parser().parseE164(number);
  }

  /**
   * Whether {@code operator} may call {@code number} now, by the same rules as a list check:
   * invalid, foreign, not registered, registered, or allowed by its subscriber.
   */
  SingleCheck check(String number, String operator) {
    long e164 = register.parser().parseE164(number);
    if (e164 == NumberParser.INVALID) {
      return new SingleCheck(e164, number.isBlank() ? Reason.MISSING_NUMBER : Reason.INVALID_NUMBER,
          version());
    }
    lock.readLock().lock();
    try {
      ensureOpen();
      OppositionIndex index = register.index();
      Reason reason;
      if (!E164Numbers.hasCountryCode(e164, register.parser().countryCode())) {
        reason = Reason.FOREIGN_NUMBER;
      } else if (!index.isRegistered(e164)) {
        reason = Reason.NOT_REGISTERED;
      } else if (index.allowedFor(operator).contains(e164)) {
        reason = Reason.ALLOWED_BY_SUBSCRIBER;
      } else {
        reason = Reason.REGISTERED;
      }
      return new SingleCheck(e164, reason, index.version());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Checks a list against one register version (the read lock is held throughout). Issues no
   * receipt: see {@link #issue}.
   */
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

  /** Appends events durably and applies them to the index, excluding every reader meanwhile. */
  List<RegisterEvent> record(List<RegisterEvent> events) {
    lock.writeLock().lock();
    try {
      ensureOpen();
      return updates.record(events);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The register version (sequence of the last event applied). */
  long version() {
    lock.readLock().lock();
    try {
      ensureOpen();
      return register.index().version();
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
