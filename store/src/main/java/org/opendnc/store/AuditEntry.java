package org.opendnc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the append-only audit log: who did what, when, on how many numbers, in which request.
 *
 * @param sequence assigned by the store when appended; 0 for an entry not yet appended
 * @param at when it happened
 * @param actorType what kind of actor acted
 * @param actor the operator id, the username, or a description of a citizen's line
 * @param action what was done, a stable upper-case code, e.g. {@code CHECK_SINGLE}
 * @param subject what it was done to (a receipt id, an operator id, a key id), or {@code null}
 * @param numbers how many numbers the action concerned (checked, registered), {@code >= 0}
 * @param e164 the one number an action on a single number concerned, or {@code null}; never set
 *     for batch checks
 * @param outcome {@code OK} or the stable error code the action failed with
 * @param requestId the HTTP request id, or {@code null} outside a request (e.g. the CLI)
 * @param detail a short note for people, or {@code null}; no secrets, no lists of numbers
 */
public record AuditEntry(
    long sequence, Instant at, ActorType actorType, String actor, String action, String subject,
    long numbers, Long e164, String outcome, String requestId, String detail) {

  /** The outcome of an action that succeeded. */
  public static final String OK = "OK";

  /** Kinds of actors. */
  public enum ActorType {
    OPERATOR,
    ADMIN,
    CITIZEN,
    SYSTEM,
    /** The authority's staff (a REGULATOR portal account). */
    REGULATOR
  }

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actorType, "actorType");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    if (numbers < 0) {
      throw new IllegalArgumentException("numbers must not be negative: " + numbers);
    }
  }

  /** A new entry (not yet appended). */
  public static AuditEntry of(
      Instant at, ActorType actorType, String actor, String action, String subject, long numbers,
      Long e164, String outcome, String requestId, String detail) {
    return new AuditEntry(
        0, at, actorType, actor, action, subject, numbers, e164, outcome, requestId, detail);
  }
}
