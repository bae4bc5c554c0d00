package org.opendnc.investigate.register;

import java.util.List;
import java.util.Map;

/**
 * Calls made while the called number was opposed for the calling operator, per operator as written
 * in the call records.
 *
 * @param byOperator per operator: its calls, those made while opposed, and the distinct numbers so called
 * @param examples up to a few hundred of the calls made while opposed, as evidence
 * @param unreadableRows call records that could not be read (number, time or operator missing)
 */
public record OpposedCalls(Map<String, OperatorCalls> byOperator, List<OpposedCall> examples, long unreadableRows,
    List<String> unreadableExamples) {

  /** One operator's counts. */
  public record OperatorCalls(long calls, long callsWhileOpposed, long numbersWhileOpposed) {}

  /** One call made while opposed, with the registration in force. */
  public record OpposedCall(String callId, String operator, long callee, java.time.Instant startedAt) {}
}
