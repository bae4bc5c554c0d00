package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is appending to SQLite (SIGKILL, mid-append) and checks on reopen that every
 * acknowledged batch is there and no batch is there in part. A process kill leaves the OS page
 * cache intact, so this proves atomicity and acknowledgement order, not power-loss durability
 * (that rests on synchronous=FULL).
 */
class SqliteCrashTest {

  private static final int ACKS_BEFORE_KILL = 15;

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aKilledAppenderLosesNoAcknowledgedBatchAndLeavesNoHalfBatch() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), CrashingAppender.class.getName(),
            dataDir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    List<Integer> acknowledged = new ArrayList<>();
    long lastAcknowledgedSequence = 0;
    try (BufferedReader output = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = output.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          String[] parts = line.split(" ");
          acknowledged.add(Integer.parseInt(parts[1]));
          lastAcknowledgedSequence = Long.parseLong(parts[2]);
          if (acknowledged.size() == ACKS_BEFORE_KILL) {
            // Through the handle: SIGKILL without closing our end of the pipe, so the
            // acknowledgements already written are still read.
            child.toHandle().destroyForcibly();
          }
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    assertThat(acknowledged).as("acknowledged batches before the kill").hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

    try (RegisterStore store = RegisterStore.openSqlite(dataDir)) {
      Map<String, Integer> eventsPerBatch = new TreeMap<>();
      long[] previous = {0};
      store.events().replay(0, event -> {
        assertThat(event.sequence()).isEqualTo(previous[0] + 1);
        previous[0] = event.sequence();
        eventsPerBatch.merge(event.evidence(), 1, Integer::sum);
      });

      assertThat(store.events().latestSequence()).isGreaterThanOrEqualTo(lastAcknowledgedSequence);
      for (int batch : acknowledged) {
        assertThat(eventsPerBatch).containsEntry("batch-" + batch, CrashingAppender.BATCH_SIZE);
      }
      assertThat(eventsPerBatch.values()).allMatch(count -> count == CrashingAppender.BATCH_SIZE);
      assertThat(store.events().count() % CrashingAppender.BATCH_SIZE).isZero();
    }
  }
}
