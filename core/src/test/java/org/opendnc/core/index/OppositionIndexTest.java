package org.opendnc.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

class OppositionIndexTest {

  private static final long MARIO = 393331234567L;
  private static final long LUCIA = 390612345678L;
  private static final String ACME = "ACME-ENERGIA";
  private static final String BETA = "BETA-TELCO";

  private final OppositionIndex index = OppositionIndex.empty();
  private long sequence;

  private void apply(long e164, EventType type, String operator) {
    index.apply(new RegisterEvent(
        ++sequence, e164, type, operator, Instant.parse("2025-03-01T10:00:00Z"), Channel.WEB,
        null));
  }

  @Test
  void emptyIndexOpposesNothing() {
    assertThat(index.version()).isZero();
    assertThat(index.registeredCount()).isZero();
    assertThat(index.isRegistered(MARIO)).isFalse();
    assertThat(index.isOpposedFor(MARIO, ACME)).isFalse();
    assertThat(index.allowedFor(ACME).isEmpty()).isTrue();
    assertThat(index.sizeInBytes()).isPositive();
  }

  @Test
  void registerOpposesForEveryOperator() {
    apply(MARIO, EventType.REGISTER, null);
    assertThat(index.isRegistered(MARIO)).isTrue();
    assertThat(index.isOpposedFor(MARIO, ACME)).isTrue();
    assertThat(index.isOpposedFor(MARIO, BETA)).isTrue();
    assertThat(index.isOpposedFor(LUCIA, ACME)).isFalse();
    assertThat(index.registeredCount()).isEqualTo(1);
    assertThat(index.version()).isEqualTo(1);
  }

  @Test
  void allowLiftsTheOppositionForThatOperatorOnly() {
    apply(MARIO, EventType.REGISTER, null);
    apply(MARIO, EventType.ALLOW, ACME);
    assertThat(index.isOpposedFor(MARIO, ACME)).isFalse();
    assertThat(index.isOpposedFor(MARIO, BETA)).isTrue();
    assertThat(index.allowedFor(ACME).contains(MARIO)).isTrue();
    assertThat(index.allowedFor(BETA).contains(MARIO)).isFalse();
  }

  @Test
  void disallowRestoresTheOpposition() {
    apply(MARIO, EventType.REGISTER, null);
    apply(MARIO, EventType.ALLOW, ACME);
    apply(MARIO, EventType.DISALLOW, ACME);
    assertThat(index.isOpposedFor(MARIO, ACME)).isTrue();
    assertThat(index.allowedFor(ACME).isEmpty()).isTrue();
    assertThat(index.operatorsWithAllowances()).isEmpty();
  }

  @Test
  void renewAndRegisterRevokeEarlierAllowances() {
    apply(MARIO, EventType.REGISTER, null);
    apply(MARIO, EventType.ALLOW, ACME);
    apply(MARIO, EventType.RENEW, null);
    assertThat(index.isOpposedFor(MARIO, ACME)).isTrue();
    apply(MARIO, EventType.ALLOW, BETA);
    apply(MARIO, EventType.REGISTER, null);
    assertThat(index.isOpposedFor(MARIO, BETA)).isTrue();
    assertThat(index.operatorsWithAllowances()).isEmpty();
  }

  @Test
  void cancelRemovesTheNumberAndItsAllowances() {
    apply(MARIO, EventType.REGISTER, null);
    apply(MARIO, EventType.ALLOW, ACME);
    apply(LUCIA, EventType.REGISTER, null);
    apply(LUCIA, EventType.ALLOW, ACME);
    apply(MARIO, EventType.CANCEL, null);
    assertThat(index.isRegistered(MARIO)).isFalse();
    assertThat(index.isOpposedFor(MARIO, ACME)).isFalse();
    assertThat(index.isOpposedFor(MARIO, BETA)).isFalse();
    assertThat(index.allowedFor(ACME).contains(MARIO)).isFalse();
    assertThat(index.allowedFor(ACME).contains(LUCIA)).isTrue();
    assertThat(index.registeredCount()).isEqualTo(1);
  }

  @Test
  void allowForAnUnregisteredNumberIsNotKeptAcrossALaterRegistration() {
    apply(MARIO, EventType.ALLOW, ACME);
    assertThat(index.isOpposedFor(MARIO, ACME)).isFalse();
    assertThat(index.allowedFor(ACME).isEmpty()).isTrue();
    apply(MARIO, EventType.REGISTER, null);
    assertThat(index.isOpposedFor(MARIO, ACME)).isTrue();
    assertThat(index.version()).isEqualTo(2);
  }

  @Test
  void cancelOfAnUnregisteredNumberAndDisallowWithoutAllowChangeNothing() {
    apply(MARIO, EventType.CANCEL, null);
    apply(MARIO, EventType.DISALLOW, ACME);
    assertThat(index.registeredCount()).isZero();
    assertThat(index.version()).isEqualTo(2);
  }

  @Test
  void rejectsEventsNotAfterTheVersion() {
    apply(MARIO, EventType.REGISTER, null);
    RegisterEvent again = new RegisterEvent(
        1, LUCIA, EventType.REGISTER, null, Instant.EPOCH, Channel.WEB, null);
    assertThatThrownBy(() -> index.apply(again))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event sequence 1 is not after the index version 1");
    RegisterEvent unsequenced = RegisterEvent.of(
        LUCIA, EventType.REGISTER, null, Instant.EPOCH, Channel.WEB, null);
    assertThatThrownBy(() -> index.apply(unsequenced))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never appended");
    assertThat(index.isRegistered(LUCIA)).isFalse();
    assertThat(index.version()).isEqualTo(1);
  }

  @Test
  void sequencesMayHaveGaps() {
    index.apply(new RegisterEvent(
        10, MARIO, EventType.REGISTER, null, Instant.EPOCH, Channel.PHONE, null));
    assertThat(index.version()).isEqualTo(10);
  }

  @Test
  void viewsAreReadOnlyAndCopiesIndependent() {
    apply(MARIO, EventType.REGISTER, null);
    apply(MARIO, EventType.ALLOW, ACME);
    assertThatThrownBy(() -> index.registered().add(LUCIA))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> index.allowedFor(ACME).remove(MARIO))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> index.allowedFor(BETA).add(MARIO))
        .isInstanceOf(UnsupportedOperationException.class);
    OppositionIndex copy = index.copy();
    apply(MARIO, EventType.CANCEL, null);
    assertThat(copy.isOpposedFor(MARIO, BETA)).isTrue();
    assertThat(copy.isOpposedFor(MARIO, ACME)).isFalse();
    assertThat(copy.version()).isEqualTo(2);
    assertThat(index.isRegistered(MARIO)).isFalse();
  }

  @Test
  void foldingManyChangesIntoANewTableKeepsEveryAnswerAndEarlierCopies() {
    // 1.2 M registrations pass the compaction threshold (2^20 changes), so the frozen table is
    // rebuilt from its changes at least once while the events are applied.
    java.util.SplittableRandom random = new java.util.SplittableRandom(21);
    java.util.Set<Long> expected = new java.util.HashSet<>();
    OppositionIndex index = OppositionIndex.empty();
    long sequence = 0;
    OppositionIndex early = null;
    for (int i = 0; i < 1_200_000; i++) {
      long number = 393_000_000_000L + random.nextLong(1_000_000_000L);
      index.apply(new RegisterEvent(++sequence, number, EventType.REGISTER, null, Instant.EPOCH, Channel.WEB, null));
      expected.add(number);
      if (i == 1000) {
        early = index.copy();
      }
    }
    long[] some = expected.stream().limit(5000).mapToLong(Long::longValue).toArray();
    for (int i = 0; i < some.length; i++) {
      EventType type = i % 2 == 0 ? EventType.CANCEL : EventType.ALLOW;
      index.apply(new RegisterEvent(++sequence, some[i], type, type == EventType.ALLOW ? ACME : null,
          Instant.EPOCH, Channel.WEB, null));
      if (type == EventType.CANCEL) {
        expected.remove(some[i]);
      }
    }
    assertThat(index.registeredCount()).isEqualTo(expected.size());
    assertThat(early.registeredCount()).isEqualTo(1001);
    IndexView.Lookup lookup = index.lookupFor(ACME);
    long[] probes = new long[20_000];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = i < some.length ? some[i] : 393_000_000_000L + random.nextLong(1_000_000_000L);
    }
    IndexView.State[] states = new IndexView.State[probes.length];
    lookup.statesOf(probes, probes.length, states);
    for (int i = 0; i < probes.length; i++) {
      boolean registered = expected.contains(probes[i]);
      assertThat(index.isRegistered(probes[i])).isEqualTo(registered);
      IndexView.State state = !registered ? IndexView.State.NOT_REGISTERED
          : i < some.length && i % 2 == 1 ? IndexView.State.ALLOWED : IndexView.State.OPPOSED;
      assertThat(states[i]).as("probe %d", probes[i]).isEqualTo(state);
      assertThat(lookup.stateOf(probes[i])).isEqualTo(state);
    }
    index.runOptimize();
    assertThat(index.registeredCount()).isEqualTo(expected.size());
    assertThat(index.registered().cardinality()).isEqualTo(expected.size());
  }
}
