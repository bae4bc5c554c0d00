package org.opendnc.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

/**
 * Measures the live index at register size: a fold (copy of the base plus the delta), point reads
 * through a view with a full delta, and a list Lookup. Not part of the normal run:
 * {@code ./mvnw -o -pl core test -Dtest=MeasureLiveIndexTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dopendnc.index.measure=30000000} ({@code -Dopendnc.index.measure.delta=131072}).
 */
@EnabledIfSystemProperty(named = "opendnc.index.measure", matches = "[1-9][0-9]*")
class MeasureLiveIndexTest {

  @Test
  void foldAndReadsAtRegisterSize() {
    int size = Integer.parseInt(System.getProperty("opendnc.index.measure"));
    int deltaSize = Integer.getInteger("opendnc.index.measure.delta", 131_072);
    SplittableRandom random = new SplittableRandom(30);
    OppositionIndex base = OppositionIndex.empty();
    long sequence = 0;
    for (int i = 0; i < size; i++) {
      base.apply(new RegisterEvent(++sequence, mobile(random), EventType.REGISTER, null, Instant.EPOCH, Channel.IMPORT, null));
    }
    base.runOptimize();
    LiveIndex live = new LiveIndex(base);
    List<RegisterEvent> delta = new ArrayList<>(deltaSize);
    for (int i = 0; i < deltaSize; i++) {
      EventType type = i % 10 == 0 ? EventType.CANCEL : EventType.REGISTER;
      delta.add(new RegisterEvent(++sequence, mobile(random), type, null, Instant.EPOCH, Channel.WEB, null));
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < deltaSize; i += 64) {
      live.apply(delta.subList(i, Math.min(deltaSize, i + 64)));
    }
    long t1 = System.nanoTime();
    LiveIndex.View view = live.view();
    long[] probes = new long[1_000_000];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = mobile(random);
    }
    long hits = 0;
    for (int round = 0; round < 3; round++) {
      long r0 = System.nanoTime();
      for (long probe : probes) {
        hits += view.isOpposedFor(probe, "acme") ? 1 : 0;
      }
      long r1 = System.nanoTime();
      IndexView.Lookup lookup = view.lookupFor("acme");
      long r2 = System.nanoTime();
      for (long probe : probes) {
        hits += lookup.stateOf(probe) == IndexView.State.OPPOSED ? 1 : 0;
      }
      long r3 = System.nanoTime();
      System.out.printf("LIVE INDEX reads, %,d delta events: isOpposedFor %.0f ns, Lookup built in %.1f ms then %.0f ns per number%n",
          view.deltaEvents(), (r1 - r0) / (double) probes.length, (r2 - r1) / 1e6, (r3 - r2) / (double) probes.length);
    }
    long t2 = System.nanoTime();
    OppositionIndex folded = view.materialize();
    long t3 = System.nanoTime();
    live.rebase(folded);
    long t4 = System.nanoTime();
    System.out.printf("LIVE INDEX %,d numbers: %,d delta events applied in groups of 64 in %.0f ms (%.0f ns/event);"
            + " fold: materialize %.0f ms, rebase %.1f ms; base %.2f B/number%n",
        size, deltaSize, (t1 - t0) / 1e6, (t1 - t0) / (double) deltaSize, (t3 - t2) / 1e6, (t4 - t3) / 1e6,
        folded.sizeInBytes() / (double) folded.registeredCount());
    assertThat(live.view().deltaEvents()).isZero();
    assertThat(live.view().registeredCount()).isEqualTo(view.registeredCount());
    assertThat(hits).isPositive();
  }

  private static long mobile(SplittableRandom random) {
    return 39_3_000_000_000L + random.nextLong(1_000_000_000L);
  }
}
