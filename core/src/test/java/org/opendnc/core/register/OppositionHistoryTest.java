package org.opendnc.core.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OppositionHistoryTest {

  private static final long NUMBER = 393331234567L;
  private static final Instant DAY_1 = Instant.parse("2025-01-01T10:00:00Z");
  private static final Instant DAY_2 = Instant.parse("2025-01-02T10:00:00Z");
  private static final Instant DAY_3 = Instant.parse("2025-01-03T10:00:00Z");
  private static final Instant DAY_4 = Instant.parse("2025-01-04T10:00:00Z");
  private static final Instant DAY_5 = Instant.parse("2025-01-05T10:00:00Z");

  private final List<RegisterEvent> history = new ArrayList<>();

  private void add(EventType type, String operator, Instant at) {
    history.add(new RegisterEvent(
        history.size() + 1, NUMBER, type, operator, at, Channel.WEB, null));
  }

  private boolean opposed(String operator, Instant t) {
    return OppositionHistory.isOpposed(history, operator, t);
  }

  @Test
  void emptyHistoryIsNeverOpposed() {
    assertThat(opposed("ACME", DAY_1)).isFalse();
  }

  @Test
  void registrationCountsFromItsInstantOn() {
    add(EventType.REGISTER, null, DAY_2);
    assertThat(opposed("ACME", DAY_1)).isFalse();
    assertThat(opposed("ACME", DAY_2)).isTrue();
    assertThat(opposed("ACME", DAY_3)).isTrue();
  }

  @Test
  void allowHoldsUntilDisallow() {
    add(EventType.REGISTER, null, DAY_1);
    add(EventType.ALLOW, "ACME", DAY_2);
    add(EventType.DISALLOW, "ACME", DAY_4);
    assertThat(opposed("ACME", DAY_1)).isTrue();
    assertThat(opposed("ACME", DAY_2)).isFalse();
    assertThat(opposed("ACME", DAY_3)).isFalse();
    assertThat(opposed("BETA", DAY_3)).isTrue();
    assertThat(opposed("ACME", DAY_4)).isTrue();
  }

  @Test
  void renewRevokesEarlierAllowsButNotLaterOnes() {
    add(EventType.REGISTER, null, DAY_1);
    add(EventType.ALLOW, "ACME", DAY_2);
    add(EventType.RENEW, null, DAY_3);
    add(EventType.ALLOW, "ACME", DAY_4);
    assertThat(opposed("ACME", DAY_2)).isFalse();
    assertThat(opposed("ACME", DAY_3)).isTrue();
    assertThat(opposed("ACME", DAY_4)).isFalse();
  }

  @Test
  void cancelEndsTheOppositionAndReRegistrationDropsOldAllows() {
    add(EventType.REGISTER, null, DAY_1);
    add(EventType.ALLOW, "ACME", DAY_1);
    add(EventType.CANCEL, null, DAY_2);
    add(EventType.ALLOW, "BETA", DAY_3);
    add(EventType.REGISTER, null, DAY_4);
    assertThat(opposed("ACME", DAY_1)).isFalse();
    assertThat(opposed("BETA", DAY_1)).isTrue();
    assertThat(opposed("BETA", DAY_2)).isFalse();
    assertThat(opposed("BETA", DAY_3)).isFalse();
    assertThat(opposed("ACME", DAY_5)).isTrue();
    assertThat(opposed("BETA", DAY_5)).isTrue();
  }

  @Test
  void eventsAfterTAreIgnoredEvenIfLoggedEarlier() {
    add(EventType.REGISTER, null, DAY_1);
    add(EventType.CANCEL, null, DAY_4); // logged before the ALLOW but effective later
    add(EventType.ALLOW, "ACME", DAY_2);
    assertThat(opposed("ACME", DAY_3)).isFalse();
    assertThat(opposed("BETA", DAY_3)).isTrue();
    assertThat(opposed("BETA", DAY_5)).isFalse();
  }

  @Test
  void rejectsMixedNumbersAndUnorderedSequences() {
    add(EventType.REGISTER, null, DAY_1);
    List<RegisterEvent> mixed = new ArrayList<>(history);
    mixed.add(new RegisterEvent(9, 12025550123L, EventType.CANCEL, null, DAY_2, Channel.WEB, null));
    assertThatThrownBy(() -> OppositionHistory.isOpposed(mixed, "ACME", DAY_3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("several numbers");
    List<RegisterEvent> unordered = new ArrayList<>(history);
    unordered.add(history.get(0));
    assertThatThrownBy(() -> OppositionHistory.isOpposed(unordered, "ACME", DAY_3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ascending sequence");
  }
}
