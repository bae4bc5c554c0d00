package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.store.AuditEntry.ActorType;

/** The account, audit and statistics stores' contract, run against every database product. */
abstract class BaseAccountAndAuditStoreTest {

  static final Instant T0 = Instant.parse("2026-03-01T09:15:30.123456789Z");
  static final LocalDate DAY = LocalDate.parse("2026-03-01");

  RegisterStore store;

  /** Opens a store on an empty database of its own. */
  abstract RegisterStore openFreshStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openFreshStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Operator acme() {
    return new Operator("acme", "ACME Telemarketing", "standard", T0, false);
  }

  @Test
  void theMigrationSeedsPlansAndPlansCanBeSaved() {
    assertThat(store.accounts().plans()).extracting(Plan::name)
        .containsExactly("enterprise", "standard", "trial");
    store.accounts().savePlan(new Plan("standard", 5));
    store.accounts().savePlan(new Plan("tiny", 1));
    assertThat(store.accounts().plan("standard")).contains(new Plan("standard", 5));
    assertThat(store.accounts().plan("tiny")).contains(new Plan("tiny", 1));
    assertThat(store.accounts().plan("nope")).isEmpty();
  }

  @Test
  void operatorsRoundTripAndIdsAreUnique() {
    store.accounts().createOperator(acme());
    assertThat(store.accounts().operator("acme")).contains(acme());
    assertThatThrownBy(() -> store.accounts().createOperator(acme()))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.CONFLICT))
        .hasMessageContaining("Operator acme already exists");

    assertThat(store.accounts().updateOperator("acme", "trial", true)).isTrue();
    assertThat(store.accounts().operator("acme").orElseThrow())
        .extracting(Operator::plan, Operator::disabled).containsExactly("trial", true);
    assertThat(store.accounts().updateOperator("nobody", "trial", true)).isFalse();
    assertThat(store.accounts().operators()).extracting(Operator::id).containsExactly("acme");
  }

  @Test
  void apiKeysAreFoundByHashUntilRevoked() {
    store.accounts().createOperator(acme());
    ApiKey key = new ApiKey("k1", "acme", "odk_ab12", T0, null);
    store.accounts().createApiKey(key, "a".repeat(64));
    store.accounts().createApiKey(new ApiKey("k2", "acme", "odk_cd34", T0.plusSeconds(1), null),
        "b".repeat(64));

    assertThat(store.accounts().findActiveApiKey("a".repeat(64))).contains(key);
    assertThat(store.accounts().findActiveApiKey("c".repeat(64))).isEmpty();
    assertThatThrownBy(() -> store.accounts().createApiKey(
            new ApiKey("k3", "acme", "x", T0, null), "a".repeat(64)))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.CONFLICT));

    Instant revokedAt = T0.plusSeconds(60);
    assertThat(store.accounts().revokeApiKey("acme", "k1", revokedAt).orElseThrow().revokedAt())
        .isEqualTo(revokedAt);
    assertThat(store.accounts().revokeApiKey("acme", "k1", revokedAt.plusSeconds(5))
        .orElseThrow().revokedAt()).as("revoking twice keeps the first time").isEqualTo(revokedAt);
    assertThat(store.accounts().revokeApiKey("other", "k2", revokedAt)).isEmpty();
    assertThat(store.accounts().findActiveApiKey("a".repeat(64))).isEmpty();
    assertThat(store.accounts().apiKeys("acme")).extracting(ApiKey::id, ApiKey::active)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("k1", false),
            org.assertj.core.groups.Tuple.tuple("k2", true));
  }

  @Test
  void usersRoundTripAndPasswordsChange() {
    store.accounts().createOperator(acme());
    User admin = new User("admin", "$argon2id$hash", User.Role.ADMIN, null, true, T0);
    User clerk = new User("clerk", "$argon2id$other", User.Role.OPERATOR, "acme", false, T0);
    store.accounts().createUser(admin);
    store.accounts().createUser(clerk);
    assertThat(store.accounts().user("admin")).contains(admin);
    assertThat(store.accounts().user("clerk")).contains(clerk);
    assertThat(store.accounts().countUsers(User.Role.ADMIN)).isEqualTo(1);
    assertThatThrownBy(() -> store.accounts().createUser(admin))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.CONFLICT));

    assertThat(store.accounts().updatePassword("admin", "$argon2id$new", false)).isTrue();
    assertThat(store.accounts().user("admin").orElseThrow())
        .extracting(User::passwordHash, User::mustChangePassword)
        .containsExactly("$argon2id$new", false);
    assertThat(admin.toString()).doesNotContain("argon2");
  }

  private static AuditEntry check(String operator, long numbers, Long e164, Instant at) {
    return AuditEntry.of(at, ActorType.OPERATOR, operator, "CHECK_SINGLE", null, numbers, e164,
        AuditEntry.OK, "req-1", null);
  }

  @Test
  void auditEntriesAndUsageAreRecordedTogetherAndPagedNewestFirst() {
    store.accounts().createOperator(acme());
    List<AuditEntry> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(check("acme", 1, 393331234567L + i, T0.plusSeconds(i)));
    }
    store.audit().record(entries, List.of(new UsageDay("acme", DAY, 5, 5)));
    store.audit().record(
        List.of(AuditEntry.of(T0, ActorType.ADMIN, "admin", "OPERATOR_CREATED", "acme", 0, null,
            AuditEntry.OK, null, "plan standard")),
        List.of(new UsageDay("acme", DAY, 1, 250), new UsageDay("acme", DAY.plusDays(1), 1, 7)));

    List<AuditEntry> newest = store.audit().page(Long.MAX_VALUE, null, 2);
    assertThat(newest).extracting(AuditEntry::action).containsExactly("OPERATOR_CREATED", "CHECK_SINGLE");
    assertThat(newest.get(1).e164()).isEqualTo(393331234571L);
    assertThat(newest.get(1).at()).isEqualTo(T0.plusSeconds(4));
    List<AuditEntry> next = store.audit().page(newest.get(1).sequence(), "acme", 10);
    assertThat(next).hasSize(4).allSatisfy(e -> assertThat(e.actor()).isEqualTo("acme"));
    assertThat(next.get(0).sequence()).isLessThan(newest.get(1).sequence());

    assertThat(store.audit().usage("acme", DAY, DAY.plusDays(2)))
        .containsExactly(new UsageDay("acme", DAY, 6, 255), new UsageDay("acme", DAY.plusDays(1), 1, 7));
    assertThat(store.audit().numbersChecked("acme", DAY, DAY.plusDays(1))).isEqualTo(255);
    assertThat(store.audit().numbersChecked("acme", DAY.minusYears(1), DAY)).isZero();
  }

  @Test
  void aFailedRecordStoresNothing() {
    List<AuditEntry> entries = List.of(check("acme", 1, null, T0));
    UsageDay negativeLooking = new UsageDay("acme", DAY, 1, 1);
    // A time outside the storable range makes the whole record fail before anything is written.
    List<AuditEntry> bad = List.of(check("acme", 1, null, Instant.parse("2300-01-01T00:00:00Z")));
    assertThatThrownBy(() -> store.audit().record(bad, List.of(negativeLooking)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.audit().page(Long.MAX_VALUE, null, 10)).isEmpty();
    store.audit().record(entries, List.of());
    assertThat(store.audit().page(Long.MAX_VALUE, null, 10)).hasSize(1);
    assertThat(store.audit().usage("acme", DAY, DAY.plusDays(1))).isEmpty();
  }

  @Test
  void regulatorAccountsBelongToNoOperatorAndTheirActionsAreAuditedAsRegulator() {
    store.accounts().createUser(new User("garante", "$argon2id$hash", User.Role.REGULATOR, null,
        true, T0));
    assertThat(store.accounts().user("garante")).hasValueSatisfying(user -> {
      assertThat(user.role()).isEqualTo(User.Role.REGULATOR);
      assertThat(user.operator()).isNull();
    });
    assertThat(store.accounts().countUsers(User.Role.REGULATOR)).isEqualTo(1);
    assertThatThrownBy(() -> new User("x", "h", User.Role.REGULATOR, "acme", true, T0))
        .isInstanceOf(IllegalArgumentException.class);
    store.audit().record(List.of(AuditEntry.of(T0, ActorType.REGULATOR, "garante",
        "AUDIT_FILE_DOWNLOADED", "job-1", 0, null, AuditEntry.OK, "req-1", "report.pdf")),
        List.of());
    assertThat(store.audit().page(Long.MAX_VALUE, "garante", 10)).singleElement()
        .satisfies(entry -> {
          assertThat(entry.actorType()).isEqualTo(ActorType.REGULATOR);
          assertThat(entry.detail()).isEqualTo("report.pdf");
        });
  }

  @Test
  void theAuditLogRefusesUpdateAndDelete() throws SQLException {
    store.audit().record(List.of(check("acme", 1, null, T0)), List.of());
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute("UPDATE audit_log SET actor = 'someone else'"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.execute("DELETE FROM audit_log"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }
    assertThat(store.audit().page(Long.MAX_VALUE, null, 10)).extracting(AuditEntry::actor)
        .containsExactly("acme");
  }

  @Test
  void statisticsCountEventsPerHourAndUsagePerDay() {
    Instant hour = Instant.parse("2026-03-01T10:00:00Z");
    store.events().append(List.of(
        RegisterEvent.of(393330000001L, EventType.REGISTER, null, hour.plusSeconds(5), Channel.WEB, null),
        RegisterEvent.of(393330000002L, EventType.REGISTER, null, hour.plusSeconds(6), Channel.WEB, null),
        RegisterEvent.of(393330000003L, EventType.REGISTER, null, hour.plusSeconds(3600), Channel.PHONE, null),
        RegisterEvent.of(393330000004L, EventType.REGISTER, null, hour.minusSeconds(1), Channel.PHONE, null)));
    assertThat(store.statistics().eventsPerHour(hour, hour.plusSeconds(7200))).containsExactly(
        new Statistics.EventCount(hour, EventType.REGISTER, Channel.WEB, 2),
        new Statistics.EventCount(hour.plusSeconds(3600), EventType.REGISTER, Channel.PHONE, 1));

    store.accounts().createOperator(acme());
    store.accounts().createOperator(new Operator("beta", "Beta", "trial", T0, false));
    store.audit().record(List.of(), List.of(
        new UsageDay("acme", DAY, 2, 100), new UsageDay("beta", DAY, 1, 300),
        new UsageDay("acme", DAY.plusDays(1), 1, 1)));
    assertThat(store.statistics().checksPerDay(DAY, DAY.plusDays(7))).containsExactly(
        new UsageDay(null, DAY, 3, 400), new UsageDay(null, DAY.plusDays(1), 1, 1));
    assertThat(store.statistics().topOperators(DAY, DAY.plusDays(7), 10)).containsExactly(
        new Statistics.OperatorUsage("beta", 1, 300), new Statistics.OperatorUsage("acme", 3, 101));
  }

  @Test
  void receiptsAreListedNewestFirstWithoutTheirSets() {
    for (int i = 0; i < 3; i++) {
      Receipt receipt = BaseRegisterStoreTest.receipt("r-" + i, "acme", T0.plusSeconds(i));
      store.receipts().save(receipt, "{}", new byte[] {1});
    }
    store.receipts().save(BaseRegisterStoreTest.receipt("r-other", "beta", T0), "{}", new byte[0]);
    assertThat(store.receipts().listForOperator("acme", T0.plusSeconds(60), 2))
        .extracting(Receipt::id).containsExactly("r-2", "r-1");
    assertThat(store.receipts().listForOperator("acme", T0.plusSeconds(1), 10))
        .containsExactly(BaseRegisterStoreTest.receipt("r-0", "acme", T0)); // every signed field
  }

  @Test
  void callsAreRecordedInBatchesAndARetriedReportFindsTheFirst() {
    CitizenStore citizens = store.citizens();
    CitizenStore.IvrCall first = new CitizenStore.IvrCall(
        "c-1", "+393331234567", "+39800000100", T0, T0, "RECEIVED", null, 0);
    CitizenStore.IvrCall other = new CitizenStore.IvrCall(
        "c-2", "+393339999999", "+39800000100", T0, T0, "RECEIVED", null, 0);
    CitizenStore.IvrCall retryInSameBatch = new CitizenStore.IvrCall(
        "c-3", "+393331234567", "+39800000100", T0, T0.plusSeconds(1), "RECEIVED", null, 0);
    assertThat(citizens.recordCalls(List.of(first, other, retryInSameBatch)))
        .extracting(CitizenStore.IvrCall::id).containsExactly("c-1", "c-2", "c-1");

    citizens.updateCalls(List.of(
        new CitizenStore.CallOutcome("c-1", "REGISTERED", null, 42),
        new CitizenStore.CallOutcome("c-2", "NO_MATCH", null, 0)));
    CitizenStore.IvrCall laterRetry = new CitizenStore.IvrCall(
        "c-4", "+393331234567", "+39800000100", T0, T0.plusSeconds(9), "RECEIVED", null, 0);
    assertThat(citizens.recordCall(laterRetry)).satisfies(stored -> {
      assertThat(stored.id()).isEqualTo("c-1");
      assertThat(stored.outcome()).isEqualTo("REGISTERED");
      assertThat(stored.sequence()).isEqualTo(42);
    });
    assertThat(citizens.recordCalls(List.of())).isEmpty();
  }

  @Test
  void unflushedRecordsAreStoredAndLeaveEveryConnectionFullyDurable() throws SQLException {
    store.accounts().createOperator(acme());
    String before;
    try (Connection connection = store.dataSource().getConnection()) {
      before = durability(connection);
      if (connection.getMetaData().getDatabaseProductName().equals("SQLite")) {
        assertThat(before).as("SQLite commits with synchronous=FULL").isEqualTo("2");
      }
    }
    for (int i = 0; i < 6; i++) {
      store.audit().recordUnflushed(List.of(AuditEntry.of(T0.plusSeconds(i), ActorType.OPERATOR,
          "acme", "CHECK_SINGLE", null, 1, 393331234567L + i, AuditEntry.OK, "r" + i, null)),
          List.of(new UsageDay("acme", DAY, 1, 1)));
    }
    store.audit().record(List.of(), List.of(new UsageDay("acme", DAY, 1, 1)));
    assertThat(store.audit().page(Long.MAX_VALUE, "acme", 10)).hasSize(6);
    assertThat(store.audit().numbersChecked("acme", DAY, DAY.plusDays(1))).isEqualTo(7);
    // The pool's connections (SQLite keeps 4) are left as they were: SQLite's FULL; the
    // PostgreSQL server's default (the embedded test server's is off).
    List<Connection> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        held.add(store.dataSource().getConnection());
      }
      for (Connection connection : held) {
        assertThat(durability(connection)).isEqualTo(before);
      }
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }
  }

  private static String durability(Connection connection) throws SQLException {
    boolean sqlite = connection.getMetaData().getDatabaseProductName().equals("SQLite");
    try (Statement statement = connection.createStatement();
        var result = statement.executeQuery(sqlite ? "PRAGMA synchronous" : "SHOW synchronous_commit")) {
      result.next();
      return result.getString(1);
    }
  }
}
