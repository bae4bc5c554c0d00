package org.opendnc.engine.citizen;

import java.time.Instant;
import java.util.List;

/**
 * A started request: the id to show the citizen (a bearer secret: whoever holds it sees the
 * status once the lines are proven) and what to do for each number.
 *
 * @param requestId 128 random bits, base64url; stored only as a digest
 * @param expiresAt the end of the proof window (codes or calls)
 */
public record StartedRequest(String requestId, CitizenAction action, ProofMethod proof, Instant expiresAt,
    List<Challenge> challenges) {

  /**
   * One number to prove.
   *
   * @param e164 the number, E.164 as a long
   * @param callTo for CALL: the number to call from the line, E.164 as a long; 0 for SMS_CODE
   *     (a code was sent to the line)
   * @param deadline when the code or the call window expires
   */
  public record Challenge(long e164, long callTo, Instant deadline) {}
}
