package org.opendnc.server;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.engine.Register;
import org.opendnc.engine.citizen.CitizenConfig;
import org.opendnc.engine.citizen.CitizenRequest;
import org.opendnc.engine.citizen.CitizenService;
import org.opendnc.engine.citizen.IvrOutcome;
import org.opendnc.engine.citizen.OutboxSmsGateway;
import org.opendnc.engine.citizen.RequestProgress;
import org.opendnc.engine.citizen.RequestStatus;
import org.opendnc.engine.citizen.SmsGateway;
import org.opendnc.engine.citizen.StartedRequest;

/**
 * The server's door to the engine's {@link CitizenService}: the same calls, refused once the
 * server is closing. Thread-safe.
 */
final class CitizenGateway implements AutoCloseable {

  /*
   * CitizenService appends to the Register directly (its own group commit). The lock only orders
   * shutdown, as in RegisterGateway: every call holds the read lock (shared), and close() takes the
   * write lock, so the register is closed only after the last citizen call in flight has finished
   * (even one that outlived Jetty's stop timeout), and later calls get SERVICE_UNAVAILABLE.
   */

  private final CitizenService service;
  private final SmsGateway sms;
  private final NumberParser parser;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  /**
   * @param settings the rules (default: {@link CitizenConfig#defaults(int)} in the register's
   *     country) and the SMS gateway (default: the development outbox in the register's store)
   */
  CitizenGateway(Register register, CitizenSettings settings, Clock clock) {
    CitizenConfig rules = settings.rules() != null
        ? settings.rules() : CitizenConfig.defaults(register.parser().countryCode());
    this.sms = settings.smsGateway() != null
        ? settings.smsGateway() : new OutboxSmsGateway(register.store().smsOutbox(), clock);
    this.service = new CitizenService(register, rules, sms, clock);
    this.parser = register.parser();
  }

  /** The rules and phone lines in force. */
  CitizenConfig config() {
    return service.config();
  }

  /** The development outbox, when codes go there instead of to phones. */
  Optional<OutboxSmsGateway> developmentOutbox() {
    return sms instanceof OutboxSmsGateway outbox ? Optional.of(outbox) : Optional.empty();
  }

  /** A number as the register parses it, or {@link NumberParser#INVALID}. */
  long parse(String number) {
    return number == null ? NumberParser.INVALID : parser.parseE164(number);
  }

  /** See {@link CitizenService#validateNumbers}. */
  java.util.List<Long> validateNumbers(java.util.List<String> numbers,
      org.opendnc.engine.citizen.ProofMethod proof) {
    return call(() -> service.validateNumbers(numbers, proof));
  }

  /** See {@link CitizenService#start}. */
  StartedRequest start(CitizenRequest request) {
    return call(() -> service.start(request));
  }

  /** See {@link CitizenService#submitCode}. */
  RequestProgress submitCode(String requestId, String number, String code) {
    return call(() -> service.submitCode(requestId, number, code));
  }

  /** See {@link CitizenService#progress}. */
  RequestProgress progress(String requestId) {
    return call(() -> service.progress(requestId));
  }

  /** See {@link CitizenService#status}. */
  RequestStatus status(String requestId) {
    return call(() -> service.status(requestId));
  }

  /** See {@link CitizenService#ivrCall}. */
  IvrOutcome ivrCall(String from, String to, Instant at) {
    return call(() -> service.ivrCall(from, to, at));
  }

  private <T> T call(Supplier<T> action) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new DncException(ErrorCode.SERVICE_UNAVAILABLE,
            "the service is shutting down; retry on another node or after it restarts.");
      }
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits for the calls in flight, then refuses new ones. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      service.close(); // no call is in flight: writes what is queued
    } finally {
      lock.writeLock().unlock();
    }
  }
}
