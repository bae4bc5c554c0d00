package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.index.NumberSet;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.core.receipt.ReceiptJson;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.User;

/**
 * The regulator's API over HTTP (SQLite): who may use it, investigations of uploaded cases, and
 * hostile or oversized uploads refused before any job exists. Audits through the API run on both
 * databases in {@link BaseServerApiTest}.
 */
class RegulatorApiTest {

  @TempDir Path temporary;
  TestingServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private TestingServer start(ServerConfig config) {
    server = TestingServer.sqlite(temporary.resolve("data"), config);
    return server;
  }

  private Path jobsFolder(String kind) {
    return temporary.resolve("data/regulator").resolve(kind);
  }

  private long jobFolders(String kind) throws Exception {
    try (Stream<Path> folders = Files.list(jobsFolder(kind))) {
      return folders.count();
    }
  }

  @Test
  void operatorsAdminsAndCitizensAreRefusedAndOnlyRegulatorsGetIn() throws Exception {
    start(TestingServer.generousLimits());
    String key = server.operator("acme", "standard");
    List<String> reads = List.of("/api/v1/audits", "/api/v1/investigations",
        "/api/v1/regulator/dashboard");
    for (String path : reads) {
      TestingServer.assertProblem(server.get(path, key), 403, "FORBIDDEN");
      TestingServer.assertProblem(server.send(server.request(path).GET()), 401,
          "UNAUTHENTICATED"); // a citizen has no account: no session, no key
    }
    TestingServer.assertProblem(server.postCsv("/api/v1/audits", key, RegulatorSamples.CALLS),
        403, "FORBIDDEN");
    TestingServer.assertProblem(server.send(server.request("/api/v1/investigations")
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/zip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(
            TestingZips.zip(RegulatorSamples.caseFiles())))), 403, "FORBIDDEN");

    // Portal sessions of other roles: an operator's account and an admin.
    String clerkPassword = server.server.accounts().createUser("clerk", User.Role.OPERATOR,
        "acme", server.admin());
    RegulatorClient clerk = new RegulatorClient(server).logIn("clerk", clerkPassword,
        "the clerk's own password");
    String adminPassword = server.server.accounts().bootstrapAdmin(server.admin()).orElseThrow();
    RegulatorClient admin = new RegulatorClient(server).logIn("admin", adminPassword,
        "the admin's own password");
    for (RegulatorClient other : List.of(clerk, admin)) {
      for (String path : reads) {
        TestingServer.assertProblem(other.get(path), 403, "FORBIDDEN");
      }
      TestingServer.assertProblem(other.post("/api/v1/audits", "text/csv",
          RegulatorSamples.CALLS.getBytes(StandardCharsets.UTF_8)), 403, "FORBIDDEN");
    }
    assertThat(jobFolders("audits")).isZero();
    assertThat(jobFolders("investigations")).isZero();

    // The admin API makes regulators as it makes admins: a one-time password, no operator.
    HttpResponse<String> made = admin.post("/api/v1/admin/users", "application/json",
        "{\"username\":\"inspector\",\"role\":\"REGULATOR\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    ApiSchemas.assertValid("NewUser", made.body());
    assertThat(TestingServer.json(made).path("one_time_password").asText()).hasSize(20);
    JsonNode withOperator = TestingServer.assertProblem(admin.post("/api/v1/admin/users",
        "application/json", "{\"username\":\"x\",\"role\":\"REGULATOR\",\"operator\":\"acme\"}"
            .getBytes(StandardCharsets.UTF_8)), 400, "INVALID_ARGUMENT");
    assertThat(withOperator.path("detail").asText()).contains("REGULATOR account belongs to no operator");
    new RegulatorClient(server).logIn("inspector",
        TestingServer.json(made).path("one_time_password").asText(), "the inspector's password");

    RegulatorClient regulator = RegulatorClient.regulator(server, "garante");
    for (String path : reads) {
      assertThat(regulator.get(path).statusCode()).as(path).isEqualTo(200);
    }
    TestingServer.assertProblem(server.send(server.request("/api/v1/audits")
        .header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofString(RegulatorSamples.CALLS))), 401,
        "UNAUTHENTICATED");
    // A regulator's session without its CSRF token changes nothing.
    TestingServer.assertProblem(regulator.send(server.request("/api/v1/audits")
        .header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofString(RegulatorSamples.CALLS))), 403,
        "CSRF_TOKEN_INVALID");
    assertThat(jobFolders("audits")).isZero();
  }

  @Test
  void aCaseZipIsInvestigatedAgainstTheRegisterAndItsFilesDownloadedAndAudited()
      throws Exception {
    start(TestingServer.generousLimits());
    server.register(393471000000L);
    RegulatorClient regulator = RegulatorClient.regulator(server, "garante");

    HttpResponse<String> submitted = regulator.post(
        "/api/v1/investigations?register=true&file_name=caso-2023.zip", "application/zip",
        TestingZips.zip(RegulatorSamples.caseFiles()));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    ApiSchemas.assertValid("Job", submitted.body());
    String location = submitted.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/api/v1/investigations/");
    JsonNode queued = TestingServer.json(submitted);
    assertThat(queued.path("kind").asText()).isEqualTo("INVESTIGATION");
    assertThat(queued.path("upload").asText()).isEqualTo("caso-2023.zip");
    assertThat(queued.path("register").asBoolean()).isTrue();

    JsonNode job = regulator.awaitJob(location);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(job.path("steps").toString()).contains("unpacking the case", "reading the register");
    assertThat(job.path("outputs")).extracting(JsonNode::asText).contains("lineage.csv",
        "consent_findings.csv", "honeypot_hits.csv", "report.html", "report.pdf");
    JsonNode counts = job.path("summary").path("counts");
    assertThat(counts.path("files").asLong()).isEqualTo(2);
    assertThat(counts.path("records").asLong()).isEqualTo(320);
    assertThat(counts.path("honeypot_hits").asLong()).isEqualTo(2);

    HttpResponse<byte[]> lineage = regulator.download(location + "/files/lineage.csv");
    assertThat(lineage.statusCode()).isEqualTo(200);
    assertThat(lineage.headers().firstValue("Content-Disposition")).hasValue(
        "attachment; filename=\"lineage.csv\"");
    assertThat(new String(lineage.body(), StandardCharsets.UTF_8))
        .startsWith("from,to,first_date,shared_numbers,evidence,confidence\n")
        .contains("alfa,beta");
    assertThat(new String(regulator.download(location + "/files/honeypot_hits.csv").body(),
        StandardCharsets.UTF_8)).contains("+393471000000,alfa", "+393471000000,beta");
    byte[] pdf = regulator.download(location + "/files/report.pdf").body();
    assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    TestingServer.assertProblem(regulator.get(location + "/files/..%2Fjob.json"), 404,
        "NOT_FOUND");
    TestingServer.assertProblem(regulator.get(location + "/files/job.json"), 404, "NOT_FOUND");
    TestingServer.assertProblem(regulator.get("/api/v1/investigations/0123"), 404, "NOT_FOUND");
    String id = job.path("id").asText();
    TestingServer.assertProblem(regulator.get("/api/v1/audits/" + id), 404, "NOT_FOUND");

    List<AuditEntry> entries = server.server.gateway().store().audit().page(Long.MAX_VALUE,
        "garante", 100);
    assertThat(entries).allSatisfy(entry ->
        assertThat(entry.actorType()).isEqualTo(AuditEntry.ActorType.REGULATOR));
    assertThat(entries).extracting(AuditEntry::action, AuditEntry::subject, AuditEntry::detail)
        .contains(
            org.assertj.core.groups.Tuple.tuple("INVESTIGATION_FILE_DOWNLOADED", id, "lineage.csv"),
            org.assertj.core.groups.Tuple.tuple("INVESTIGATION_FILE_DOWNLOADED", id, "report.pdf"));
    assertThat(entries).extracting(AuditEntry::action).contains("INVESTIGATION_JOB_CREATED",
        "INVESTIGATION_JOB_VIEWED", "LOGIN");
  }

  @Test
  void hostileArchivesAreRefusedWithTheirCodeAndLeaveNoJob() throws Exception {
    start(TestingServer.generousLimits());
    RegulatorClient regulator = RegulatorClient.regulator(server, "garante");
    JsonNode traversal = TestingServer.assertProblem(regulator.post("/api/v1/investigations",
        "application/zip", TestingZips.zip(Map.of("../../evil.csv", "phone\n3331234567\n"))),
        422, "ARCHIVE_UNSAFE");
    assertThat(traversal.path("detail").asText()).contains("'../../evil.csv'", "climbs out");
    TestingServer.assertProblem(regulator.post("/api/v1/investigations", "application/zip",
        TestingZips.zip(Map.of("/etc/cron.d/evil", "x"))), 422, "ARCHIVE_UNSAFE");
    TestingServer.assertProblem(regulator.post("/api/v1/investigations", "application/zip",
        TestingZips.symbolicLink("alfa.csv", "beta.csv", "/etc/passwd")), 422, "ARCHIVE_UNSAFE");
    JsonNode bomb = TestingServer.assertProblem(regulator.post("/api/v1/investigations",
        "application/zip", TestingZips.bomb("alfa.csv", 50 << 20)), 413, "ARCHIVE_TOO_LARGE");
    assertThat(bomb.path("detail").asText()).contains("zip bomb");
    TestingServer.assertProblem(regulator.post("/api/v1/investigations", "text/csv",
        "phone\n".getBytes(StandardCharsets.UTF_8)), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertThat(jobFolders("investigations")).isZero();
    assertThat(temporary.resolve("data/evil.csv")).doesNotExist();
    List<AuditEntry> refused = server.server.gateway().store().audit().page(Long.MAX_VALUE,
        "garante", 100);
    assertThat(refused).extracting(AuditEntry::action, AuditEntry::outcome).contains(
        org.assertj.core.groups.Tuple.tuple("INVESTIGATION_JOB_CREATED", "ARCHIVE_UNSAFE"),
        org.assertj.core.groups.Tuple.tuple("INVESTIGATION_JOB_CREATED", "ARCHIVE_TOO_LARGE"));
  }

  @Test
  void anUploadOverTheLimitIsRefusedWhetherOrNotItsSizeIsDeclared() throws Exception {
    start(TestingServer.generousLimits().withMaxBatchBytes(16 << 10));
    RegulatorClient regulator = RegulatorClient.regulator(server, "garante");
    byte[] large = (RegulatorSamples.CALLS + "x".repeat(20 << 10)).getBytes(StandardCharsets.UTF_8);
    TestingServer.assertProblem(regulator.post("/api/v1/audits", "text/csv", large), 413,
        "REQUEST_TOO_LARGE");
    // Chunked: no Content-Length, so the stream's limit refuses it.
    HttpResponse<String> chunked = regulator.send(server.request("/api/v1/audits")
        .header("Content-Type", "text/csv").header(HttpSecurity.CSRF_HEADER, csrf(regulator))
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(large))));
    TestingServer.assertProblem(chunked, 413, "REQUEST_TOO_LARGE");
    assertThat(jobFolders("audits")).isZero();
    TestingServer.assertProblem(regulator.post("/api/v1/audits", "text/csv", new byte[0]), 422,
        "INPUT_EMPTY");
    TestingServer.assertProblem(regulator.post("/api/v1/audits?profile=XX", "text/csv",
        RegulatorSamples.CALLS.getBytes(StandardCharsets.UTF_8)), 400, "INVALID_ARGUMENT");
    assertThat(jobFolders("audits")).isZero();
  }

  @Test
  void aMultipartAuditTakesTheFirmsConsentsAndOffersTheRowsItCouldNotUse() throws Exception {
    start(TestingServer.generousLimits());
    server.register(RegulatorSamples.REGISTERED);
    server.server.gateway().store().operatorLists().declareCallingNumber("acme", 390612345678L,
        Instant.parse("2025-01-01T00:00:00Z"));
    RegulatorClient regulator = RegulatorClient.regulator(server, "garante");

    String withoutLocation = auditedSample(regulator);
    JsonNode without = regulator.awaitJob(withoutLocation);
    assertThat(verdict(regulator, withoutLocation, "c1"))
        .isEqualTo("c1,VIOLATION,OPPOSED_NO_CONSENT;NO_VALID_CHECK,event:1");
    assertThat(without.path("summary").path("counts").has("rejected_consent_rows")).isFalse();

    HttpResponse<String> submitted = regulator.postFiles(
        "/api/v1/audits?profile=IT&file_name=cdr.csv", List.of(
            new PortalClient.FilePart("calls", "acme-calls.csv", RegulatorSamples.CALLS),
            new PortalClient.FilePart("consents", "acme-consents.csv", RegulatorSamples.CONSENTS),
            new PortalClient.FilePart("contracts", "acme-contracts.csv",
                RegulatorSamples.CONTRACTS)));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    ApiSchemas.assertValid("Job", submitted.body());
    assertThat(TestingServer.json(submitted).path("upload").asText()).isEqualTo("cdr.csv");
    String location = submitted.headers().firstValue("Location").orElseThrow();
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertThat(jobsFolder("audits").resolve(id).resolve("input"))
        .isDirectoryContaining("glob:**/calls.csv").isDirectoryContaining("glob:**/consents.csv")
        .isDirectoryContaining("glob:**/contracts.csv");
    JsonNode job = regulator.awaitJob(location);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");

    // The consent, given after the registration, answers the opposition; the missing check stays.
    assertThat(verdict(regulator, location, "c1"))
        .isEqualTo("c1,VIOLATION,NO_VALID_CHECK,event:1;consent:C-1");
    JsonNode summary = job.path("summary");
    assertThat(summary.path("violations_by_code").path("OPPOSED_NO_CONSENT").asLong()).isZero();
    assertThat(without.path("summary").path("violations_by_code").path("OPPOSED_NO_CONSENT")
        .asLong()).isEqualTo(2);

    JsonNode counts = summary.path("counts");
    assertThat(counts.path("rejected_rows").asLong()).isEqualTo(1);
    assertThat(counts.path("rejected_consent_rows").asLong()).isEqualTo(1);
    assertThat(counts.path("rejected_contract_rows").asLong()).isEqualTo(1);
    assertThat(job.path("outputs")).extracting(JsonNode::asText).contains("calls.csv.rejects.csv",
        "consents.csv.rejects.csv", "contracts.csv.rejects.csv");
    HttpResponse<byte[]> consentRejects = regulator.download(
        location + "/files/consents.csv.rejects.csv");
    assertThat(consentRejects.statusCode()).isEqualTo(200);
    assertThat(consentRejects.headers().firstValue("Content-Disposition")).hasValue(
        "attachment; filename=\"consents.csv.rejects.csv\"");
    assertThat(new String(consentRejects.body(), StandardCharsets.UTF_8))
        .startsWith("line,reason,detail\n").contains("3,INVALID_TIME,").doesNotContain("C-1");
    assertThat(new String(regulator.download(location + "/files/contracts.csv.rejects.csv")
        .body(), StandardCharsets.UTF_8)).contains("2,END_BEFORE_START,");
    assertThat(server.server.gateway().store().audit().page(Long.MAX_VALUE, "garante", 100))
        .extracting(AuditEntry::action, AuditEntry::detail).contains(
            org.assertj.core.groups.Tuple.tuple("AUDIT_FILE_DOWNLOADED",
                "consents.csv.rejects.csv"));
  }

  /** Audits the sample calls (the CSV as the body) to success; the job's location. */
  private static String auditedSample(RegulatorClient regulator) {
    HttpResponse<String> submitted = regulator.post("/api/v1/audits?profile=IT", "text/csv",
        RegulatorSamples.CALLS.getBytes(StandardCharsets.UTF_8));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String location = submitted.headers().firstValue("Location").orElseThrow();
    JsonNode job = regulator.awaitJob(location);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    return location;
  }

  private static String verdict(RegulatorClient regulator, String location, String call) {
    return regulator.get(location + "/files/verdicts.csv").body().lines()
        .filter(line -> line.startsWith(call + ",")).findFirst().orElseThrow();
  }

  @Test
  void aReceiptTheRegisterDidNotSignIsLeftOutCountedAndNamedInTheReport() throws Exception {
    start(TestingServer.generousLimits());
    server.server.gateway().store().operatorLists().declareCallingNumber("acme", 390612345678L,
        Instant.parse("2025-01-01T00:00:00Z"));
    // A receipt written into the register's database by someone else: it says acme checked c2's
    // number, signed with a key that is not the register's.
    Receipt forged = RegisterKey.loadOrCreate(temporary.resolve("someone-else")).sign(new Receipt(
        "forged-1", "acme", "IT", Instant.parse("2027-01-10T08:00:00Z"), 1, "0".repeat(64),
        "0".repeat(64), new Receipt.Counts(1, 1, 0, 0), Instant.parse("2027-01-25T08:00:00Z"),
        null, null));
    NumberSet callable = new NumberSet();
    callable.add(393205551234L);
    server.server.gateway().store().receipts().save(forged, ReceiptJson.write(forged),
        callable.toBytes());
    RegulatorClient regulator = RegulatorClient.regulator(server, "garante");

    String location = auditedSample(regulator);
    JsonNode job = regulator.awaitJob(location);
    assertThat(job.path("summary").path("counts").path("refused_receipts").asLong()).isEqualTo(1);
    assertThat(verdict(regulator, location, "c2")).isEqualTo("c2,VIOLATION,NO_VALID_CHECK,");
    assertThat(regulator.get(location + "/files/report.html").body())
        .contains("id=\"refused-receipts\"").contains("forged-1");
  }

  @Test
  void aMultipartAuditWithoutCallsOrWithAFileOverTheLimitIsRefusedAndLeavesNoJob()
      throws Exception {
    start(TestingServer.generousLimits().withMaxBatchBytes(16 << 10));
    RegulatorClient regulator = RegulatorClient.regulator(server, "garante");
    JsonNode noCalls = TestingServer.assertProblem(regulator.postFiles("/api/v1/audits",
        List.of(new PortalClient.FilePart("consents", "consents.csv",
            RegulatorSamples.CONSENTS))), 422, "INPUT_EMPTY");
    assertThat(noCalls.path("detail").asText()).contains("no part 'calls'", "-F calls=@FILE");
    TestingServer.assertProblem(regulator.postFiles("/api/v1/audits",
        List.of(new PortalClient.FilePart("calls", "calls.csv", ""))), 422, "INPUT_EMPTY");

    String large = RegulatorSamples.CONSENTS + "x".repeat(20 << 10);
    for (String part : List.of("consents", "contracts")) {
      // Each on a connection of its own: Jetty closes the one whose form it stopped reading.
      RegulatorClient sender = new RegulatorClient(server).logIn("garante",
          "the regulator's own password", null);
      JsonNode tooLarge = TestingServer.assertProblem(sender.postFiles("/api/v1/audits", List.of(
          new PortalClient.FilePart("calls", "calls.csv", RegulatorSamples.CALLS),
          new PortalClient.FilePart(part, part + ".csv", large))), 413, "REQUEST_TOO_LARGE");
      assertThat(tooLarge.path("detail").asText()).contains("16384", "split it into parts");
    }
    assertThat(jobFolders("audits")).isZero();
    assertThat(server.server.gateway().store().audit().page(Long.MAX_VALUE, "garante", 100))
        .extracting(AuditEntry::action, AuditEntry::outcome).contains(
            org.assertj.core.groups.Tuple.tuple("AUDIT_JOB_CREATED", "INPUT_EMPTY"));
  }

  private static String csrf(RegulatorClient client) {
    return TestingServer.json(client.get("/api/v1/session")).path("csrf_token").asText();
  }

  @Test
  void aFileTheAuditCannotReadFailsTheJobWithTheAuditsCodeAndMessage() {
    start(TestingServer.generousLimits());
    RegulatorClient regulator = RegulatorClient.regulator(server, "garante");
    HttpResponse<String> submitted = regulator.post("/api/v1/audits", "text/csv",
        "nome,telefono\nAnna,3331234567\n".getBytes(StandardCharsets.UTF_8));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    JsonNode job = regulator.awaitJob(submitted.headers().firstValue("Location").orElseThrow());
    assertThat(job.path("status").asText()).isEqualTo("FAILED");
    assertThat(job.path("error_code").asText()).isEqualTo("COLUMN_NOT_FOUND");
    assertThat(job.path("error").asText()).contains("call_id");
    assertThat(job.path("summary").isNull()).isTrue();
    assertThat(job.path("phase").asText()).isEqualTo("failed");
  }
}
