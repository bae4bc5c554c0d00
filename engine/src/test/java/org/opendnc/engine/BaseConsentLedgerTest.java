package org.opendnc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.check.Reason;
import org.opendnc.core.check.Verdict;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.consent.ConsentLedger;
import org.opendnc.engine.consent.LedgerRecordRejected;
import org.opendnc.engine.consent.LedgerStoreAudit;
import org.opendnc.ledger.Checkpoint;
import org.opendnc.ledger.ProofVerifier;
import org.opendnc.ledger.Rfc6962;
import org.opendnc.ledger.TlogProof;
import org.opendnc.core.error.DncException;
import org.opendnc.ledger.NoteVerifier;
import org.opendnc.store.Operator;
import org.opendnc.store.RegisterStore;

/** The consent ledger's journeys, written once and run on SQLite and on PostgreSQL. */
abstract class BaseConsentLedgerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long MARIO = 393331234567L;
  static final long LUIGI = 393337654321L;
  static final long PEACH = 393471112222L;

  @TempDir Path dir;

  abstract RegisterConfig config(Path dataDir);

  /** SQL that removes the append-only triggers of ledger_records and ledger_entries. */
  abstract List<String> dropTriggers();

  abstract Connection connect(Path dataDir) throws SQLException;

  /** SQL that makes the database refuse the log's writes (as a full disk would), then allows them. */
  abstract List<String> holdLedgerEntries();

  abstract List<String> releaseLedgerEntries();

  Register open() {
    return Register.open(config(dir.resolve("data")), line -> {});
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Instant ago(Duration duration) {
    return Instant.now().minus(duration);
  }

  static String consent(long number, Instant givenAt, String... recipients) {
    StringBuilder names = new StringBuilder();
    for (String recipient : recipients) {
      names.append(names.isEmpty() ? "" : ",").append('"').append(recipient).append('"');
    }
    return """
        {"number": "+%d", "controller": "Acme Energia S.p.A.", "purposes": ["telemarketing"],
         "notice": {"version": "2026-03", "sha256": "%s"},
         "collection_method": "web_form", "given_at": "%s",
         "evidence": {"ip": "203.0.113.7", "timestamp": "%s", "confirmation_message_id": "msg-1"},
         "recipients": [%s]}
        """.formatted(number, "ab".repeat(32), givenAt, givenAt, names);
  }

  static void register(Register register, long number, EventType type, Instant at) {
    register.append(List.of(RegisterEvent.of(number, type, null, at, Channel.WEB, "test")));
  }

  static RegisterService.NumberCheck check(Register register, long number, String operator) {
    return new RegisterService(register).checkNumber("+" + number, operator);
  }

  @Test
  void aConsentAfterTheRegistrationMakesTheNumberCallableAndNamesItsLeaf() throws IOException {
    try (Register register = open()) {
      register(register, MARIO, EventType.REGISTER, ago(Duration.ofDays(10)));
      assertThat(check(register, MARIO, "acme").reason()).isEqualTo(Reason.REGISTERED);

      ConsentLedger.Logged logged = register.ledger()
          .recordConsent("acme", json(consent(MARIO, ago(Duration.ofDays(1)))));
      assertThat(logged.recordId()).startsWith("c-");
      assertThat(logged.possiblyBackdated()).isFalse();
      assertThat(logged.record()).contains("\"subject\":\"+393331234567\"").doesNotContain("\n");

      RegisterService.NumberCheck answer = check(register, MARIO, "acme");
      assertThat(answer.verdict()).isEqualTo(Verdict.CALLABLE);
      assertThat(answer.reason()).isEqualTo(Reason.CONSENT);
      assertThat(answer.basis().recordId()).isEqualTo(logged.recordId());
      assertThat(answer.basis().leafIndex()).isEqualTo(logged.leafIndex());
      assertThat(check(register, MARIO, "other").reason()).isEqualTo(Reason.REGISTERED);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new ListCheck(register, Clock.systemUTC()).check(
          new ByteArrayInputStream("phone\n3331234567\n3337654321\n".getBytes(StandardCharsets.UTF_8)),
          out, new CheckOptions("acme", null, false), null);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
          "phone,e164,verdict,reason,record_id,leaf_index\n"
              + "3331234567,+393331234567,CALLABLE,CONSENT," + logged.recordId() + "," + logged.leafIndex() + "\n"
              + "3337654321,+393337654321,CALLABLE,NOT_REGISTERED,,\n");
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      new ListCheck(register, Clock.systemUTC()).check(
          new ByteArrayInputStream("phone\n3331234567\n".getBytes(StandardCharsets.UTF_8)),
          plain, new CheckOptions("other", null, false), null);
      assertThat(plain.toString(StandardCharsets.UTF_8))
          .isEqualTo("phone,e164,verdict,reason\n3331234567,+393331234567,BLOCKED,REGISTERED\n");

      // The record is in the log: its salted commitment is the entry, with a valid inclusion proof.
      ConsentLedger.Proven proven = register.ledger().fetch(logged.recordId(), "acme").orElseThrow();
      assertThat(register.ledger().fetch(logged.recordId(), "other")).isEmpty();
      TlogProof proof = TlogProof.parse(proven.tlogProof());
      Checkpoint checkpoint = Checkpoint.open(proof.checkpoint(), register.ledger().log().verifier());
      assertThat(proven.entry()).isEqualTo(ConsentLedger.commitment(proven.record().salt(), logged.record()));
      ProofVerifier.verifyInclusion(Rfc6962.leafHash(proven.entry()), proof.index(), checkpoint.size(),
          proof.proof(), checkpoint.rootHash());
      assertThat(checkpoint.origin()).isEqualTo("opendnc.local/consent-ledger");
    }
    try (Register reopened = open()) {
      assertThat(check(reopened, MARIO, "acme").reason()).isEqualTo(Reason.CONSENT);
      assertThat(reopened.ledger().audit().problems()).isEmpty();
    }
  }

  @Test
  void aConsentGivenBeforeARenewalNoLongerCountsAndAWithdrawalEndsOne() {
    try (Register register = open()) {
      register(register, MARIO, EventType.REGISTER, ago(Duration.ofDays(30)));
      register.ledger().recordConsent("acme", json(consent(MARIO, ago(Duration.ofDays(2)))));
      assertThat(check(register, MARIO, "acme").reason()).isEqualTo(Reason.CONSENT);
      register(register, MARIO, EventType.RENEW, ago(Duration.ofDays(1)));
      assertThat(check(register, MARIO, "acme").reason()).isEqualTo(Reason.REGISTERED);

      register(register, LUIGI, EventType.REGISTER, ago(Duration.ofDays(30)));
      ConsentLedger.Logged given = register.ledger()
          .recordConsent("acme", json(consent(LUIGI, ago(Duration.ofHours(1)))));
      assertThat(check(register, LUIGI, "acme").reason()).isEqualTo(Reason.CONSENT);
      assertThatThrownBy(() -> register.ledger().recordWithdrawal("other",
          json("{\"consent_id\": \"" + given.recordId() + "\"}")))
          .isInstanceOf(LedgerRecordRejected.class).hasMessageContaining("consent_id");
      ConsentLedger.Logged withdrawal = register.ledger().recordWithdrawal("acme",
          json("{\"consent_id\": \"" + given.recordId() + "\", \"method\": \"call\"}"));
      assertThat(withdrawal.leafIndex()).isGreaterThan(given.leafIndex());
      assertThat(check(register, LUIGI, "acme").reason()).isEqualTo(Reason.REGISTERED);
    }
  }

  /** An operator's records a page at a time: its own only, newest first, pending ones among them. */
  @Test
  void anOperatorsRecordsAreListedNewestFirstWithThosePendingIntegration() throws Exception {
    try (Register register = open()) {
      ConsentLedger ledger = register.ledger();
      String contract = "{\"number\": \"+%d\", \"start\": \"2026-01-01T00:00:00Z\", \"reference\": \"%s\"}";
      ConsentLedger.Logged first = ledger.recordContract("acme", json(contract.formatted(MARIO, "A-1")));
      ledger.recordContract("beta", json(contract.formatted(MARIO, "B-1")));
      ConsentLedger.Logged second = ledger.recordContract("acme", json(contract.formatted(LUIGI, "A-2")));
      assertThat(ledger.ofOperator("acme", Long.MAX_VALUE, 10)).extracting(l -> l.record().recordId())
          .containsExactly(second.recordId(), first.recordId());
      assertThat(ledger.ofOperator("acme", Long.MAX_VALUE, 10)).allMatch(ConsentLedger.Listed::integrated);
      assertThat(ledger.ofOperator("acme", second.leafIndex(), 10)).extracting(l -> l.record().recordId())
          .containsExactly(first.recordId());
      assertThat(ledger.ofOperator("beta", Long.MAX_VALUE, 10)).hasSize(1);

      ledger.integrationTimeout(Duration.ofMillis(200));
      try (Connection connection = connect(dir.resolve("data")); java.sql.Statement statement = connection.createStatement()) {
        for (String sql : holdLedgerEntries()) {
          statement.execute(sql);
        }
        String late;
        try {
          ledger.recordContract("acme", json(contract.formatted(PEACH, "A-3")));
          throw new AssertionError("the record was integrated although the database refused it");
        } catch (org.opendnc.engine.consent.LedgerIntegrationPending e) {
          late = e.records().get(0).recordId();
        }
        List<ConsentLedger.Listed> withPending = ledger.ofOperator("acme", Long.MAX_VALUE, 2);
        assertThat(withPending).extracting(l -> l.record().recordId()).containsExactly(late, second.recordId());
        assertThat(withPending).extracting(ConsentLedger.Listed::integrated).containsExactly(false, true);
        assertThat(withPending.get(0).record().e164()).isEqualTo(PEACH);
        assertThat(ledger.ofOperator("beta", Long.MAX_VALUE, 10)).hasSize(1);
        for (String sql : releaseLedgerEntries()) {
          statement.execute(sql);
        }
        ledger.integrateNow();
        assertThat(ledger.ofOperator("acme", Long.MAX_VALUE, 10)).extracting(l -> l.record().recordId())
            .containsExactly(late, second.recordId(), first.recordId());
        assertThat(ledger.ofOperator("acme", Long.MAX_VALUE, 10)).allMatch(ConsentLedger.Listed::integrated);
      }
    }
  }

  @Test
  void aContractCountsUntilThirtyDaysAfterItsEnd() {
    try (Register register = open()) {
      register(register, MARIO, EventType.REGISTER, ago(Duration.ofDays(400)));
      register(register, LUIGI, EventType.REGISTER, ago(Duration.ofDays(400)));
      String contract = "{\"number\": \"+%d\", \"start\": \"%s\", \"end\": \"%s\", \"reference\": \"K-1\"}";
      ConsentLedger.Logged ended29 = register.ledger().recordContract("acme", json(contract.formatted(
          MARIO, ago(Duration.ofDays(365)), ago(Duration.ofDays(29)))));
      register.ledger().recordContract("acme", json(contract.formatted(
          LUIGI, ago(Duration.ofDays(365)), ago(Duration.ofDays(31)))));
      RegisterService.NumberCheck mario = check(register, MARIO, "acme");
      assertThat(mario.reason()).isEqualTo(Reason.CONTRACT);
      assertThat(mario.basis().recordId()).isEqualTo(ended29.recordId());
      assertThat(check(register, LUIGI, "acme").reason()).isEqualTo(Reason.REGISTERED);
    }
  }

  @Test
  void aMalformedRecordIsRefusedWithEveryReason() {
    try (Register register = open()) {
      LedgerRecordRejected refused = org.junit.jupiter.api.Assertions.assertThrows(LedgerRecordRejected.class,
          () -> register.ledger().recordConsent("acme", json("""
              {"number": "12", "purposes": [], "notice": {"version": "1", "sha256": "xyz"},
               "collection_method": "carrier pigeon", "given_at": "tomorrow",
               "evidence": {"ip": "999.1.1.1"}, "recipients": ["everyone"]}
              """)));
      assertThat(refused.code()).isEqualTo(ErrorCode.RECORD_INVALID);
      assertThat(refused.reasons()).anyMatch(r -> r.startsWith("number:"))
          .anyMatch(r -> r.startsWith("controller: missing"))
          .anyMatch(r -> r.startsWith("purposes:"))
          .anyMatch(r -> r.startsWith("notice.sha256:"))
          .anyMatch(r -> r.startsWith("collection_method:"))
          .anyMatch(r -> r.startsWith("given_at:"))
          .anyMatch(r -> r.startsWith("evidence.ip:"))
          .anyMatch(r -> r.startsWith("recipients:"));
      assertThat(register.ledger().log().size()).isZero();
    }
  }

  @Test
  void aConsentLoggedLongAfterItsTimeIsFlaggedAndCannotBeTransferred() {
    try (Register register = open()) {
      register.store().accounts().createOperator(new Operator("beta", "Beta", "trial", Instant.now(), false));
      ConsentLedger.Logged late = register.ledger()
          .recordConsent("acme", json(consent(MARIO, ago(Duration.ofDays(5)), "operator:beta")));
      assertThat(late.possiblyBackdated()).isTrue();
      assertThat(late.record()).contains("\"possibly_backdated\":true");
      ConsentLedger.TransferReport report =
          register.ledger().transfer("acme", "beta", List.of(late.recordId()), true);
      assertThat(report.acceptedRows()).isZero();
      assertThat(report.rows().get(0).reason()).isEqualTo("CONSENT_POSSIBLY_BACKDATED");
    }
  }

  @Test
  void aTransferIsAcceptedRowByRowOnlyForConsentsNamingTheRecipient() {
    try (Register register = open()) {
      register.store().accounts().createOperator(new Operator("acme", "Acme", "trial", Instant.now(), false));
      register.store().accounts().createOperator(new Operator("beta", "Beta", "trial", Instant.now(), false));
      register.ledger().addCategory("beta", "energy");
      register(register, MARIO, EventType.REGISTER, ago(Duration.ofDays(100)));
      ConsentLedger.Logged named = register.ledger()
          .recordConsent("acme", json(consent(MARIO, ago(Duration.ofHours(5)), "operator:beta")));
      ConsentLedger.Logged byCategory = register.ledger()
          .recordConsent("acme", json(consent(LUIGI, ago(Duration.ofHours(5)), "category:energy")));
      register.ledger().recordConsent("acme", json(consent(PEACH, ago(Duration.ofHours(5)), "operator:gamma")));

      ConsentLedger.TransferReport report = register.ledger().transfer("acme", "beta",
          List.of("+" + MARIO, "3337654321", "347 111 2222", "3209999999", "not a number", "+" + MARIO), false);
      assertThat(report.acceptedRows()).isEqualTo(2);
      assertThat(report.refusedRows()).isEqualTo(4);
      assertThat(report.rows()).extracting(ConsentLedger.TransferRow::reason).containsExactly(
          "ACCEPTED", "ACCEPTED", "RECIPIENT_NOT_NAMED", "NO_CONSENT", "INVALID_NUMBER", "DUPLICATE");
      assertThat(report.rows().get(0).consentId()).isEqualTo(named.recordId());
      assertThat(report.rows().get(1).consentId()).isEqualTo(byCategory.recordId());

      // beta now holds a received consent: its check honours it, and names beta's own record.
      RegisterService.NumberCheck beta = check(register, MARIO, "beta");
      assertThat(beta.reason()).isEqualTo(Reason.CONSENT);
      assertThat(beta.basis().recordId()).isEqualTo(report.rows().get(0).receivedConsentId());
      assertThat(register.ledger().fetch(report.transferId(), "beta")).isPresent();

      // beta cannot pass the number on to acme: the subject named only beta.
      ConsentLedger.TransferReport onward = register.ledger().transfer("beta", "acme",
          List.of(report.rows().get(0).receivedConsentId()), true);
      assertThat(onward.rows().get(0).reason()).isEqualTo("RECIPIENT_NOT_NAMED");

      // Laundering: beta records a consent of its own claiming a time before it received the number.
      register.store().accounts().createOperator(new Operator("gamma", "Gamma", "trial", Instant.now(), false));
      ConsentLedger.Logged laundered = register.ledger()
          .recordConsent("beta", json(consent(MARIO, ago(Duration.ofHours(6)), "operator:gamma")));
      ConsentLedger.TransferReport launder = register.ledger().transfer("beta", "gamma",
          List.of(laundered.recordId()), true);
      assertThat(launder.rows().get(0).reason()).isEqualTo("PREDATES_ACQUISITION");

      // A withdrawal given to acme also ends the consent beta received from it: beta's check now
      // rests on its own (later) consent only.
      register.ledger().recordWithdrawal("acme", json("{\"consent_id\": \"" + named.recordId() + "\"}"));
      assertThat(check(register, MARIO, "beta").basis().recordId()).isEqualTo(laundered.recordId());
      assertThat(register.ledger().audit().problems()).isEmpty();
    }
  }

  @Test
  void aRecordOrEntryChangedInTheDatabaseIsFound() throws SQLException {
    String id;
    try (Register register = open()) {
      register(register, MARIO, EventType.REGISTER, ago(Duration.ofDays(10)));
      id = register.ledger().recordConsent("acme", json(consent(MARIO, ago(Duration.ofDays(1))))).recordId();
      register.ledger().recordConsent("acme", json(consent(LUIGI, ago(Duration.ofDays(1)))));
    }
    try (Connection connection = connect(dir.resolve("data"));
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate(
          "UPDATE ledger_records SET record = replace(record, '2026', '2025')"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      for (String sql : dropTriggers()) {
        statement.execute(sql);
      }
      statement.executeUpdate("UPDATE ledger_records SET record = replace(record, 'web_form', 'paper') WHERE record_id = '" + id + "'");
    }
    try (Register register = open()) {
      LedgerStoreAudit.Report report = register.ledger().audit();
      assertThat(report.problems()).singleElement().asString()
          .contains("record " + id).contains("no longer matches its entry");
    }
    try (Connection connection = connect(dir.resolve("data"));
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE ledger_records SET record = replace(record, 'paper', 'web_form') WHERE record_id = '" + id + "'");
      statement.executeUpdate(updateEntry());
    }
    RegisterConfig config = config(dir.resolve("data"));
    try (RegisterStore store = config.databaseUrl() == null
        ? RegisterStore.openSqlite(config.dataDir())
        : RegisterStore.open(config.databaseUrl(), config.databaseUser(), config.databasePassword())) {
      NoteVerifier verifier = LedgerKeys.registerSigner(Keys.registerKey(config.dataDir()),
          "opendnc.local/consent-ledger").verifier();
      LedgerStoreAudit.Report report = LedgerStoreAudit.run(store.ledger(), store.ledgerRecords(), verifier);
      assertThat(report.problems()).anyMatch(p -> p.contains("entries were changed"))
          .anyMatch(p -> p.contains("no longer matches its entry"));
    }
    assertThatThrownBy(this::open).isInstanceOf(DncException.class)
        .satisfies(e -> assertThat(((DncException) e).code()).isEqualTo(ErrorCode.LEDGER_TAMPERED));
  }

  @Test
  void theSameRecordSentTwiceAtOnceIsLoggedOnce() throws Exception {
    try (Register register = open()) {
      String body = consent(MARIO, ago(Duration.ofDays(1)), "operator:beta");
      var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
      List<java.util.concurrent.Future<ConsentLedger.Recorded>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(pool.submit(() -> register.ledger().record("consent", "acme", json(body))));
      }
      List<ConsentLedger.Recorded> recorded = new java.util.ArrayList<>();
      for (var answer : answers) {
        recorded.add(answer.get());
      }
      pool.shutdown();
      assertThat(recorded).filteredOn(ConsentLedger.Recorded::created).hasSize(1);
      assertThat(recorded).extracting(r -> r.logged().recordId()).containsOnly(recorded.get(0).logged().recordId());
      assertThat(register.ledger().log().size()).isEqualTo(1);
      // A different consent (other evidence) for the same number is a new record.
      assertThat(register.ledger().record("consent", "acme",
          json(body.replace("msg-1", "msg-2"))).created()).isTrue();
      assertThat(register.ledger().record("consent", "other", json(body)).created()).isTrue();
    }
  }

  /** SQL that changes entry 1 (the last one: the log's own check at open finds it). */
  abstract String updateEntry();
}
