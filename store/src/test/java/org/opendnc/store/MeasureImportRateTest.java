package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

/**
 * Measures a durable bulk import into SQLite: random Italian mobile numbers (39 3xx xxxxxxx),
 * appended in batches. Not part of the normal run:
 * {@code ./mvnw -o -pl store test -Dtest=MeasureImportRateTest -Dopendnc.store.measure=1000000}
 * (optionally {@code -Dopendnc.store.measure.batch=50000}). Checks its answer: count, latest
 * sequence and a full replay.
 */
@EnabledIfSystemProperty(named = "opendnc.store.measure", matches = "[1-9][0-9]*")
class MeasureImportRateTest {

  @TempDir Path temporary;

  @Test
  void bulkImportIntoSqlite() {
    int total = Integer.parseInt(System.getProperty("opendnc.store.measure"));
    int batchSize = Integer.getInteger("opendnc.store.measure.batch", 50_000);
    SplittableRandom random = new SplittableRandom(2025);
    Instant start = Instant.parse("2022-07-27T00:00:00Z");

    try (RegisterStore store = RegisterStore.openSqlite(temporary)) {
      long generatingNanos = 0;
      long appendingNanos = 0;
      int appended = 0;
      while (appended < total) {
        int size = Math.min(batchSize, total - appended);
        long t0 = System.nanoTime();
        List<RegisterEvent> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          long e164 = 39_3_000_000_000L + random.nextLong(1_000_000_000L);
          batch.add(RegisterEvent.of(
              e164, EventType.REGISTER, null, start.plusMillis(appended + i), Channel.IMPORT, null));
        }
        long t1 = System.nanoTime();
        store.events().append(batch);
        long t2 = System.nanoTime();
        generatingNanos += t1 - t0;
        appendingNanos += t2 - t1;
        appended += size;
      }
      double seconds = appendingNanos / 1e9;
      System.out.printf(
          "IMPORT %s: %,d events in batches of %,d: %.1f s appending, %,.0f events/s (generating %.1f s)%n",
          store.describe(), total, batchSize, seconds, total / seconds, generatingNanos / 1e9);

      long t3 = System.nanoTime();
      long[] replayed = {0, 0};
      store.events().replay(0, event -> {
        replayed[0]++;
        replayed[1] = event.sequence();
      });
      double replaySeconds = (System.nanoTime() - t3) / 1e9;
      System.out.printf("REPLAY: %,d events in %.1f s, %,.0f events/s%n",
          replayed[0], replaySeconds, replayed[0] / replaySeconds);

      assertThat(replayed[0]).isEqualTo(total);
      assertThat(replayed[1]).isEqualTo(total);
      assertThat(store.events().latestSequence()).isEqualTo(total);
      assertThat(store.events().count()).isEqualTo(total);
    }
  }
}
