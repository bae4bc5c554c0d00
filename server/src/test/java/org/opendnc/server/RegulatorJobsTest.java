package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.Keys;
import org.opendnc.store.RegisterStore;

/** The job runner: one job at a time, a bounded queue, refusals beyond it. */
class RegulatorJobsTest {

  @TempDir Path temporary;

  @Test
  void uploadsBeyondTheQueueAreRefusedAndTheAcceptedOnesAllRunToTheEnd() throws Exception {
    try (RegisterStore store = RegisterStore.openSqlite(temporary.resolve("data"));
        RegulatorJobs jobs = new RegulatorJobs(temporary.resolve("data"), store,
            Keys.registerKey(temporary.resolve("data")).publicKey(), Clock.systemUTC(), 64 << 20, 1)) {
      // The first audit is long (50,000 calls): while it runs one upload may wait, no more.
      StringBuilder large = new StringBuilder(RegulatorSamples.CALLS);
      for (int i = 0; i < 50_000; i++) {
        large.append("x").append(i).append(",acme,06 1234 5678,+39 320 ").append(1_000_000 + i)
            .append(",2027-01-12T10:00:00+01:00,30,ANSWERED,spring,IT\n");
      }
      List<RegulatorJobs.Job> accepted = new ArrayList<>();
      int refused = 0;
      for (int i = 0; i < 4; i++) {
        try {
          String calls = i == 0 ? large.toString() : RegulatorSamples.CALLS;
          accepted.add(jobs.submitAudit("garante", "calls-" + i + ".csv", new ByteArrayInputStream(
              calls.getBytes(StandardCharsets.UTF_8)), null, null, "IT"));
        } catch (DncException e) {
          assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
          assertThat(e.getMessage()).contains("1 jobs are waiting already");
          refused++;
        }
      }
      assertThat(refused).as("one runs, one waits: the others are refused").isGreaterThanOrEqualTo(2);
      assertThat(jobs.list(RegulatorJobs.Kind.AUDIT)).hasSameSizeAs(accepted);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (jobs.list(RegulatorJobs.Kind.AUDIT).stream().anyMatch(job -> !job.status().finished())
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(jobs.list(RegulatorJobs.Kind.AUDIT)).allSatisfy(job -> {
        assertThat(job.status()).isEqualTo(RegulatorJobs.Status.SUCCEEDED);
        assertThat(job.startedAt()).isAfterOrEqualTo(job.createdAt());
        assertThat(job.summary().counts().get("calls")).isIn(3L, 50_003L);
      });
    }
  }
}
