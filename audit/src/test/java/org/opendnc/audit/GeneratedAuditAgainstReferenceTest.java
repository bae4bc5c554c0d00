package org.opendnc.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendnc.audit.AuditSources.CheckReceipt;
import org.opendnc.core.index.NumberSet;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.store.OperatorListStore.CallingNumber;
import org.opendnc.store.OperatorListStore.DoNotContactEntry;

/** CallAudit against ReferenceAudit on seeded random registers, receipts, declarations and calls. */
class GeneratedAuditAgainstReferenceTest {

  static final String[] OPERATORS = {"acme", "beta", "gamma"};
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final long SPAN_SECONDS = Duration.ofDays(120).toSeconds();

  @ParameterizedTest(name = "{0} seed {1}")
  @CsvSource({"IT, 1", "IT, 2", "IT, 3", "FR, 4", "FR, 5", "US, 6", "UK, 7", "CA, 8"})
  void theEngineAgreesWithTheReference(String profileCode, long seed) {
    Random random = new Random(seed);
    Profile profile = Profile.forCode(profileCode);
    TestingScenario s = new TestingScenario(profileCode);
    long[] numbers = numbers(profileCode, 150, random);
    long[] callers = numbers(profileCode, 12, random);

    long sequence = 0;
    for (int i = 0; i < 500; i++) {
      EventType type = EventType.values()[weighted(random, 40, 10, 20, 10, 10)];
      String operator = type.namesOperator() ? OPERATORS[random.nextInt(OPERATORS.length)] : null;
      s.events.add(new RegisterEvent(++sequence, pick(numbers, random), type, operator, randomTime(random),
          Channel.WEB, null));
    }
    for (int i = 0; i < 25; i++) {
      NumberSet callable = new NumberSet();
      for (long number : numbers) {
        if (random.nextInt(3) > 0) {
          callable.add(number);
        }
      }
      s.receipts.add(new CheckReceipt("R" + i, OPERATORS[random.nextInt(3)], randomTime(random), callable));
    }
    for (long caller : callers) {
      Instant from = randomTime(random);
      s.callingNumbers.add(new CallingNumber(OPERATORS[random.nextInt(3)], caller, from,
          random.nextBoolean() ? null : from.plusSeconds(random.nextInt(5_000_000))));
    }
    for (int i = 0; i < 40; i++) {
      Instant added = randomTime(random);
      s.doNotContact.add(new DoNotContactEntry(OPERATORS[random.nextInt(3)], pick(numbers, random), added,
          random.nextBoolean() ? null : added.minusSeconds(random.nextInt(3_000_000)), null));
    }
    for (int i = 0; i < 150; i++) {
      Instant given = randomTime(random);
      s.consents.consents.computeIfAbsent(OPERATORS[random.nextInt(3)] + "|" + pick(numbers, random), k -> new ArrayList<>())
          .add(new ConsentEvidence.Consent("C" + i, given,
              random.nextInt(3) == 0 ? given.plusSeconds(random.nextInt(5_000_000)) : null));
      Instant start = randomTime(random);
      s.consents.contracts.computeIfAbsent(OPERATORS[random.nextInt(3)] + "|" + pick(numbers, random), k -> new ArrayList<>())
          .add(new ConsentEvidence.Contract("K" + i, start,
              random.nextBoolean() ? start.plus(Duration.ofDays(random.nextInt(80))) : null));
    }
    String[] outcomes = {"ANSWERED", "NO_ANSWER", "REFUSED", null};
    String[] origins = {null, null, null, profile.region(), "AL", "TN"};
    // Calls to a subset of the numbers, so several calls share a number and a firm.
    for (int i = 0; i < 2500; i++) {
      long caller = switch (random.nextInt(8)) {
        case 0 -> CallerIds.WITHHELD;
        case 1 -> CallerIds.UNUSABLE;
        case 2 -> Long.parseLong(profile.region().equals("IT") ? "390844123456" : "33700000000");
        default -> pick(callers, random);
      };
      Instant at = random.nextInt(10) == 0 && i > 0 ? s.calls.build().startedAt(i - 1) : randomTime(random);
      s.calls.add("c" + i, OPERATORS[random.nextInt(3)], caller, numbers[random.nextInt(40)], at, 30,
          outcomes[random.nextInt(outcomes.length)], "camp" + random.nextInt(4), origins[random.nextInt(origins.length)]);
    }

    CallRecords calls = s.calls.build();
    AuditResult engine = new CallAudit(profile, line -> {}).run(calls, s.sources());
    int[] reference = ReferenceAudit.reasons(profile, calls, s.events, s.receipts, s.callingNumbers,
        s.doNotContact, s.consents);

    int[] counts = new int[ReasonCode.values().length];
    for (int i = 0; i < calls.size(); i++) {
      assertThat(ReasonCode.join(engine.reasonMask(i)))
          .as("call %s (%s to +%d at %s)", calls.callId(i), calls.operator(i), calls.callee(i), calls.startedAt(i))
          .isEqualTo(ReasonCode.join(reference[i]));
      for (ReasonCode code : ReasonCode.values()) {
        if ((reference[i] & code.bit()) != 0) {
          counts[code.ordinal()]++;
        }
      }
    }
    // The generator must reach the rules it claims to test.
    for (ReasonCode code : ReasonCode.values()) {
      boolean possible = code != ReasonCode.FREQUENCY_CAP || profile.rules().frequencyCap() != null;
      possible &= code != ReasonCode.OUTSIDE_CALLING_HOURS || !profile.rules().callingHours().isUnrestricted();
      if (possible) {
        assertThat(counts[code.ordinal()]).as("calls with " + code).isPositive();
      }
    }
  }

  private static long[] numbers(String profile, int count, Random random) {
    long[] numbers = new long[count];
    for (int i = 0; i < count; i++) {
      numbers[i] = switch (profile) {
        case "IT" -> 393_300_000_000L + random.nextInt(9_999_999);
        case "FR" -> 33_612_000_000L + random.nextInt(999_999);
        case "UK" -> 447_700_900_000L + random.nextInt(99_999);
        case "US" -> i % 2 == 0 ? 1_213_555_0100L + random.nextInt(99) : 1_541_754_3000L + random.nextInt(99);
        default -> 1_416_555_0100L + random.nextInt(99);
      };
    }
    return numbers;
  }

  private static long pick(long[] values, Random random) {
    return values[random.nextInt(values.length)];
  }

  private static Instant randomTime(Random random) {
    return START.plusSeconds((long) (random.nextDouble() * SPAN_SECONDS));
  }

  private static int weighted(Random random, int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
