package org.opendnc.core.register;

import java.time.Instant;
import java.util.Objects;

/**
 * One event in the register's append-only log.
 *
 * @param sequence the register version this event created; {@link #UNSEQUENCED} before the store
 *     has appended it
 * @param e164 the number, E.164 as a long
 * @param type what happened
 * @param operator the operator named by ALLOW and DISALLOW; {@code null} for the other types
 * @param at when the citizen acted (not when the event was logged)
 * @param channel how the event reached the register
 * @param evidence how ownership of the line was proved, or the import's source; may be {@code null}
 */
public record RegisterEvent(
    long sequence,
    long e164,
    EventType type,
    String operator,
    Instant at,
    Channel channel,
    String evidence) {

  /** The sequence of an event that has not been appended yet. */
  public static final long UNSEQUENCED = 0;

  public RegisterEvent {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative: " + sequence);
    }
    if (e164 <= 0) {
      throw new IllegalArgumentException("e164 must be positive: " + e164);
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(channel, "channel");
    if (type.namesOperator() != (operator != null)) {
      throw new IllegalArgumentException(
          type + (type.namesOperator() ? " needs an operator" : " must not name an operator"));
    }
  }

  /** A new, not yet appended event. */
  public static RegisterEvent of(
      long e164, EventType type, String operator, Instant at, Channel channel, String evidence) {
    return new RegisterEvent(UNSEQUENCED, e164, type, operator, at, channel, evidence);
  }

  /** This event as appended with the given sequence. */
  public RegisterEvent withSequence(long newSequence) {
    return new RegisterEvent(newSequence, e164, type, operator, at, channel, evidence);
  }
}
