package org.opendnc.engine.citizen;

import java.time.Instant;
import java.util.List;
import org.opendnc.core.register.RegisterEvent;

/**
 * The register's answer for a proven request: each number's state and history. Shown only after
 * every line of the request was proven, until {@code readableUntil}.
 *
 * @param registerVersion the register version the states are read at
 * @param firstSequence and {@code lastSequence}: the events this request recorded (0 for STATUS)
 */
public record RequestStatus(
    String requestId, CitizenAction action, Instant readableUntil, long registerVersion,
    long firstSequence, long lastSequence, List<NumberStatus> numbers) {

  /**
   * One number.
   *
   * @param registered whether it is in the register now
   * @param allowedOperators the operators its subscriber allowed, ascending
   * @param history every event of the number, oldest first
   */
  public record NumberStatus(
      long e164, boolean registered, List<String> allowedOperators, List<RegisterEvent> history) {}
}
