package org.opendnc.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

/** Every view of a live index answers as an OppositionIndex replayed to the view's version. */
class LiveIndexTest {

  private static final String[] OPERATORS = {"ACME", "BETA", "GAMMA"};
  private static final String[] ASKED = {"ACME", "BETA", "GAMMA", "NEVER-ALLOWED"};
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  /** Seeded random events over a small pool of numbers, so numbers change many times. */
  private static final class Events {
    final Random random;
    final long[] numbers;
    long sequence;

    Events(long seed, int pool, long firstSequence) {
      random = new Random(seed);
      numbers = new long[pool];
      for (int i = 0; i < pool; i++) {
        numbers[i] = i % 2 == 0 ? 393_300_000_000L + random.nextInt(1_000_000) : 12_025_550_000L + i;
      }
      sequence = firstSequence;
    }

    RegisterEvent next() {
      long number = numbers[random.nextInt(numbers.length)];
      EventType[] types = EventType.values();
      // REGISTER and ALLOW a little more often, so allowances exist to be revoked.
      int pick = random.nextInt(types.length + 2);
      EventType type = pick < types.length ? types[pick] : pick == types.length ? EventType.REGISTER : EventType.ALLOW;
      String operator = type.namesOperator() ? OPERATORS[random.nextInt(OPERATORS.length)] : null;
      sequence += 1 + (random.nextInt(10) == 0 ? random.nextInt(3) : 0);
      return new RegisterEvent(sequence, number, type, operator, AT, Channel.WEB, null);
    }

    List<RegisterEvent> group(int max) {
      int size = 1 + random.nextInt(max);
      List<RegisterEvent> group = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        group.add(next());
      }
      return group;
    }
  }

  private static OppositionIndex baseOf(Events events, int size) {
    OppositionIndex base = OppositionIndex.empty();
    for (int i = 0; i < size; i++) {
      base.apply(events.next());
    }
    return base;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 42, 2026, 987654321})
  void everyViewAnswersAsTheIndexReplayedToItsVersion(long seed) {
    Events events = new Events(seed, 300, 0);
    OppositionIndex base = baseOf(events, 500);
    OppositionIndex reference = base.copy();
    LiveIndex live = new LiveIndex(base);
    List<LiveIndex.View> views = new ArrayList<>();
    List<OppositionIndex> expected = new ArrayList<>();
    List<LiveIndex.View> foldFrom = new ArrayList<>();
    for (int step = 0; step < 1_500; step++) {
      List<RegisterEvent> group = events.group(8);
      if (events.random.nextInt(40) == 0) {
        live.applyBulk(group);
        foldFrom.clear();
      } else {
        live.apply(group);
      }
      group.forEach(reference::apply);
      LiveIndex.View view = live.view();
      assertThat(view.version()).isEqualTo(reference.version());
      foldFrom.add(view);
      if (events.random.nextInt(25) == 0) {
        views.add(view);
        expected.add(reference.copy());
      }
      if (events.random.nextInt(60) == 0) {
        // A lagging fold: built from an earlier view while later events were applied.
        LiveIndex.View from = foldFrom.get(events.random.nextInt(foldFrom.size()));
        boolean rebased = live.rebase(from.materialize());
        assertThat(rebased).isEqualTo(from.version() > view.baseVersion());
        foldFrom.clear();
        assertThat(live.view().version()).isEqualTo(reference.version());
        assertThat(live.view().baseVersion()).isEqualTo(Math.max(from.version(), view.baseVersion()));
      }
      if (step % 100 == 0) {
        assertSame(live.view(), reference, events.numbers);
      }
    }
    assertSame(live.view(), reference, events.numbers);
    for (int i = 0; i < views.size(); i++) {
      assertSame(views.get(i), expected.get(i), events.numbers);
    }
  }

  @Test
  void materializeEqualsTheReplayedIndex() {
    Events events = new Events(11, 200, 0);
    OppositionIndex base = baseOf(events, 300);
    OppositionIndex reference = base.copy();
    LiveIndex live = new LiveIndex(base);
    for (int i = 0; i < 400; i++) {
      List<RegisterEvent> group = events.group(5);
      live.apply(group);
      group.forEach(reference::apply);
    }
    OppositionIndex materialized = live.view().materialize();
    assertThat(materialized.version()).isEqualTo(reference.version());
    assertThat(materialized.registeredSet()).isEqualTo(reference.registeredSet());
    assertThat(materialized.allowedSets()).isEqualTo(reference.allowedSets());
    assertThat(live.rebase(materialized)).isTrue();
    assertThat(live.view().deltaEvents()).isZero();
    assertThat(live.view().baseVersion()).isEqualTo(reference.version());
    assertSame(live.view(), reference, events.numbers);
  }

  @Test
  void applyRefusesEventsNotAfterTheVersionAndPublishesNothing() {
    LiveIndex live = new LiveIndex(OppositionIndex.empty());
    live.apply(List.of(event(1, 393331234567L, EventType.REGISTER)));
    LiveIndex.View before = live.view();
    assertThatThrownBy(() -> live.apply(List.of(
            event(2, 393331234568L, EventType.REGISTER), event(2, 393331234569L, EventType.REGISTER))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of order");
    assertThatThrownBy(() -> live.apply(List.of(event(0, 393331234568L, EventType.REGISTER))))
        .hasMessageContaining("never appended");
    assertThat(live.view()).isSameAs(before);
    assertThat(live.view().isRegistered(393331234568L)).isFalse();
    assertThat(live.view().registeredCount()).isEqualTo(1);
  }

  @Test
  void rebaseKeepsOnlyNewerBasesAndRefusesOnesAheadOfTheIndex() {
    LiveIndex live = new LiveIndex(OppositionIndex.empty());
    live.apply(List.of(event(1, 393331234567L, EventType.REGISTER)));
    LiveIndex.View atOne = live.view();
    live.apply(List.of(event(2, 393331234567L, EventType.CANCEL)));
    OppositionIndex ahead = live.view().materialize();
    ahead.apply(event(3, 393331234568L, EventType.REGISTER));
    assertThatThrownBy(() -> live.rebase(ahead)).isInstanceOf(IllegalArgumentException.class);
    assertThat(live.rebase(atOne.materialize())).isTrue();
    assertThat(live.rebase(atOne.materialize())).isFalse();
    assertThat(live.view().deltaEvents()).isEqualTo(1);
    // The old view still holds its own base and delta.
    assertThat(atOne.isRegistered(393331234567L)).isTrue();
    assertThat(live.view().isRegistered(393331234567L)).isFalse();
  }

  @Test
  void aLookupTakenFromAViewIgnoresLaterEvents() {
    long mario = 393331234567L;
    LiveIndex live = new LiveIndex(OppositionIndex.empty());
    live.apply(List.of(event(1, mario, EventType.REGISTER)));
    LiveIndex.View view = live.view();
    IndexView.Lookup lookup = view.lookupFor("ACME");
    live.apply(List.of(new RegisterEvent(2, mario, EventType.ALLOW, "ACME", AT, Channel.WEB, null)));
    assertThat(lookup.stateOf(mario)).isEqualTo(IndexView.State.OPPOSED);
    assertThat(view.lookupFor("ACME").stateOf(mario)).isEqualTo(IndexView.State.OPPOSED);
    assertThat(live.view().lookupFor("ACME").stateOf(mario)).isEqualTo(IndexView.State.ALLOWED);
    assertThat(live.view().allowedOperators(mario)).containsExactly("ACME");
    assertThat(view.allowedOperators(mario)).isEmpty();
  }

  /**
   * One writer applies groups and a fold thread rebases (as the engine does, under one lock) while
   * readers take views and compare every answer with the index replayed to the view's version.
   */
  @Test
  void concurrentReadersNeverSeeATornState() throws Exception {
    Events events = new Events(5, 64, 0);
    List<RegisterEvent> log = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      log.add(events.next());
    }
    LiveIndex live = new LiveIndex(OppositionIndex.empty());
    ReentrantLock writeLock = new ReentrantLock();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong checkedViews = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    long[] numbers = events.numbers;

    Thread writer = new Thread(() -> {
      Random random = new Random(9); // group sizes
      int at = 0;
      while (at < log.size()) {
        int size = Math.min(log.size() - at, 1 + random.nextInt(16));
        writeLock.lock();
        try {
          if (random.nextInt(30) == 0) {
            live.applyBulk(log.subList(at, at + size));
          } else {
            live.apply(log.subList(at, at + size));
          }
        } finally {
          writeLock.unlock();
        }
        at += size;
        java.util.concurrent.locks.LockSupport.parkNanos(10_000);
      }
    });
    Thread folder = new Thread(() -> {
      while (!done.get()) {
        OppositionIndex next = live.view().materialize();
        writeLock.lock();
        try {
          live.rebase(next);
        } finally {
          writeLock.unlock();
        }
      }
    });
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      readers.add(new Thread(() -> {
        try {
          while (!done.get()) {
            LiveIndex.View view = live.view();
            boolean[] registered = new boolean[numbers.length];
            boolean[][] opposed = new boolean[numbers.length][ASKED.length];
            IndexView.Lookup lookup = view.lookupFor("BETA");
            IndexView.State[] states = new IndexView.State[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
              registered[i] = view.isRegistered(numbers[i]);
              states[i] = lookup.stateOf(numbers[i]);
              for (int o = 0; o < ASKED.length; o++) {
                opposed[i][o] = view.isOpposedFor(numbers[i], ASKED[o]);
              }
            }
            long count = view.registeredCount();
            OppositionIndex expected = OppositionIndex.empty();
            for (RegisterEvent event : log) {
              if (event.sequence() > view.version()) {
                break;
              }
              expected.apply(event);
            }
            assertThat(expected.version()).isEqualTo(view.version());
            assertThat(count).isEqualTo(expected.registeredCount());
            for (int i = 0; i < numbers.length; i++) {
              assertThat(registered[i]).isEqualTo(expected.isRegistered(numbers[i]));
              assertThat(states[i]).isEqualTo(expected.lookupFor("BETA").stateOf(numbers[i]));
              for (int o = 0; o < ASKED.length; o++) {
                assertThat(opposed[i][o]).isEqualTo(expected.isOpposedFor(numbers[i], ASKED[o]));
              }
            }
            checkedViews.incrementAndGet();
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    readers.forEach(Thread::start);
    folder.start();
    writer.start();
    writer.join(TimeUnit.SECONDS.toMillis(60));
    done.set(true);
    folder.join();
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(failures).isEmpty();
    assertThat(checkedViews.get()).isPositive();
    assertThat(live.view().version()).isEqualTo(log.get(log.size() - 1).sequence());
  }

  private static RegisterEvent event(long sequence, long e164, EventType type) {
    return new RegisterEvent(sequence, e164, type, null, AT, Channel.WEB, null);
  }

  private static void assertSame(IndexView view, OppositionIndex expected, long[] numbers) {
    assertThat(view.version()).isEqualTo(expected.version());
    assertThat(view.registeredCount()).isEqualTo(expected.registeredCount());
    for (String operator : ASKED) {
      IndexView.Lookup lookup = view.lookupFor(operator);
      IndexView.Lookup expectedLookup = expected.lookupFor(operator);
      for (long number : numbers) {
        assertThat(view.isOpposedFor(number, operator))
            .as("number %d operator %s at version %d", number, operator, view.version())
            .isEqualTo(expected.isOpposedFor(number, operator));
        assertThat(lookup.stateOf(number)).isEqualTo(expectedLookup.stateOf(number));
      }
      // The batch answers of a list check equal the single ones (base table plus delta overrides).
      IndexView.State[] batch = new IndexView.State[numbers.length];
      lookup.statesOf(numbers, numbers.length, batch);
      for (int i = 0; i < numbers.length; i++) {
        assertThat(batch[i]).as("batch state of %d for %s", numbers[i], operator)
            .isEqualTo(expectedLookup.stateOf(numbers[i]));
      }
    }
    for (long number : numbers) {
      assertThat(view.isRegistered(number)).isEqualTo(expected.isRegistered(number));
      assertThat(view.allowedOperators(number)).isEqualTo(expected.allowedOperators(number));
    }
  }
}
