package org.opendnc.investigate.register;

import java.nio.file.Path;

/**
 * Counts the calls of a call-record file made while the called number was opposed for the caller.
 * The investigation uses {@link HistoryOpposedCallCounter}; the call audit (module {@code audit})
 * can stand behind this interface instead, with its fuller verdicts.
 */
public interface OpposedCallCounter {
  /**
   * Reads the call records (CSV: call_id, operator, caller_id, callee, started_at, duration_s,
   * outcome, campaign, origin_country) and judges each call on the register's history at its
   * start time.
   *
   * @throws org.opendnc.core.error.DncException when the file cannot be read or lacks the columns
   */
  OpposedCalls count(Path callRecords);
}
