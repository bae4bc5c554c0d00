package org.opendnc.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.security.PublicKey;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.index.NumberSet;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.core.receipt.ReceiptJson;
import org.opendnc.core.receipt.ReceiptVerifier;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.ListCheck;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.engine.RegisterImport;

/**
 * From files to verdicts and report, on a real SQLite register: registrations imported from CSV,
 * an ALLOW appended, a real signed check stored with its callable set, declarations and a
 * do-not-contact list in the store, call records and consents from CSV.
 */
class AuditEndToEndTest {

  @TempDir Path dir;

  static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  @Test
  void fromFilesToVerdictsEvidenceAndReport() throws IOException {
    Path registrations = Files.writeString(dir.resolve("registrations.csv"), """
        number,registered_at,channel
        333 111 1111,2026-01-10T09:00:00+01:00,WEB
        333 222 2222,2026-01-10T09:00:00+01:00,PHONE
        """);
    Receipt receipt;
    try (Register register = Register.open(RegisterConfig.embedded(dir.resolve("data")), line -> {})) {
      new RegisterImport(register, at("2026-03-01T00:00:00Z")).run(registrations, dir.resolve("rej.csv"), null);
      register.append(List.of(RegisterEvent.of(393332222222L, EventType.ALLOW, "acme",
          Instant.parse("2026-02-01T08:00:00Z"), Channel.WEB, null)));
      ListCheck check = new ListCheck(register, at("2026-03-05T08:00:00Z"));
      String list = "telefono\n333 111 1111\n333 222 2222\n333 333 3333\n333 444 4444\n";
      ListCheck.Completed completed = check.check(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
          new ByteArrayOutputStream(), new CheckOptions("acme", null, false), null);
      receipt = check.issue(completed);
      register.append(List.of(RegisterEvent.of(393333333333L, EventType.REGISTER, null,
          Instant.parse("2026-03-12T08:00:00Z"), Channel.WEB, null)));
      var lists = register.store().operatorLists();
      lists.declareCallingNumber("acme", 390612345678L, Instant.parse("2025-01-01T00:00:00Z"));
    }
    Path dnc = Files.writeString(dir.resolve("acme-dnc.csv"), """
        number,added_at,refused_at
        333 555 5555,2026-02-01,2026-01-30T15:00:00+01:00
        not a number,2026-02-01,
        """);
    Path consents = Files.writeString(dir.resolve("consents.csv"), """
        consent_id,operator,number,given_at,withdrawn_at
        C-1,acme,333 111 1111,2026-02-01T12:00:00+01:00,
        C-bad,acme,333 111 1111,yesterday,
        """);
    Path calls = Files.writeString(dir.resolve("calls.csv"), """
        call_id,operator,caller_id,callee,started_at,duration_s,outcome,campaign,origin_country
        c1,acme,06 1234 5678,333 111 1111,2026-03-10T10:00:00+01:00,30,ANSWERED,spring,IT
        c2,acme,06 1234 5678,333 222 2222,2026-03-10T10:05:00+01:00,45,ANSWERED,spring,IT
        c3,acme,06 1234 5678,333 333 3333,2026-03-18T10:00:00+01:00,12,REFUSED,spring,
        c4,acme,06 1234 5678,333 444 4444,2026-03-10T20:00:00+01:00,5,ANSWERED,evening,
        c5,acme,,333 444 4444,2026-03-10T11:00:00+01:00,5,ANSWERED,evening,
        c6,acme,06 1234 5678,333 555 5555,2026-03-10T11:00:00+01:00,5,ANSWERED,spring,
        c7,acme,06 1234 5678,12,2026-03-10T11:00:00+01:00,5,ANSWERED,spring,
        c8,acme,06 1234 5678,333 444 4444,2026-03-10 11:00,5,ANSWERED,spring,
        c9,acme,06 1234 5678,333 444 4444,2026-03-10T11:00:00+01:00,5,ANSWERED,"abroad, again",AL
        """);

    AuditJob.Outcome outcome;
    try (var store = org.opendnc.store.RegisterStore.openSqlite(dir.resolve("data"))) {
      var imported = DoNotContactImport.run(store.operatorLists(), "acme", dnc,
          org.opendnc.core.number.NumberParser.forRegion("IT"), Profile.forCode("IT").zone(),
          at("2026-04-01T00:00:00Z"), dir.resolve("rejects/acme-dnc.csv.rejects.csv"));
      assertThat(imported.added()).isEqualTo(1);
      assertThat(imported.rejects().first()).extracting(RejectedRow::line, RejectedRow::reason)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, "INVALID_NUMBER"));
      outcome = AuditJob.run(store, Profile.forCode("IT"), new AuditJob.Request(calls, consents, null,
          dir.resolve("verdicts.csv"), dir.resolve("report.html"), dir.resolve("report.pdf"),
          dir.resolve("evidence.json"), dir.resolve("rejects"),
          org.opendnc.engine.Keys.registerKey(dir.resolve("data")).publicKey()), line -> {},
          at("2026-04-01T00:00:00Z"));
    }
    assertThat(outcome.refusedReceipts()).as("the register's own receipt verifies").isEmpty();

    String r = receipt.id();
    assertThat(Files.readAllLines(dir.resolve("verdicts.csv"))).containsExactly(
        "call_id,verdict,reasons,evidence",
        "c1,VIOLATION,NO_VALID_CHECK,event:1;consent:C-1",
        "c2,LAWFUL,,event:2;event:3;receipt:" + r,
        "c3,LAWFUL,,event:4;receipt:" + r,
        "c4,VIOLATION,OUTSIDE_CALLING_HOURS,receipt:" + r,
        "c5,VIOLATION,CALLER_ID_WITHHELD,receipt:" + r,
        "c6,VIOLATION,NO_VALID_CHECK;INTERNAL_DNC,",
        "c9,VIOLATION,SPOOFED_FROM_ABROAD,receipt:" + r);
    assertThat(outcome.callRejects().first()).extracting(RejectedRow::line, RejectedRow::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(8L, "INVALID_CALLEE"),
            org.assertj.core.groups.Tuple.tuple(9L, "INVALID_TIME"));
    assertThat(dir.resolve("rejects/calls.csv.rejects.csv")).content()
        .contains("8,INVALID_CALLEE,").contains("9,INVALID_TIME,");
    assertThat(outcome.consentRejects().first()).extracting(RejectedRow::reason).containsExactly("INVALID_TIME");

    String evidence = Files.readString(dir.resolve("evidence.json"));
    assertThat(evidence).contains("\"call_id\":\"c6\"").contains("\"reasons\":[\"NO_VALID_CHECK\",\"INTERNAL_DNC\"]")
        .contains("\"consent_or_contract\":\"consent:C-1\"").doesNotContain("\"call_id\":\"c2\"");
    assertThat(com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(evidence)
        .path("violations").size()).isEqualTo(5);

    AuditSummary summary = outcome.summary();
    assertThat(summary.calls()).isEqualTo(7);
    assertThat(summary.violations()).isEqualTo(5);
    assertThat(summary.affectedNumbers()).isEqualTo(3);
    assertThat(summary.rejectedRows()).isEqualTo(2);
    assertThat(summary.campaigns().get(0).name()).isEqualTo("spring");

    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("<svg").contains("id=\"chart-codes\"").contains("id=\"chart-time\"")
        .contains("id=\"chart-campaigns\"").contains("abroad, again").doesNotContain("<script")
        .doesNotContain("http://www.w3.org/1999/xhtml\" src").doesNotContain("href=\"http");
    assertThat(html).doesNotContain("refused-receipts");
    byte[] pdf = Files.readAllBytes(dir.resolve("report.pdf"));
    assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(pdf.length).isGreaterThan(2000);
  }

  @Test
  void aReceiptTheRegisterDidNotSignCoversNoCallAndIsReported() throws IOException {
    Path data = dir.resolve("data");
    Path calls = oneCallTo3334445555();
    // A receipt written into the store by someone else: signed, but not with the register's key.
    RegisterKey other = RegisterKey.loadOrCreate(dir.resolve("someone-else"));
    Receipt forged = other.sign(new Receipt("forged-1", "acme", "IT", Instant.parse("2026-03-05T08:00:00Z"), 1,
        "0".repeat(64), "0".repeat(64), new Receipt.Counts(1, 1, 0, 0), Instant.parse("2026-03-20T08:00:00Z"),
        null, null));
    NumberSet callable = new NumberSet();
    callable.add(393334445555L);
    try (Register register = Register.open(RegisterConfig.embedded(data), line -> {})) {
      register.store().receipts().save(forged, ReceiptJson.write(forged), callable.toBytes());
      register.store().operatorLists().declareCallingNumber("acme", 390612345678L, Instant.parse("2025-01-01T00:00:00Z"));
    }
    PublicKey registerKey = org.opendnc.engine.Keys.registerKey(data).publicKey();

    for (boolean verify : new boolean[] {false, true}) {
      Path verdicts = dir.resolve("verdicts-" + verify + ".csv");
      Path report = dir.resolve("report-" + verify + ".html");
      List<String> progress = new ArrayList<>();
      AuditJob.Outcome outcome;
      try (var store = org.opendnc.store.RegisterStore.openSqlite(data)) {
        outcome = AuditJob.run(store, Profile.forCode("IT"), new AuditJob.Request(calls, null, null, verdicts,
            report, null, null, dir.resolve("rejects"), verify ? registerKey : null), progress::add,
            at("2026-04-01T00:00:00Z"));
      }
      if (verify) {
        assertThat(Files.readAllLines(verdicts)).containsExactly(
            "call_id,verdict,reasons,evidence", "c1,VIOLATION,NO_VALID_CHECK,");
        assertThat(outcome.refusedReceipts()).containsExactly("forged-1");
        assertThat(progress).anyMatch(line -> line.contains("1 stored receipts left out") && line.contains("forged-1"));
        assertThat(Files.readString(report)).contains("id=\"refused-receipts\"").contains("forged-1");
      } else {
        // Taken as stored, the forged receipt would have covered the call.
        assertThat(Files.readAllLines(verdicts)).containsExactly(
            "call_id,verdict,reasons,evidence", "c1,LAWFUL,,receipt:forged-1");
        assertThat(outcome.refusedReceipts()).isEmpty();
      }
    }
  }

  /** A calls file of one answered call by acme to 333 444 5555 on 2026-03-10. */
  private Path oneCallTo3334445555() throws IOException {
    return Files.writeString(dir.resolve("calls.csv"), """
        call_id,operator,caller_id,callee,started_at,duration_s,outcome,campaign,origin_country
        c1,acme,06 1234 5678,333 444 5555,2026-03-10T10:00:00+01:00,30,ANSWERED,spring,IT
        """);
  }

  @Test
  void aReceiptWhoseStoredCallableSetWasSwappedCoversNoCall() throws IOException {
    Path data = dir.resolve("data");
    Path calls = oneCallTo3334445555();
    NumberSet signedSet = new NumberSet();
    signedSet.add(393331111111L);
    NumberSet storedSet = new NumberSet();
    storedSet.add(393331111111L);
    storedSet.add(393334445555L); // added in the store afterwards, to cover the call
    try (Register register = Register.open(RegisterConfig.embedded(data), line -> {})) {
      // Signed by the register itself (decision 0058): the signature covers the signed set's digest.
      Receipt genuine = org.opendnc.engine.Keys.registerKey(data).sign(new Receipt("swapped-1", "acme", "IT",
          Instant.parse("2026-03-05T08:00:00Z"), 1, "0".repeat(64), "0".repeat(64),
          ReceiptVerifier.callableSetSha256(signedSet.toBytes()), new Receipt.Counts(1, 1, 0, 0),
          Instant.parse("2026-03-20T08:00:00Z"), null, null));
      register.store().receipts().save(genuine, ReceiptJson.write(genuine), storedSet.toBytes());
      register.store().operatorLists().declareCallingNumber("acme", 390612345678L, Instant.parse("2025-01-01T00:00:00Z"));
    }
    PublicKey registerKey = org.opendnc.engine.Keys.registerKey(data).publicKey();
    List<String> progress = new ArrayList<>();
    AuditJob.Outcome outcome;
    try (var store = org.opendnc.store.RegisterStore.openSqlite(data)) {
      Receipt stored = store.receipts().find("swapped-1").orElseThrow().receipt();
      assertThat(ReceiptVerifier.verify(stored, registerKey).valid()).as("its signature alone verifies").isTrue();
      outcome = AuditJob.run(store, Profile.forCode("IT"), new AuditJob.Request(calls, null, null,
          dir.resolve("verdicts.csv"), dir.resolve("report.html"), null, null, dir.resolve("rejects"), registerKey),
          progress::add, at("2026-04-01T00:00:00Z"));
    }
    assertThat(Files.readAllLines(dir.resolve("verdicts.csv"))).containsExactly(
        "call_id,verdict,reasons,evidence", "c1,VIOLATION,NO_VALID_CHECK,");
    assertThat(outcome.refusedReceipts()).containsExactly("swapped-1");
    assertThat(progress).anyMatch(line -> line.contains("callable sets are not the ones they signed"));
    assertThat(Files.readString(dir.resolve("report.html"))).contains("id=\"refused-receipts\"")
        .contains("swapped-1");
  }

  @Test
  void aReceiptIssuedByACheckSignsTheDigestOfItsStoredCallableSet() throws IOException {
    try (Register register = Register.open(RegisterConfig.embedded(dir.resolve("data")), line -> {})) {
      ListCheck check = new ListCheck(register, at("2026-03-05T08:00:00Z"));
      ListCheck.Completed completed = check.check(
          new ByteArrayInputStream("telefono\n333 111 1111\n333 222 2222\n".getBytes(StandardCharsets.UTF_8)),
          new ByteArrayOutputStream(), new CheckOptions("acme", null, false), null);
      Receipt receipt = check.issue(completed);
      var stored = register.store().receipts().find(receipt.id()).orElseThrow();
      assertThat(receipt.callableSetSha256()).isEqualTo(ReceiptVerifier.callableSetSha256(stored.callableSet()));
      assertThat(ReceiptVerifier.callableSetMatches(stored.receipt(), stored.callableSet())).isTrue();
      assertThat(ReceiptJson.read(stored.signedJson())).isEqualTo(stored.receipt());
      assertThat(NumberSet.fromBytes(stored.callableSet()).cardinality()).isEqualTo(2);
    }
  }
}
