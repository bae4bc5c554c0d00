package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendnc.store.OperatorListStore.CallingNumber;
import org.opendnc.store.OperatorListStore.DoNotContactEntry;

/** Calling numbers, do-not-contact lists and complaints, run on every database by a subclass. */
abstract class BaseOperatorListAndComplaintStoreTest {

  static final Instant T0 = Instant.parse("2026-01-10T09:00:00.123456789Z");

  RegisterStore store;

  abstract RegisterStore openFreshStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openFreshStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aCallingNumberIsDeclaredOnceAndWithdrawnAsAnInterval() {
    OperatorListStore lists = store.operatorLists();
    assertThat(lists.declareCallingNumber("acme", 390612345678L, T0)).isTrue();
    assertThat(lists.declareCallingNumber("acme", 390612345678L, T0.plusSeconds(60))).as("idempotent").isFalse();
    assertThat(lists.declareCallingNumber("other", 390612345678L, T0)).isTrue();
    assertThat(lists.withdrawCallingNumber("acme", 390612345678L, T0.plusSeconds(3600))).isTrue();
    assertThat(lists.withdrawCallingNumber("acme", 390612345678L, T0.plusSeconds(7200))).isFalse();
    assertThat(lists.declareCallingNumber("acme", 390612345678L, T0.plusSeconds(86_400))).isTrue();

    List<CallingNumber> acme = lists.callingNumbers("acme");
    assertThat(acme).containsExactly(
        new CallingNumber("acme", 390612345678L, T0, T0.plusSeconds(3600)),
        new CallingNumber("acme", 390612345678L, T0.plusSeconds(86_400), null));
    assertThat(acme.get(0).inForceAt(T0.plusSeconds(3599))).isTrue();
    assertThat(acme.get(0).inForceAt(T0.plusSeconds(3600))).isFalse();
    List<CallingNumber> all = new ArrayList<>();
    lists.forEachCallingNumber(all::add);
    assertThat(all).hasSize(3);
  }

  @Test
  void doNotContactEntriesKeepTheirDatesAndAReImportAddsNothing() {
    OperatorListStore lists = store.operatorLists();
    List<DoNotContactEntry> entries = List.of(
        new DoNotContactEntry("acme", 393331234567L, T0, T0.minusSeconds(86_400), "dnc.csv:2"),
        new DoNotContactEntry("acme", 393331234568L, T0, null, "dnc.csv:3"),
        new DoNotContactEntry("other", 393331234567L, T0, null, null));
    assertThat(lists.addDoNotContact(entries)).isEqualTo(3);
    assertThat(lists.addDoNotContact(entries)).isZero();
    assertThat(lists.countDoNotContact("acme")).isEqualTo(2);
    List<DoNotContactEntry> read = new ArrayList<>();
    lists.forEachDoNotContact(read::add);
    assertThat(read).containsExactlyInAnyOrderElementsOf(entries);
    assertThat(entries.get(0).blockedFrom()).isEqualTo(T0.minusSeconds(86_400));
  }

  @Test
  void complaintsAreStoredOnceByIdAndReadBackByTime() {
    Complaint late = new Complaint("b", "FTC", "2025550100", 12025550100L, 0, "202", T0.plusSeconds(60),
        T0.plusSeconds(120), null, "Imposters", "Y", "Washington", "DC", null, "ftc.csv", 3);
    Complaint early = new Complaint("a", "NATIVE", "+39 06 1234 5678", 390612345678L, 393331234567L, null,
        T0, null, "Luce Srl", "energy contract", null, null, null, "called twice", "mine.csv", 2);
    assertThat(store.complaints().add(List.of(late, early))).isEqualTo(2);
    assertThat(store.complaints().add(List.of(early))).isZero();
    assertThat(store.complaints().count()).isEqualTo(2);
    List<Complaint> read = new ArrayList<>();
    store.complaints().forEach(read::add);
    assertThat(read).containsExactly(early, late);
  }
}
