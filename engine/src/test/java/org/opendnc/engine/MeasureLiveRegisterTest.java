package org.opendnc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

/**
 * Measures the live register on SQLite: durable single-event writes from many threads (group
 * commit), and pre-call checks while those writes run. Not part of the normal run:
 * {@code ./mvnw -o -pl engine -am verify -Dtest=MeasureLiveRegisterTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dopendnc.engine.measure=1000000}
 * (the register's size; {@code -Dopendnc.engine.measure.writers=64}, {@code .seconds=10}).
 * Checks its answer: every acknowledged write is in the store and in the index.
 */
@EnabledIfSystemProperty(named = "opendnc.engine.measure", matches = "[1-9][0-9]*")
class MeasureLiveRegisterTest {
  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path dir;

  @Test
  void writesAndChecksOnSqlite() throws Exception {
    int size = Integer.parseInt(System.getProperty("opendnc.engine.measure"));
    int writers = Integer.getInteger("opendnc.engine.measure.writers", 64);
    int readers = Integer.getInteger("opendnc.engine.measure.readers", 2);
    int seconds = Integer.getInteger("opendnc.engine.measure.seconds", 10);
    try (Register register = Register.open(RegisterConfig.embedded(dir), line -> {})) {
      SplittableRandom random = new SplittableRandom(2026);
      List<RegisterEvent> batch = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        batch.add(RegisterEvent.of(randomMobile(random), EventType.REGISTER, null, AT, Channel.IMPORT, null));
        if (batch.size() == 50_000 || i == size - 1) {
          register.append(batch);
          batch.clear();
        }
      }
      register.foldNow();
      long startVersion = register.view().version();
      RegisterService service = new RegisterService(register);

      AtomicBoolean running = new AtomicBoolean(true);
      LongAdder writes = new LongAdder();
      LongAdder checks = new LongAdder();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        SplittableRandom mine = random.split();
        threads.add(new Thread(() -> {
          while (running.get()) {
            register.append(List.of(RegisterEvent.of(
                randomMobile(mine), EventType.REGISTER, null, AT, Channel.WEB, "measure")));
            writes.increment();
          }
        }));
      }
      for (int r = 0; r < readers; r++) {
        SplittableRandom mine = random.split();
        threads.add(new Thread(() -> {
          while (running.get()) {
            for (int i = 0; i < 1000; i++) {
              service.checkNumber("+" + randomMobile(mine), "acme");
            }
            checks.add(1000);
          }
        }));
      }
      long t0 = System.nanoTime();
      threads.forEach(Thread::start);
      Thread.sleep(seconds * 1000L);
      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }
      double elapsed = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "LIVE REGISTER %,d numbers, %d writers, %d readers, %.1f s: %,.0f durable writes/s, %,.0f pre-call checks/s%n",
          size, writers, readers, elapsed, writes.sum() / elapsed, checks.sum() / elapsed);
      assertThat(register.view().version()).isEqualTo(startVersion + writes.sum());
      assertThat(register.store().events().latestSequence()).isEqualTo(register.view().version());
    }
  }

  private static long randomMobile(SplittableRandom random) {
    return 39_3_000_000_000L + random.nextLong(1_000_000_000L);
  }
}
