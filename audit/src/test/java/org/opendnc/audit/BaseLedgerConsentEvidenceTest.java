package org.opendnc.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.Keys;
import org.opendnc.engine.ListCheck;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.engine.consent.ConsentLedger;
import org.opendnc.store.RegisterStore;

/**
 * An audit of a real register whose operator recorded consents, a withdrawal and contracts in the
 * consent ledger: no consent or contract file is given, the ledger is the evidence. Run on SQLite
 * and on PostgreSQL.
 */
abstract class BaseLedgerConsentEvidenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long LAWFUL = 393331000001L;
  private static final long REVOKED = 393331000002L;
  private static final long WITHDRAWN = 393331000003L;
  private static final long CONTRACT_29 = 393331000004L;
  private static final long CONTRACT_31 = 393331000005L;

  @TempDir Path dir;

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final Instant callAt = now.minus(Duration.ofHours(1));
  private Profile profile;
  private Receipt receipt;
  private ConsentLedger.Logged consent;
  private ConsentLedger.Logged revokedConsent;
  private ConsentLedger.Logged contract29;

  /** The register kept under {@code dataDir} (its database is created on first use). */
  abstract RegisterConfig config(Path dataDir) throws Exception;

  /** The store of the register kept under {@code dataDir}, opened on its own. */
  abstract RegisterStore openStore(Path dataDir) throws Exception;

  private Instant ago(Duration duration) {
    return now.minus(duration);
  }

  private static JsonNode consentBody(long number, Instant givenAt) throws IOException {
    return JSON.readTree("""
        {"number": "+%d", "controller": "Acme Energia S.p.A.", "purposes": ["telemarketing"],
         "notice": {"version": "2026-03", "sha256": "%s"}, "collection_method": "web_form", "given_at": "%s",
         "evidence": {"ip": "203.0.113.7", "timestamp": "%s", "confirmation_message_id": "msg-1"},
         "recipients": []}
        """.formatted(number, "ab".repeat(32), givenAt, givenAt));
  }

  private static JsonNode contractBody(long number, Instant start, Instant end) throws IOException {
    return JSON.readTree("{\"number\": \"+%d\", \"start\": \"%s\", \"end\": \"%s\"}".formatted(number, start, end));
  }

  private static void register(Register register, long number, Instant at) {
    register.append(List.of(RegisterEvent.of(number, EventType.REGISTER, null, at, Channel.WEB, "test")));
  }

  /** The Italian profile without calling hours, so that the test does not depend on the weekday it runs. */
  private Profile italyAtAnyHour() throws IOException {
    try (InputStream in = Profile.class.getResourceAsStream("IT.json")) {
      ObjectNode it = (ObjectNode) JSON.readTree(in);
      it.remove("calling_hours");
      Path file = dir.resolve("IT-any-hour.json");
      JSON.writeValue(file.toFile(), it);
      return Profile.load(file);
    }
  }

  @BeforeEach
  void registerWithLedger() throws Exception {
    profile = italyAtAnyHour();
    try (Register register = Register.open(config(dir.resolve("data")), line -> {})) {
      register(register, LAWFUL, ago(Duration.ofDays(10)));
      consent = register.ledger().recordConsent("acme", consentBody(LAWFUL, ago(Duration.ofDays(2))));

      revokedConsent = register.ledger().recordConsent("acme", consentBody(REVOKED, ago(Duration.ofDays(2))));
      register(register, REVOKED, ago(Duration.ofDays(1)));

      register(register, WITHDRAWN, ago(Duration.ofDays(10)));
      ConsentLedger.Logged withdrawn = register.ledger().recordConsent("acme",
          consentBody(WITHDRAWN, ago(Duration.ofDays(2))));
      register.ledger().recordWithdrawal("acme", JSON.readTree("{\"consent_id\": \"" + withdrawn.recordId()
          + "\", \"withdrawn_at\": \"" + ago(Duration.ofDays(1)) + "\"}"));

      register(register, CONTRACT_29, ago(Duration.ofDays(400)));
      register(register, CONTRACT_31, ago(Duration.ofDays(400)));
      contract29 = register.ledger().recordContract("acme", contractBody(CONTRACT_29, ago(Duration.ofDays(365)),
          callAt.minus(Duration.ofDays(29))));
      register.ledger().recordContract("acme", contractBody(CONTRACT_31, ago(Duration.ofDays(365)),
          callAt.minus(Duration.ofDays(31))));

      ListCheck check = new ListCheck(register, Clock.fixed(ago(Duration.ofDays(1)), ZoneOffset.UTC));
      ListCheck.Completed completed = check.check(
          new ByteArrayInputStream("telefono\n333 100 0001\n".getBytes(StandardCharsets.UTF_8)),
          new ByteArrayOutputStream(), new CheckOptions("acme", null, false), null);
      receipt = check.issue(completed);
      register.store().operatorLists().declareCallingNumber("acme", 390612345678L, ago(Duration.ofDays(500)));
    }
  }

  /** Audits the five calls, the ledger verified against its checkpoint first when it is used. */
  List<String> audit(boolean useLedger) throws Exception {
    StringBuilder calls = new StringBuilder(
        "call_id,operator,caller_id,callee,started_at,duration_s,outcome,campaign,origin_country\n");
    String[] ids = {"lawful", "revoked", "withdrawn", "contract29", "contract31"};
    long[] numbers = {LAWFUL, REVOKED, WITHDRAWN, CONTRACT_29, CONTRACT_31};
    for (int i = 0; i < ids.length; i++) {
      calls.append(ids[i]).append(",acme,06 1234 5678,+").append(numbers[i]).append(',').append(callAt)
          .append(",30,ANSWERED,spring,IT\n");
    }
    Path callFile = Files.writeString(dir.resolve("calls.csv"), calls);
    Path verdicts = dir.resolve(useLedger ? "verdicts.csv" : "verdicts-no-ledger.csv");
    try (RegisterStore store = openStore(dir.resolve("data"))) {
      AuditJob.run(store, profile, new AuditJob.Request(callFile, null, null, verdicts, null, null, null,
          dir.resolve("rejects"), useLedger, useLedger ? Keys.registerKey(dir.resolve("data")) : null, null), line -> {},
          Clock.systemUTC());
    }
    return Files.readAllLines(verdicts);
  }

  @Test
  void consentsWithdrawalsAndContractsOfTheLedgerDecideTheCallsAndAreNamedWithTheirLeaves() throws Exception {
    String leafOf = "@leaf:";
    assertThat(audit(true)).containsExactly(
        "call_id,verdict,reasons,evidence",
        "lawful,LAWFUL,,event:1;receipt:" + receipt.id() + ";consent:" + consent.recordId() + leafOf
            + consent.leafIndex(),
        "revoked,VIOLATION,CONSENT_REVOKED_BY_REGISTRATION;NO_VALID_CHECK,event:2;consent:"
            + revokedConsent.recordId() + leafOf + revokedConsent.leafIndex(),
        "withdrawn,VIOLATION,OPPOSED_NO_CONSENT;NO_VALID_CHECK,event:3",
        "contract29,VIOLATION,NO_VALID_CHECK,event:4;contract:" + contract29.recordId() + leafOf
            + contract29.leafIndex(),
        "contract31,VIOLATION,OPPOSED_NO_CONSENT;NO_VALID_CHECK,event:5");
  }

  @Test
  void withoutTheLedgerTheSameCallsHaveNoConsentOrContract() throws Exception {
    assertThat(audit(false)).containsExactly(
        "call_id,verdict,reasons,evidence",
        "lawful,LAWFUL,,event:1;receipt:" + receipt.id(),
        "revoked,VIOLATION,OPPOSED_NO_CONSENT;NO_VALID_CHECK,event:2",
        "withdrawn,VIOLATION,OPPOSED_NO_CONSENT;NO_VALID_CHECK,event:3",
        "contract29,VIOLATION,OPPOSED_NO_CONSENT;NO_VALID_CHECK,event:4",
        "contract31,VIOLATION,OPPOSED_NO_CONSENT;NO_VALID_CHECK,event:5");
  }

  @Test
  void theEvidenceReadsTheLedgerRecordsAsTheyWereLogged() throws Exception {
    try (RegisterStore store = openStore(dir.resolve("data"))) {
      LedgerConsentEvidence evidence = LedgerConsentEvidence.load(store.ledgerRecords());
      assertThat(evidence.consentCount()).isEqualTo(3);
      assertThat(evidence.contractCount()).isEqualTo(2);
      assertThat(evidence.unreadable()).isZero();
      assertThat(evidence.consentsOf("acme", WITHDRAWN)).singleElement()
          .satisfies(c -> assertThat(c.withdrawnAt()).isEqualTo(ago(Duration.ofDays(1))));
      assertThat(evidence.consentsOf("other", LAWFUL)).isEmpty();
    }
  }
  @Test
  void aConsentReceivedByATransferCountsForTheRecipientAndEndsWithTheOriginal() throws Exception {
    long number = 393331000006L;
    Path data = dir.resolve("transfer");
    String received;
    long receivedLeaf;
    try (Register register = Register.open(config(data), line -> {})) {
      register.store().accounts().createOperator(new org.opendnc.store.Operator("acme", "Acme", "trial", now, false));
      register.store().accounts().createOperator(new org.opendnc.store.Operator("beta", "Beta", "trial", now, false));
      register(register, number, ago(Duration.ofDays(10)));
      ObjectNode body = (ObjectNode) consentBody(number, ago(Duration.ofHours(5)));
      body.putArray("recipients").add("operator:beta");
      ConsentLedger.Logged original = register.ledger().recordConsent("acme", body);
      ConsentLedger.TransferReport transfer = register.ledger().transfer("acme", "beta",
          List.of(original.recordId()), true);
      assertThat(transfer.acceptedRows()).isEqualTo(1);
      received = transfer.rows().get(0).receivedConsentId();
      receivedLeaf = transfer.rows().get(0).receivedLeafIndex();
      try (RegisterStore store = openStore(data)) {
        assertThat(LedgerConsentEvidence.load(store.ledgerRecords()).consentsOf("beta", number)).singleElement()
            .satisfies(c -> {
              assertThat(c.id()).isEqualTo(received + "@leaf:" + receivedLeaf);
              assertThat(c.givenAt()).isEqualTo(ago(Duration.ofHours(5)));
              assertThat(c.withdrawnAt()).isNull();
            });
      }
      register.ledger().recordWithdrawal("acme", JSON.readTree("{\"consent_id\": \"" + original.recordId()
          + "\", \"withdrawn_at\": \"" + ago(Duration.ofHours(2)) + "\"}"));
    }
    try (RegisterStore store = openStore(data)) {
      LedgerConsentEvidence evidence = LedgerConsentEvidence.load(store.ledgerRecords());
      assertThat(evidence.consentsOf("beta", number)).singleElement()
          .satisfies(c -> assertThat(c.withdrawnAt()).as("the original's withdrawal ends the copy")
              .isEqualTo(ago(Duration.ofHours(2))));
      assertThat(evidence.consentsOf("acme", number)).singleElement()
          .satisfies(c -> assertThat(c.withdrawnAt()).isEqualTo(ago(Duration.ofHours(2))));
    }
  }
}
