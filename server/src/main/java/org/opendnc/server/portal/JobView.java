package org.opendnc.server.portal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A regulator's job (an audit or an investigation) as its pages show it.
 *
 * @param status QUEUED, RUNNING, SUCCEEDED, FAILED or INTERRUPTED
 * @param finished whether the job has stopped (succeeded, failed or was interrupted)
 * @param files the outputs that can be downloaded
 * @param counts named figures of a finished job (calls, violations, firms, ...)
 * @param violationsByCode an audit's violations per reason code (empty for an investigation)
 * @param rejects the first input rows that could not be used
 * @param problems files of a case that could not be read
 */
public record JobView(String id, String kind, String status, boolean finished, String owner,
    String upload, String profile, boolean register, Instant createdAt, Instant finishedAt,
    String phase, List<String> steps, String errorCode, String error, List<String> files,
    Map<String, Long> counts, Map<String, Long> violationsByCode, long rejectedRows,
    List<Reject> rejects, List<String> problems) {

  /** A row of an input that could not be used: its line, reason code and what was wrong. */
  public record Reject(long line, String reason, String detail) {}

  /** The message key of the status. */
  public String statusKey() {
    return "regulator.status." + status;
  }
}
