package org.opendnc.engine.citizen;

/**
 * What a call reported by the telephony platform did; the platform may tell the caller.
 *
 * @param callId the call's id, named in register events as {@code ivr:<callId>}
 * @param requestRef the public reference of the request whose line it proved, or {@code null}
 * @param sequence the register event it recorded (REGISTERED, RENEWED, or a request completed by
 *     this call), else 0
 */
public record IvrOutcome(String callId, Kind kind, String requestRef, long sequence) {

  /** The kinds of outcome. */
  public enum Kind {
    /** A call to the register's own number registered the calling line. */
    REGISTERED,
    /** A call to the register's own number renewed the calling line's registration. */
    RENEWED,
    /** The call proved a line of a pending request (which may now be complete). */
    PROVEN,
    /** A matching request exists, but the call came after its window closed. */
    TOO_LATE,
    /** No pending request of this line waits for a call to this number. */
    NO_MATCH,
    /** The caller ID is missing, invalid, foreign or not a fixed or mobile line. */
    CALLER_UNUSABLE
  }
}
