package org.opendnc.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.OppositionHistory;
import org.opendnc.core.register.RegisterEvent;

/** The index's state after a log equals OppositionHistory's answer on each number's history. */
class OppositionIndexAgainstHistoryTest {

  private static final String[] OPERATORS = {"ACME", "BETA", "GAMMA"};
  private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T23:59:59Z");

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 20240613})
  void indexAgreesWithHistoryOnRandomLogs(long seed) {
    Random random = new Random(seed);
    long[] numbers = new long[200];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = switch (i % 3) {
        case 0 -> 393_300_000_000L + random.nextInt(1_000_000);
        case 1 -> 12_025_550_000L + random.nextInt(10_000);
        default -> (1L << 32) * (1 + random.nextInt(3)) - 5 + random.nextInt(10);
      };
    }
    OppositionIndex index = OppositionIndex.empty();
    Map<Long, List<RegisterEvent>> histories = new HashMap<>();
    EventType[] types = EventType.values();
    long sequence = 0;
    Instant at = Instant.parse("2023-01-01T00:00:00Z");
    for (int step = 0; step < 20_000; step++) {
      long number = numbers[random.nextInt(numbers.length)];
      EventType type = types[random.nextInt(types.length)];
      String operator = type.namesOperator() ? OPERATORS[random.nextInt(OPERATORS.length)] : null;
      sequence += 1 + random.nextInt(3);
      at = at.plusSeconds(random.nextInt(1000));
      RegisterEvent event = new RegisterEvent(sequence, number, type, operator, at, Channel.WEB, null);
      index.apply(event);
      histories.computeIfAbsent(number, n -> new ArrayList<>()).add(event);
      if (step % 997 == 0) {
        checkAll(index, histories, numbers);
      }
    }
    checkAll(index, histories, numbers);
    assertThat(index.version()).isEqualTo(sequence);
  }

  private static void checkAll(
      OppositionIndex index, Map<Long, List<RegisterEvent>> histories, long[] numbers) {
    long registered = 0;
    for (long number : numbers) {
      List<RegisterEvent> history = histories.getOrDefault(number, List.of());
      for (String operator : OPERATORS) {
        assertThat(index.isOpposedFor(number, operator))
            .as("number %d operator %s after %d events", number, operator, history.size())
            .isEqualTo(OppositionHistory.isOpposed(history, operator, FAR_FUTURE));
      }
      assertThat(index.isOpposedFor(number, "NEVER-ALLOWED"))
          .isEqualTo(index.isRegistered(number));
    }
    for (long number : histories.keySet()) {
      if (index.isRegistered(number)) {
        registered++;
      }
    }
    assertThat(index.registeredCount()).isEqualTo(registered);
  }
}
