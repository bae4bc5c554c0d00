package org.opendnc.engine.citizen;

import java.time.Instant;
import java.util.List;

/**
 * Where a request stands, before or after proof. Says nothing about the register (only what the
 * requester submitted and proved), so it may be shown to whoever holds the request id.
 *
 * @param state PENDING (waiting for proof), LOCKED (too many wrong codes), EXPIRED (the proof
 *     window passed), APPLYING (being recorded) or DONE (recorded; status readable)
 */
public record RequestProgress(
    String requestId, CitizenAction action, ProofMethod proof, State state, Instant expiresAt,
    List<NumberProgress> numbers) {

  /** The states of a request. */
  public enum State { PENDING, LOCKED, EXPIRED, APPLYING, DONE }

  /** One number: proven yet, and for CALL the number to call. */
  public record NumberProgress(long e164, boolean proven, long callTo) {}

  /** Whether every number is proven. */
  public boolean proven() {
    return numbers.stream().allMatch(NumberProgress::proven);
  }
}
