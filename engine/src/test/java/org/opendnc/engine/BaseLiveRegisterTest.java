package org.opendnc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.check.Reason;
import org.opendnc.core.check.Verdict;
import org.opendnc.core.index.IndexView;
import org.opendnc.core.index.OppositionIndex;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

/** The live register under concurrent writers and readers, on SQLite and on PostgreSQL. */
abstract class BaseLiveRegisterTest {
  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
  private static final String[] OPERATORS = {"acme", "beta"};

  @TempDir Path dir;

  abstract RegisterConfig config(Path dataDir);

  Register open() {
    return Register.open(config(dir.resolve("data")), line -> {});
  }

  private static List<RegisterEvent> randomRequest(Random random, long[] numbers) {
    int size = 1 + random.nextInt(3);
    List<RegisterEvent> events = new ArrayList<>(size);
    EventType[] types = EventType.values();
    for (int i = 0; i < size; i++) {
      EventType type = types[random.nextInt(types.length)];
      String operator = type.namesOperator() ? OPERATORS[random.nextInt(OPERATORS.length)] : null;
      events.add(RegisterEvent.of(
          numbers[random.nextInt(numbers.length)], type, operator, AT, Channel.WEB, "test"));
    }
    return events;
  }

  private static long[] numbers(int count) {
    long[] numbers = new long[count];
    for (int i = 0; i < count; i++) {
      numbers[i] = 393_331_000_000L + i * 7919L;
    }
    return numbers;
  }

  /** The index replayed from the store up to {@code version}: the source of truth's answer. */
  private static OppositionIndex replayed(Register register, long version) {
    OppositionIndex index = OppositionIndex.empty();
    register.store().events().replay(0, event -> {
      if (event.sequence() <= version) {
        index.apply(event);
      }
    });
    return index;
  }

  private static void assertAgrees(IndexView view, OppositionIndex expected, long[] numbers) {
    assertThat(view.version()).isEqualTo(expected.version());
    assertThat(view.registeredCount()).isEqualTo(expected.registeredCount());
    for (long number : numbers) {
      assertThat(view.isRegistered(number)).isEqualTo(expected.isRegistered(number));
      assertThat(view.allowedOperators(number)).isEqualTo(expected.allowedOperators(number));
    }
  }

  @Test
  void concurrentWritersAndReadersSeeOnlyWholeAcknowledgedWrites() throws Exception {
    long[] numbers = numbers(40);
    int writers = 6;
    int requestsPerWriter = 50;
    try (Register register = open()) {
      register.setFoldThreshold(40);
      ConcurrentLinkedQueue<List<RegisterEvent>> acknowledged = new ConcurrentLinkedQueue<>();
      Set<Long> seenVersions = ConcurrentHashMap.newKeySet();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger checkedViews = new AtomicInteger();

      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Random random = new Random(100 + w);
        threads.add(new Thread(() -> {
          try {
            for (int r = 0; r < requestsPerWriter; r++) {
              List<RegisterEvent> appended = register.append(randomRequest(random, numbers));
              // Acknowledged: must already be visible.
              assertThat(register.view().version()).isGreaterThanOrEqualTo(appended.get(appended.size() - 1).sequence());
              acknowledged.add(appended);
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }));
      }
      Thread reader = new Thread(() -> {
        try {
          while (writing.get()) {
            var view = register.view();
            seenVersions.add(view.version());
            boolean[] registered = new boolean[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
              registered[i] = view.isRegistered(numbers[i]);
            }
            OppositionIndex expected = replayed(register, view.version());
            for (int i = 0; i < numbers.length; i++) {
              assertThat(registered[i]).isEqualTo(expected.isRegistered(numbers[i]));
            }
            assertAgrees(view, expected, numbers);
            checkedViews.incrementAndGet();
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      });
      reader.start();
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
      writing.set(false);
      reader.join();
      assertThat(failures).isEmpty();
      assertThat(checkedViews.get()).isPositive();

      // Every acknowledged event is stored as acknowledged, each request's events consecutively,
      // and no reader ever saw a version inside a request.
      Map<Long, RegisterEvent> stored = new HashMap<>();
      register.store().events().replay(0, event -> stored.put(event.sequence(), event));
      int total = 0;
      for (List<RegisterEvent> request : acknowledged) {
        long first = request.get(0).sequence();
        for (int i = 0; i < request.size(); i++) {
          RegisterEvent event = request.get(i);
          assertThat(event.sequence()).isEqualTo(first + i);
          assertThat(stored.get(event.sequence())).isEqualTo(event);
          if (i < request.size() - 1) {
            assertThat(seenVersions).doesNotContain(event.sequence());
          }
        }
        total += request.size();
      }
      assertThat(stored).hasSize(total);
      assertAgrees(register.view(), replayed(register, Long.MAX_VALUE), numbers);
      assertThat(register.view().baseVersion()).as("folds ran").isPositive();
    }
    try (Register reopened = open()) {
      try (Register check = reopened) {
        assertAgrees(check.view(), replayed(check, Long.MAX_VALUE), numbers);
      }
    }
  }

  @Test
  void aFailingRequestFailsOnlyItsOwnCaller() throws Exception {
    long[] numbers = numbers(10);
    try (Register register = open()) {
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger ok = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        int writer = w;
        threads.add(new Thread(() -> {
          for (int r = 0; r < 20; r++) {
            // Year 2300 is past what the store keeps (nanoseconds since 1970 in a long).
            Instant at = writer == 0 && r == 10 ? Instant.parse("2300-01-01T00:00:00Z") : AT;
            try {
              register.append(List.of(RegisterEvent.of(
                  numbers[r % numbers.length], EventType.REGISTER, null, at, Channel.WEB, null)));
              ok.incrementAndGet();
            } catch (Throwable t) {
              failures.add(t);
            }
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(failures).singleElement().isInstanceOf(IllegalArgumentException.class);
      assertThat(ok.get()).isEqualTo(6 * 20 - 1);
      assertThat(register.store().events().count()).isEqualTo(6 * 20 - 1);
      assertThat(register.view().version()).isEqualTo(6 * 20 - 1);
    }
  }

  @Test
  void theSnapshotIsTheFoldedBaseAtTheVersionItNames() {
    long[] numbers = numbers(10);
    Register register = open();
    try (register) {
      for (long number : numbers) {
        register.append(List.of(RegisterEvent.of(number, EventType.REGISTER, null, AT, Channel.WEB, null)));
      }
      assertThat(register.view().deltaEvents()).isEqualTo(10);
      assertThat(register.saveSnapshot()).isEqualTo(10);
      assertThat(register.view().deltaEvents()).isZero();
      assertThat(register.view().baseVersion()).isEqualTo(10);
      register.append(List.of(RegisterEvent.of(numbers[0], EventType.CANCEL, null, AT, Channel.WEB, null)));
    }
    assertThatThrownBy(() -> register.append(List.of(
            RegisterEvent.of(numbers[1], EventType.CANCEL, null, AT, Channel.WEB, null))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    List<String> notes = new ArrayList<>();
    try (Register reopened = Register.open(config(dir.resolve("data")), notes::add)) {
      assertThat(notes).anyMatch(n -> n.contains("replayed register events 11..11"));
      assertThat(reopened.view().version()).isEqualTo(11);
      assertThat(reopened.view().registeredCount()).isEqualTo(9);
    }
  }

  @Test
  void aPreCallCheckAnswersLikeAListCheckWithTheRegisterVersion() {
    long mario = 393331234567L;
    try (Register register = open()) {
      RegisterService service = new RegisterService(register);
      assertThat(service.checkNumber("333 123 4567", "acme"))
          .isEqualTo(new RegisterService.NumberCheck(mario, Verdict.CALLABLE, Reason.NOT_REGISTERED, 0));
      service.record(List.of(
          RegisterEvent.of(mario, EventType.REGISTER, null, AT, Channel.WEB, null),
          RegisterEvent.of(mario, EventType.ALLOW, "acme", AT, Channel.WEB, null)));
      assertThat(service.checkNumber("+39 333 1234567", "acme"))
          .isEqualTo(new RegisterService.NumberCheck(mario, Verdict.CALLABLE, Reason.ALLOWED_BY_SUBSCRIBER, 2));
      assertThat(service.checkNumber("0039 333 1234567", "beta").reason()).isEqualTo(Reason.REGISTERED);
      assertThat(service.checkNumber("12", "beta").reason()).isEqualTo(Reason.INVALID_NUMBER);
      assertThat(service.checkNumber(" ", "beta").reason()).isEqualTo(Reason.MISSING_NUMBER);
      assertThat(service.checkNumber("+44 20 7946 0958", "beta").verdict()).isEqualTo(Verdict.INVALID);
      assertThat(service.history(mario)).extracting(RegisterEvent::type)
          .containsExactly(EventType.REGISTER, EventType.ALLOW);
    }
  }
}
