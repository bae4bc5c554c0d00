package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RepeatedFailuresTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void reportsTheFirstFailureAtOnceThenAtMostOncePerPeriodWithTheCount() {
    RepeatedFailures failures = new RepeatedFailures(Duration.ofMinutes(1));
    assertThat(failures.failed(T0)).isEqualTo(1);
    // Twice a second for the rest of the minute: quiet.
    for (int i = 1; i < 120; i++) {
      assertThat(failures.failed(T0.plusMillis(500L * i))).as("failure %d", i).isZero();
    }
    // A minute after the last report: the 119 kept quiet and this one.
    assertThat(failures.failed(T0.plusSeconds(60))).isEqualTo(120);
    assertThat(failures.failed(T0.plusSeconds(61))).isZero();
  }

  @Test
  void aSuccessReportsTheFailuresBeforeItAndStartsAfresh() {
    RepeatedFailures failures = new RepeatedFailures(Duration.ofMinutes(1));
    assertThat(failures.succeeded()).isZero();
    failures.failed(T0);
    failures.failed(T0.plusMillis(500));
    failures.failed(T0.plusMillis(1000));
    assertThat(failures.succeeded()).isEqualTo(3);
    assertThat(failures.succeeded()).isZero();
    // A new fault is reported at once, not a minute after the old one's report.
    assertThat(failures.failed(T0.plusSeconds(2))).isEqualTo(1);
  }
}
