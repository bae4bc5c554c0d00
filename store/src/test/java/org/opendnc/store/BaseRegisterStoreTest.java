package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.store.ReceiptStore.StoredReceipt;

/** The store's contract, run against every database product by a subclass. */
abstract class BaseRegisterStoreTest {

  static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123456789Z");

  RegisterStore store;

  /** Gives the next {@link #openStore()} an empty database of its own. */
  abstract void createFreshDatabase() throws Exception;

  /** Opens the store on this test's database; each call opens it anew (same data). */
  abstract RegisterStore openStore();

  @BeforeEach
  void openFreshStore() throws Exception {
    createFreshDatabase();
    store = openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static RegisterEvent register(long e164, Instant at) {
    return RegisterEvent.of(e164, EventType.REGISTER, null, at, Channel.WEB, "call-back " + e164);
  }

  static List<RegisterEvent> registrations(long firstE164, int count) {
    List<RegisterEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(register(firstE164 + i, T0.plusSeconds(i)));
    }
    return events;
  }

  static List<RegisterEvent> replayAll(EventLog log, long afterSequence) {
    List<RegisterEvent> events = new ArrayList<>();
    log.replay(afterSequence, events::add);
    return events;
  }

  @Test
  void emptyLogHasNothing() {
    EventLog log = store.events();
    assertThat(log.latestSequence()).isZero();
    assertThat(log.count()).isZero();
    assertThat(replayAll(log, 0)).isEmpty();
    assertThat(log.history(393331234567L)).isEmpty();
    assertThat(log.append(List.of())).isEmpty();
    assertThat(log.latestSequence()).isZero();
  }

  @Test
  void appendAssignsGapFreeIncreasingSequencesInListOrder() {
    EventLog log = store.events();
    List<RegisterEvent> first = registrations(393330000000L, 3);
    List<RegisterEvent> second = registrations(393340000000L, 2);

    List<RegisterEvent> appendedFirst = log.append(first);
    List<RegisterEvent> appendedSecond = log.append(second);

    assertThat(appendedFirst).extracting(RegisterEvent::sequence).containsExactly(1L, 2L, 3L);
    assertThat(appendedSecond).extracting(RegisterEvent::sequence).containsExactly(4L, 5L);
    for (int i = 0; i < first.size(); i++) {
      assertThat(appendedFirst.get(i)).isEqualTo(first.get(i).withSequence(i + 1));
    }
    assertThat(log.latestSequence()).isEqualTo(5);
    assertThat(log.count()).isEqualTo(5);
  }

  @Test
  void appendRefusesSequencedEventsAndStoresNothing() {
    EventLog log = store.events();
    List<RegisterEvent> events = new ArrayList<>(registrations(393330000000L, 2));
    events.add(register(393339999999L, T0).withSequence(7));

    assertThatThrownBy(() -> log.append(events))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has sequence 7");
    assertThat(log.count()).isZero();
  }

  @Test
  void appendRefusesTimesOutsideTheStorableRange() {
    EventLog log = store.events();
    List<RegisterEvent> events = List.of(register(393330000000L, Instant.parse("2300-01-01T00:00:00Z")));

    assertThatThrownBy(() -> log.append(events))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the storable range");
    assertThat(log.count()).isZero();
  }

  @Test
  void everyFieldRoundTripsExactly() {
    EventLog log = store.events();
    List<RegisterEvent> events = new ArrayList<>();
    long number = 393331234567L;
    Instant at = T0;
    for (EventType type : EventType.values()) {
      for (Channel channel : Channel.values()) {
        String operator = type.namesOperator() ? "Acme Energia S.p.A.\t\"€\" \\ ü" : null;
        at = at.plusNanos(1_000_000_001L);
        events.add(RegisterEvent.of(number, type, operator, at, channel, null));
      }
    }
    events.add(RegisterEvent.of(
        number, EventType.REGISTER, null, Instant.parse("1970-01-01T00:00:00Z"), Channel.EMAIL,
        "line 1\nline 2\r\n\ttab \\N backslash-N, 日本, 🙂"));
    events.add(RegisterEvent.of(
        390612345678L, EventType.CANCEL, null, Instant.parse("1969-12-31T23:59:59.999999999Z"),
        Channel.PHONE, ""));

    List<RegisterEvent> appended = log.append(events);

    assertThat(replayAll(log, 0)).containsExactlyElementsOf(appended);
    assertThat(log.history(number)).containsExactlyElementsOf(appended.subList(0, events.size() - 1));
    assertThat(log.history(390612345678L)).containsExactly(appended.getLast());
  }

  @Test
  void bulkAppendsRoundTripWhetherEventsShareTypeAndEvidenceOrNot() {
    EventLog log = store.events();
    Random random = new Random(11);
    List<RegisterEvent> unsorted = new ArrayList<>();
    List<RegisterEvent> sorted = new ArrayList<>();
    List<RegisterEvent> mixed = new ArrayList<>();
    // 2,000 rows: 15 statements of 128 rows and a tail of 80; unsorted, so the store orders them.
    for (int i = 0; i < 2_000; i++) {
      long e164 = 393_300_000_000L + random.nextInt(100_000_000);
      unsorted.add(RegisterEvent.of(e164, EventType.REGISTER, null, T0.plusNanos(i), Channel.IMPORT, "import:a.csv"));
      sorted.add(RegisterEvent.of(393_400_000_000L + 7L * i, EventType.REGISTER, null, T0, Channel.WEB, "import:b.csv"));
    }
    // 300 rows with differing types, operators and evidence: every column bound per row.
    for (int i = 0; i < 300; i++) {
      EventType type = EventType.values()[i % EventType.values().length];
      mixed.add(RegisterEvent.of(393_500_000_000L + i % 40, type, type.namesOperator() ? "op-" + i % 3 : null,
          T0.minusSeconds(i), Channel.values()[i % Channel.values().length], i % 2 == 0 ? null : "evidence " + i));
    }

    List<RegisterEvent> appended = new ArrayList<>();
    appended.addAll(log.append(unsorted));
    appended.addAll(log.append(sorted));
    appended.addAll(log.append(mixed));

    assertThat(appended).extracting(RegisterEvent::sequence).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 4_300).boxed().toList());
    for (int i = 0; i < 2_000; i++) {
      assertThat(appended.get(i)).isEqualTo(unsorted.get(i).withSequence(i + 1));
    }
    assertThat(replayAll(log, 0)).containsExactlyElementsOf(appended);
    assertThat(log.history(393_500_000_007L))
        .containsExactlyElementsOf(appended.stream().filter(e -> e.e164() == 393_500_000_007L).toList());
  }

  @Test
  void replayStreamsEventsAfterTheGivenSequenceInAscendingOrder() {
    EventLog log = store.events();
    List<RegisterEvent> appended = new ArrayList<>();
    appended.addAll(log.append(registrations(393330000000L, 400)));
    appended.addAll(log.append(registrations(393340000000L, 350)));
    appended.addAll(log.append(registrations(393350000000L, 250)));

    assertThat(replayAll(log, 0)).containsExactlyElementsOf(appended);
    assertThat(replayAll(log, 600)).containsExactlyElementsOf(appended.subList(600, 1000));
    assertThat(replayAll(log, 999)).containsExactly(appended.get(999));
    assertThat(replayAll(log, 1000)).isEmpty();
    assertThat(replayAll(log, 5000)).isEmpty();
  }

  @Test
  void scanGivesTheValuesOfARangeOfSequences() {
    EventLog log = store.events();
    List<RegisterEvent> appended = new ArrayList<>(log.append(registrations(393330000000L, 300)));
    appended.addAll(log.append(List.of(RegisterEvent.of(393330000005L, EventType.ALLOW, "acme",
        T0.plusSeconds(900), Channel.WEB, "allow"))));
    List<RegisterEvent> scanned = new ArrayList<>();
    EventLog.EventValues collect = (sequence, e164, type, operator, at) ->
        scanned.add(new RegisterEvent(sequence, e164, type, operator, EpochNanos.toInstant(at), Channel.WEB, null));
    log.scan(100, 301, collect);
    log.scan(0, 100, collect);

    assertThat(scanned).hasSize(301);
    assertThat(scanned.subList(0, 201)).extracting(RegisterEvent::sequence, RegisterEvent::e164, RegisterEvent::type,
            RegisterEvent::operator, RegisterEvent::at)
        .containsExactlyElementsOf(appended.subList(100, 301).stream().map(e -> org.assertj.core.groups.Tuple.tuple(
            e.sequence(), e.e164(), e.type(), e.operator(), e.at())).toList());
    assertThat(scanned.get(201).sequence()).isEqualTo(1);
  }

  @Test
  void replayPropagatesTheSinksExceptionAndLeavesTheStoreUsable() {
    EventLog log = store.events();
    log.append(registrations(393330000000L, 10));
    List<RegisterEvent> seen = new ArrayList<>();

    assertThatThrownBy(() -> log.replay(0, event -> {
          seen.add(event);
          if (seen.size() == 3) {
            throw new IllegalStateException("index full");
          }
        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("index full");
    log.append(registrations(393340000000L, 1));
    assertThat(log.count()).isEqualTo(11);
  }

  @Test
  void historyListsOneNumbersEventsInSequenceOrder() {
    EventLog log = store.events();
    long number = 393471112222L;
    Random random = new Random(42);
    List<RegisterEvent> expected = new ArrayList<>();
    for (int batch = 0; batch < 5; batch++) {
      List<RegisterEvent> events = registrations(393300000000L + random.nextInt(1_000_000), 50);
      events.add(random.nextInt(events.size()),
          RegisterEvent.of(number, EventType.ALLOW, "operator-" + batch, T0, Channel.WEB, null));
      for (RegisterEvent event : log.append(events)) {
        if (event.e164() == number) {
          expected.add(event);
        }
      }
    }

    List<RegisterEvent> history = log.history(number);

    assertThat(history).hasSize(5).containsExactlyElementsOf(expected);
    assertThat(history).extracting(RegisterEvent::sequence).isSorted();
    assertThat(log.history(number + 1)).isEmpty();
  }

  @Test
  void concurrentAppendsGetDistinctContiguousSequences() throws Exception {
    EventLog log = store.events();
    int threads = 4;
    int appendsPerThread = 15;
    int eventsPerAppend = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long base = 393300000000L + t * 1_000_000L;
      results.add(pool.submit(() -> {
        List<Long> sequences = new ArrayList<>();
        for (int a = 0; a < appendsPerThread; a++) {
          List<RegisterEvent> appended = log.append(registrations(base + a * 100L, eventsPerAppend));
          long first = appended.getFirst().sequence();
          for (int i = 0; i < appended.size(); i++) {
            assertThat(appended.get(i).sequence()).isEqualTo(first + i);
            sequences.add(appended.get(i).sequence());
          }
        }
        return sequences;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> result : results) {
      all.addAll(result.get());
    }
    pool.shutdown();

    int total = threads * appendsPerThread * eventsPerAppend;
    Collections.sort(all);
    List<Long> expected = new ArrayList<>();
    for (long s = 1; s <= total; s++) {
      expected.add(s);
    }
    assertThat(all).isEqualTo(expected);
    assertThat(log.count()).isEqualTo(total);
    assertThat(replayAll(log, 0)).extracting(RegisterEvent::sequence).containsExactlyElementsOf(expected);
  }

  @Test
  void theLogRefusesUpdateAndDelete() throws SQLException {
    List<RegisterEvent> appended = store.events().append(registrations(393330000000L, 3));

    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate(
              "UPDATE register_events SET e164 = 393339999999 WHERE seq = 2"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM register_events WHERE seq = 3"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM register_events"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }

    assertThat(replayAll(store.events(), 0)).containsExactlyElementsOf(appended);
  }

  static Receipt receipt(String id, String operator, Instant checkedAt) {
    return new Receipt(
        id, operator, "IT", checkedAt, 1234, "a".repeat(64), "b".repeat(64), "d".repeat(64),
        new Receipt.Counts(1000, 900, 90, 10), checkedAt.plusSeconds(15 * 86_400), "key-2025",
        "c2lnbmF0dXJl");
  }

  @Test
  void receiptRoundTripsWithALargeCallableSet() {
    Receipt receipt = receipt("6f1c1e1e-0000-4000-8000-000000000001", "acme", T0);
    byte[] callableSet = new byte[1 << 20];
    new Random(7).nextBytes(callableSet);
    String signedJson = "{\"id\":\"6f1c1e1e-0000-4000-8000-000000000001\",\"note\":\"è\"}";

    store.receipts().save(receipt, signedJson, callableSet);
    StoredReceipt stored = store.receipts().find(receipt.id()).orElseThrow();

    assertThat(stored.receipt()).isEqualTo(receipt);
    assertThat(stored.signedJson()).isEqualTo(signedJson);
    assertThat(stored.callableSet()).isEqualTo(callableSet);
    assertThat(store.receipts().find("no-such-receipt")).isEmpty();
  }

  @Test
  void unsignedReceiptRoundTripsWithNulls() {
    Receipt receipt = new Receipt("r-unsigned", "acme", "IT", T0, 0, "a".repeat(64), "b".repeat(64),
        new Receipt.Counts(0, 0, 0, 0), T0, null, null);

    store.receipts().save(receipt, "{}", new byte[0]);

    StoredReceipt stored = store.receipts().find("r-unsigned").orElseThrow();
    assertThat(stored.receipt()).isEqualTo(receipt);
    assertThat(stored.callableSet()).isEmpty();
  }

  @Test
  void savingAReceiptIdTwiceIsAConflict() {
    Receipt receipt = receipt("r-1", "acme", T0);
    store.receipts().save(receipt, "{\"v\":1}", new byte[] {1});

    assertThatThrownBy(() -> store.receipts().save(receipt, "{\"v\":2}", new byte[] {2}))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.CONFLICT))
        .hasMessageContaining("r-1 is already stored");
    assertThat(store.receipts().find("r-1").orElseThrow().signedJson()).isEqualTo("{\"v\":1}");
  }

  @Test
  void findForOperatorReturnsItsReceiptsInTheRangeByCheckTime() {
    ReceiptStore receipts = store.receipts();
    receipts.save(receipt("r-3", "acme", T0.plusSeconds(300)), "{}", new byte[] {3});
    receipts.save(receipt("r-1", "acme", T0.plusSeconds(100)), "{}", new byte[] {1});
    receipts.save(receipt("r-2", "acme", T0.plusSeconds(200)), "{}", new byte[] {2});
    receipts.save(receipt("r-4", "acme", T0.plusSeconds(400)), "{}", new byte[] {4});
    receipts.save(receipt("o-1", "other", T0.plusSeconds(200)), "{}", new byte[] {9});

    List<StoredReceipt> found = receipts.findForOperator("acme", T0.plusSeconds(100), T0.plusSeconds(400));

    assertThat(found).extracting(r -> r.receipt().id()).containsExactly("r-1", "r-2", "r-3");
    assertThat(found.get(1).callableSet()).containsExactly(2);
    assertThat(receipts.findForOperator("nobody", T0, T0.plusSeconds(1000))).isEmpty();
  }

  @Test
  void storedReceiptsRefuseUpdate() throws SQLException {
    store.receipts().save(receipt("r-1", "acme", T0), "{}", new byte[] {1});

    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate("UPDATE receipts SET operator = 'x'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("immutable");
    }
    assertThat(store.receipts().find("r-1").orElseThrow().receipt().operator()).isEqualTo("acme");
  }

  @Test
  void everythingSurvivesCloseAndReopen() {
    List<RegisterEvent> appended = store.events().append(registrations(393330000000L, 100));
    byte[] callableSet = {4, 2};
    store.receipts().save(receipt("r-1", "acme", T0), "{\"signed\":true}", callableSet);
    store.close();

    store = openStore();

    assertThat(store.events().latestSequence()).isEqualTo(100);
    assertThat(replayAll(store.events(), 0)).containsExactlyElementsOf(appended);
    assertThat(store.receipts().find("r-1").orElseThrow().callableSet()).isEqualTo(callableSet);
    assertThat(store.events().append(registrations(393340000000L, 1)).getFirst().sequence())
        .isEqualTo(101);
  }

  @Test
  void reopeningAMigratedDatabaseKeepsItsSchema() {
    store.events().append(registrations(393330000000L, 1));
    try (RegisterStore second = openStore()) {
      assertThat(second.events().count()).isEqualTo(1);
    }
  }
}
