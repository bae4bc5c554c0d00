package org.opendnc.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Citizens' requests, the proof of each line, and the calls reported by the IVR webhook. Plain
 * persistence: the rules (limits, expiry, matching) are the engine's. Implementations are
 * thread-safe; every conditional update is atomic in the database, so concurrent callers (also
 * on several nodes) cannot both win it.
 */
public interface CitizenStore {

  /**
   * A citizen request as stored.
   *
   * @param ref the request's public reference (a digest of its secret id)
   * @param action REGISTER, RENEW, ALLOW, DISALLOW, CANCEL or STATUS
   * @param operator for ALLOW and DISALLOW, else {@code null}
   * @param channel the register event channel name, e.g. WEB
   * @param proof SMS_CODE or CALL
   * @param state PENDING, LOCKED, APPLYING or DONE
   * @param completedAt when every line was proven (APPLYING and DONE), else {@code null}
   * @param readableUntil until when status and history are shown (DONE), else {@code null}
   * @param firstSequence the first register event of the request (DONE), else 0
   * @param lastSequence the last register event of the request (DONE), else 0
   */
  record Request(
      String ref,
      String action,
      String operator,
      String channel,
      String proof,
      String state,
      Instant createdAt,
      Instant expiresAt,
      Instant completedAt,
      Instant readableUntil,
      long firstSequence,
      long lastSequence) {}

  /**
   * One line of a request.
   *
   * @param codeSalt and {@code codeHash}: the one-time code's salted hash (SMS_CODE), else null
   * @param callTo the number the citizen must call from the line (CALL), else 0
   * @param attempts codes tried so far
   * @param provenAt when the line was proven, or {@code null}
   * @param proof the evidence of the proof, e.g. {@code sms-otp:REF} or {@code ivr:CALL-ID}
   */
  record Challenge(
      String requestRef,
      int position,
      long e164,
      byte[] codeSalt,
      byte[] codeHash,
      long callTo,
      int attempts,
      Instant createdAt,
      Instant expiresAt,
      Instant provenAt,
      String proof) {}

  /**
   * A call reported by the telephony platform.
   *
   * @param caller and {@code called}: the numbers as received
   * @param outcome what the engine made of the call
   * @param requestRef the request it proved a line of, or {@code null}
   * @param sequence the register event it caused, or 0
   */
  record IvrCall(
      String id,
      String caller,
      String called,
      Instant at,
      Instant receivedAt,
      String outcome,
      String requestRef,
      long sequence) {}

  /**
   * Stores a new request and its challenges in one transaction.
   *
   * @throws StoreException with CONFLICT if the ref exists, or WRITE_FAILED; nothing is stored
   */
  void create(Request request, List<Challenge> challenges);

  Optional<Request> find(String ref);

  /** The request's challenges, by position. */
  List<Challenge> challenges(String ref);

  /** How many challenges the number got since {@code since} (for rate limits). */
  int countChallengesSince(long e164, Instant since);

  /**
   * The number's unproven CALL challenges of PENDING requests created at or after {@code since},
   * newest first.
   */
  List<Challenge> pendingCallChallenges(long e164, Instant since);

  /**
   * Reserves one code attempt: increments the attempts of an unproven challenge when they are
   * below {@code maxAttempts}.
   *
   * @return the attempt reserved (1 for the first), or 0 when none is left or the line is proven
   */
  int reserveAttempt(String ref, long e164, int maxAttempts);

  /**
   * Marks the line proven, once.
   *
   * @return whether this call proved it ({@code false}: it was already proven)
   */
  boolean markProven(String ref, long e164, Instant at, String proof);

  /**
   * Moves a request from state {@code from} to {@code to} if it is in {@code from}; moving to
   * APPLYING sets completedAt to {@code at}.
   *
   * @return whether it moved
   */
  boolean changeState(String ref, String from, String to, Instant at);

  /**
   * Renews an APPLYING request's claim (its completedAt) if it still holds {@code claimedAt},
   * so one of several callers that find the same stale claim takes it over.
   */
  boolean reclaim(String ref, Instant claimedAt, Instant at);

  /** Moves an APPLYING request to DONE with its events and the end of its readable window. */
  boolean markDone(String ref, Instant readableUntil, long firstSequence, long lastSequence);

  /** What became of a recorded call: its outcome, the request it proved a line of, its event. */
  record CallOutcome(String id, String outcome, String requestRef, long sequence) {}

  /**
   * Records calls in one transaction, each unless a call with the same caller, called number and
   * time is stored (a retried webhook), an earlier one of the same list included.
   *
   * @return per call, in order: the stored call, {@code call} itself or the one recorded earlier
   */
  List<IvrCall> recordCalls(List<IvrCall> calls);

  /** {@link #recordCalls} of one call. */
  default IvrCall recordCall(IvrCall call) {
    return recordCalls(List.of(call)).get(0);
  }

  /** Sets recorded calls' outcomes, the requests they proved a line of and their events. */
  void updateCalls(List<CallOutcome> outcomes);

  /** {@link #updateCalls} of one call. */
  default void updateCall(String id, String outcome, String requestRef, long sequence) {
    updateCalls(List.of(new CallOutcome(id, outcome, requestRef, sequence)));
  }
}
