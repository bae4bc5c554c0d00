package org.opendnc.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides when a task that runs every few hundred milliseconds reports its failures, so a lasting
 * fault (a full disk, a locked file) is logged once a minute rather than twice a second: the first
 * failure is reported at once, the following ones at most once per {@code every}, with how many
 * there were, and the first success after failures is reported with their count. Not thread-safe:
 * one scheduled task uses it.
 */
final class RepeatedFailures {
  private final Duration every;
  private long failures;
  private long unreported;
  private Instant lastReport;

  RepeatedFailures(Duration every) {
    this.every = Objects.requireNonNull(every, "every");
  }

  /**
   * Counts a failure at {@code now}; returns how many failures to report (this one and those not
   * reported since the last report), or 0 when this one is to be kept quiet.
   */
  long failed(Instant now) {
    failures++;
    unreported++;
    if (lastReport == null || !now.isBefore(lastReport.plus(every))) {
      lastReport = now;
      long report = unreported;
      unreported = 0;
      return report;
    }
    return 0;
  }

  /** Counts a success; returns how many failures came before it in a row (0 if none). */
  long succeeded() {
    long before = failures;
    failures = 0;
    unreported = 0;
    lastReport = null;
    return before;
  }
}
