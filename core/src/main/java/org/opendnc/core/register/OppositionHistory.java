package org.opendnc.core.register;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Derives whether a number was opposed for an operator at a point in time from its history. */
public final class OppositionHistory {

  /*
   * The rules are those of the in-memory index (org.opendnc.core.index.OppositionIndex), stated
   * on one number's history instead of on the current state:
   * - only events with at <= t count;
   * - the number is registered at t iff the last counting REGISTER/RENEW/CANCEL is a REGISTER or
   *   RENEW ("last" in sequence order, the order of the log);
   * - it is allowed for O at t iff, after that last REGISTER/RENEW, some counting ALLOW(O) is not
   *   followed by a counting DISALLOW(O) (a registration revokes earlier allowances);
   * - opposed = registered and not allowed.
   * With t after every event this is the index's answer after applying the whole history, which a
   * test checks on random histories. One pass, O(history length).
   */

  private OppositionHistory() {}

  /**
   * Whether the number whose history this is was opposed for the operator at time {@code t}.
   *
   * @param history every event of one number, ascending by sequence
   * @throws IllegalArgumentException if the events are of several numbers or not in strictly
   *     ascending sequence order
   */
  public static boolean isOpposed(List<RegisterEvent> history, String operator, Instant t) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(t, "t");
    boolean registered = false;
    boolean allowed = false;
    RegisterEvent previous = null;
    for (RegisterEvent event : history) {
      if (previous != null) {
        if (event.e164() != previous.e164()) {
          throw new IllegalArgumentException("history mixes several numbers");
        }
        if (event.sequence() <= previous.sequence()) {
          throw new IllegalArgumentException(
              "history not in ascending sequence order: " + event.sequence() + " after "
                  + previous.sequence());
        }
      }
      previous = event;
      if (event.at().isAfter(t)) {
        continue;
      }
      switch (event.type()) {
        case REGISTER, RENEW -> {
          registered = true;
          allowed = false;
        }
        case CANCEL -> {
          registered = false;
          allowed = false;
        }
        case ALLOW -> allowed |= operator.equals(event.operator());
        case DISALLOW -> allowed &= !operator.equals(event.operator());
      }
    }
    return registered && !allowed;
  }
}
