package org.opendnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dnc audit, dnc complaints and the operator declarations, through the command line. */
class AuditCommandsTest {
  @TempDir Path dir;

  CliRun.Result dnc(String... args) {
    return CliRun.run(dir.resolve("data"), args);
  }

  @Test
  void auditCallsWithDeclarationsDoNotContactReportAndComplaints() throws IOException {
    Path register = Files.writeString(dir.resolve("register.csv"),
        "number,registered_at\n+393331111111,2026-01-10T09:00:00+01:00\n");
    assertThat(dnc("register", "import", register.toString()).exit()).isZero();

    CliRun.Result declared = dnc("operator", "calling-numbers", "add", "acme", "06 1234 5678", "0844 123456",
        "--since", "2025-01-01T00:00:00Z");
    assertThat(declared.exit()).as(declared.err()).isZero();
    assertThat(declared.out()).contains("Declared +390612345678 for acme").contains("+390844123456");
    assertThat(dnc("operator", "calling-numbers", "list", "acme").out()).contains("2 declarations for acme.");

    Path dncList = Files.writeString(dir.resolve("acme-dnc.csv"),
        "number,added_at,refused_at\n333 555 5555,2026-02-01,2026-01-31\nxyz,2026-02-01,\n");
    CliRun.Result imported = dnc("operator", "dnc", "import", dncList.toString(), "--operator", "acme");
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("1 added").contains("1 rejected");
    assertThat(imported.err()).contains("line 3: INVALID_NUMBER");

    Path calls = Files.writeString(dir.resolve("calls.csv"), """
        call_id,operator,caller_id,callee,started_at,duration_s,outcome,campaign,origin_country
        c1,acme,06 1234 5678,333 111 1111,2026-03-10T10:00:00+01:00,30,ANSWERED,spring,IT
        c2,acme,06 1234 5678,333 555 5555,2026-03-10T21:00:00+01:00,30,ANSWERED,spring,
        c3,acme,06 1234 5678,333 666 6666,not a time,30,ANSWERED,spring,
        """);
    Path consents = Files.writeString(dir.resolve("consents.csv"),
        "consent_id,operator,number,given_at\nC-9,acme,333 111 1111,2026-02-01\n");
    CliRun.Result audit = dnc("audit", "calls", calls.toString(), "--output", dir.resolve("verdicts.csv").toString(),
        "--report", dir.resolve("report.html").toString(), "--pdf", dir.resolve("report.pdf").toString(),
        "--evidence", dir.resolve("evidence.csv").toString(), "--consents", consents.toString());
    assertThat(audit.exit()).as(audit.err()).isZero();
    assertThat(audit.out()).contains("Audited 2 calls").contains("violations 2").contains("rows not audited 1");
    assertThat(audit.err()).contains("line 4: INVALID_TIME");
    assertThat(Files.readAllLines(dir.resolve("verdicts.csv"))).containsExactly(
        "call_id,verdict,reasons,evidence",
        "c1,VIOLATION,NO_VALID_CHECK,event:1;consent:C-9",
        "c2,VIOLATION,NO_VALID_CHECK;OUTSIDE_CALLING_HOURS;INTERNAL_DNC,");
    assertThat(dir.resolve("report.html")).content().contains("<svg");
    assertThat(dir.resolve("report.pdf")).exists();
    assertThat(dir.resolve("evidence.csv")).content().contains("c2,acme,+390612345678,+393335555555");

    Path complaints = Files.writeString(dir.resolve("complaints.csv"),
        "number_called,caller_id,called_at,company,offer,text\n333 555 5555,06 1234 5678,2026-03-10T21:30:00+01:00,ACME,energy,late call\n");
    CliRun.Result complaintImport = dnc("complaints", "import", complaints.toString());
    assertThat(complaintImport.exit()).as(complaintImport.err()).isZero();
    assertThat(complaintImport.out()).contains("1 new complaints");
    CliRun.Result match = dnc("complaints", "match", "--calls", calls.toString(), "--window", "PT1H",
        "--output", dir.resolve("matches.csv").toString());
    assertThat(match.exit()).as(match.err()).isZero();
    assertThat(match.out()).contains("Matched 1 complaints").contains("CALLER_AND_NUMBER    1");
    assertThat(dir.resolve("matches.csv")).content().contains(",CALLER_AND_NUMBER,acme,acme,1,c2");
  }

  @Test
  void auditCallsUsesTheConsentsRecordedInTheLedgerWithoutFiles() throws IOException {
    java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Path register = Files.writeString(dir.resolve("register.csv"),
        "number,registered_at\n+393331111111," + now.minus(java.time.Duration.ofDays(10)) + "\n");
    assertThat(dnc("register", "import", register.toString()).exit()).isZero();
    org.opendnc.engine.consent.ConsentLedger.Logged consent;
    try (org.opendnc.engine.Register opened = org.opendnc.engine.Register.open(
        org.opendnc.engine.RegisterConfig.embedded(dir.resolve("data")), line -> {})) {
      java.time.Instant given = now.minus(java.time.Duration.ofDays(2));
      consent = opened.ledger().recordConsent("acme", new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
          {"number": "+393331111111", "controller": "Acme Energia S.p.A.", "purposes": ["telemarketing"],
           "notice": {"version": "1", "sha256": "%s"}, "collection_method": "web_form", "given_at": "%s",
           "evidence": {"ip": "203.0.113.7", "timestamp": "%s", "confirmation_message_id": "m-1"},
           "recipients": []}
          """.formatted("ab".repeat(32), given, given)));
    }
    assertThat(dnc("operator", "calling-numbers", "add", "acme", "06 1234 5678", "--since", "2025-01-01T00:00:00Z")
        .exit()).isZero();
    // Any hour of the day: the test must not depend on when it runs.
    Path anyHour = dir.resolve("IT-any-hour.json");
    try (var in = org.opendnc.core.profile.Profile.class.getResourceAsStream("IT.json")) {
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      var italy = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(in);
      italy.remove("calling_hours");
      mapper.writeValue(anyHour.toFile(), italy);
    }
    Path calls = Files.writeString(dir.resolve("calls.csv"),
        "call_id,operator,caller_id,callee,started_at,duration_s,outcome,campaign,origin_country\n"
            + "c1,acme,06 1234 5678,333 111 1111," + now.minus(java.time.Duration.ofHours(1)) + ",30,ANSWERED,x,IT\n");

    CliRun.Result audit = dnc("--profile", anyHour.toString(), "audit", "calls", calls.toString(), "--output",
        dir.resolve("ledger.csv").toString());
    assertThat(audit.exit()).as(audit.err()).isZero();
    assertThat(audit.err()).contains("consent ledger: 1 consents, 0 contracts");
    assertThat(Files.readAllLines(dir.resolve("ledger.csv"))).containsExactly("call_id,verdict,reasons,evidence",
        "c1,VIOLATION,NO_VALID_CHECK,event:1;consent:" + consent.recordId() + "@leaf:" + consent.leafIndex());

    CliRun.Result files = dnc("--profile", anyHour.toString(), "audit", "calls", calls.toString(), "--no-ledger",
        "--output", dir.resolve("files.csv").toString());
    assertThat(files.exit()).as(files.err()).isZero();
    assertThat(Files.readAllLines(dir.resolve("files.csv"))).containsExactly("call_id,verdict,reasons,evidence",
        "c1,VIOLATION,OPPOSED_NO_CONSENT;NO_VALID_CHECK,event:1");
  }

  @Test
  void badUsageIsACodeNotAStackTrace() throws IOException {
    CliRun.Result missing = dnc("audit", "calls", dir.resolve("none.csv").toString(), "-o", dir.resolve("v.csv").toString());
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err()).contains("error INPUT_NOT_FOUND").doesNotContain("Exception");

    Path header = Files.writeString(dir.resolve("bad.csv"), "call_id,operator,callee\nx,acme,3331111111\n");
    CliRun.Result columns = dnc("audit", "calls", header.toString(), "-o", dir.resolve("v.csv").toString());
    assertThat(columns.exit()).isEqualTo(3);
    assertThat(columns.err()).contains("error COLUMN_NOT_FOUND").contains("bad.csv line 1").contains("caller_id");

    Path profile = Files.writeString(dir.resolve("broken.json"), "{\"code\":\"ZZ\"}");
    CliRun.Result badProfile = dnc("--profile", profile.toString(), "audit", "calls", header.toString(), "-o", "v.csv");
    assertThat(badProfile.exit()).isEqualTo(3);
    assertThat(badProfile.err()).contains("error PROFILE_MALFORMED").contains("broken.json");

    Path allBad = Files.writeString(dir.resolve("all-bad.csv"),
        "call_id,operator,caller_id,callee,started_at\nx,acme,,12,2026-03-10T10:00:00+01:00\n,acme,,333 111 1111,\n");
    CliRun.Result nothing = dnc("audit", "calls", allBad.toString(), "-o", dir.resolve("v0.csv").toString(),
        "--report", dir.resolve("r0.html").toString(), "--pdf", dir.resolve("r0.pdf").toString());
    assertThat(nothing.exit()).as(nothing.err()).isZero();
    assertThat(nothing.out()).contains("Audited 0 calls").contains("rows not audited 2");
    assertThat(nothing.err()).contains("line 2: INVALID_CALLEE").contains("line 3: MISSING_CALL_ID");
    assertThat(Files.readAllLines(dir.resolve("v0.csv"))).containsExactly("call_id,verdict,reasons,evidence");

    CliRun.Result window = dnc("complaints", "match", "--calls", header.toString(), "--window", "2 hours");
    assertThat(window.exit()).isEqualTo(2);
    assertThat(window.err()).contains("INVALID_ARGUMENT").contains("PT2H");
  }
}
