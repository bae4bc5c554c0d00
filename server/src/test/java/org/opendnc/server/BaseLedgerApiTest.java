package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.engine.consent.ConsentLedger;
import org.opendnc.ledger.AuditException;
import org.opendnc.ledger.Checkpoint;
import org.opendnc.ledger.HttpTileSource;
import org.opendnc.ledger.MirrorAudit;
import org.opendnc.ledger.NoteVerifier;
import org.opendnc.ledger.ProofVerifier;
import org.opendnc.ledger.Rfc6962;
import org.opendnc.ledger.TileDirectory;
import org.opendnc.ledger.TlogProof;
import org.opendnc.store.AuditEntry;

/** The consent ledger's operator API and public log over real HTTP, on every database product. */
abstract class BaseLedgerApiTest {

  static final long MARIO = 393331234567L;
  static final long LUIGI = 393337654321L;
  static final long PEACH = 393471112222L;

  @TempDir Path temporary;
  TestingServer server;

  abstract TestingServer startServer() throws Exception;

  @BeforeEach
  void start() throws Exception {
    server = startServer();
  }

  @AfterEach
  void stop() {
    server.close();
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
         "evidence": {"ip": "203.0.113.7", "timestamp": "%s", "confirmation_message_id": "msg-%d"},
         "recipients": [%s]}
        """.formatted(number, "ab".repeat(32), givenAt, givenAt, number, names);
  }

  static Instant ago(Duration duration) {
    return Instant.now().minus(duration).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** Registers numbers ten days ago, so that consents given since count. */
  void registerEarlier(long... numbers) {
    List<org.opendnc.core.register.RegisterEvent> events = new java.util.ArrayList<>();
    for (long number : numbers) {
      events.add(org.opendnc.core.register.RegisterEvent.of(number,
          org.opendnc.core.register.EventType.REGISTER, null, ago(Duration.ofDays(10)),
          org.opendnc.core.register.Channel.WEB, null));
    }
    server.server.gateway().record(events);
  }

  HttpResponse<String> post(String path, String key, String contentType, String body) {
    return server.send(server.request(path).header("Authorization", "Bearer " + key)
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  NoteVerifier logKey() {
    return server.server.gateway().ledger().log().verifier();
  }

  /** The operator's journey: record, fetch the proof, verify it offline against the served checkpoint. */
  @Test
  void aConsentIsRecordedProvenAndHonouredByThePreCallCheck() {
    registerEarlier(MARIO);
    String acme = server.operator("acme", "standard");
    String beta = server.operator("beta", "standard");

    HttpResponse<String> created = server.postJson("/api/v1/ledger/consents", acme,
        consent(MARIO, ago(Duration.ofHours(1)), "operator:beta"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    ApiSchemas.assertValid("LedgerRecord", created.body());
    JsonNode logged = TestingServer.json(created);
    String id = logged.path("record_id").asText();
    long leaf = logged.path("leaf_index").asLong();
    assertThat(id).startsWith("c-");
    assertThat(logged.path("created").asBoolean()).isTrue();
    assertThat(logged.path("record").path("subject").asText()).isEqualTo("+" + MARIO);
    assertThat(created.headers().firstValue("Location")).contains("/api/v1/ledger/records/" + id);

    // Integrated when answered: the proof is there at once, and verifies offline.
    HttpResponse<String> fetched = server.get("/api/v1/ledger/records/" + id, acme);
    assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
    ApiSchemas.assertValid("ProvenRecord", fetched.body());
    JsonNode proven = TestingServer.json(fetched);
    assertThat(proven.path("status").asText()).isEqualTo("integrated");
    byte[] salt = Base64.getDecoder().decode(proven.path("salt").asText());
    byte[] entry = Base64.getDecoder().decode(proven.path("entry").asText());
    String canonical = proven.path("record_canonical").asText();
    assertThat(entry).isEqualTo(ConsentLedger.commitment(salt, canonical));
    String served = server.send(server.request("/ledger/checkpoint").GET()).body();
    Checkpoint checkpoint = Checkpoint.open(served, logKey());
    TlogProof proof = TlogProof.parse(proven.path("inclusion_proof").asText());
    assertThat(proof.index()).isEqualTo(leaf);
    assertThat(Checkpoint.open(proof.checkpoint(), logKey())).isEqualTo(checkpoint);
    ProofVerifier.verifyInclusion(Rfc6962.leafHash(entry), leaf, checkpoint.size(), proof.proof(),
        checkpoint.rootHash());
    // A changed record does not verify.
    byte[] forged = ConsentLedger.commitment(salt, canonical.replace("web_form", "paper"));
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(Rfc6962.leafHash(forged), leaf,
        checkpoint.size(), proof.proof(), checkpoint.rootHash())).isInstanceOf(RuntimeException.class);

    // The pre-call check names the consent; another operator is still blocked.
    JsonNode answer = TestingServer.json(server.get("/api/v1/numbers/%2B" + MARIO + "/callable", acme));
    assertThat(answer.path("verdict").asText()).isEqualTo("CALLABLE");
    assertThat(answer.path("reason").asText()).isEqualTo("CONSENT");
    assertThat(answer.path("record_id").asText()).isEqualTo(id);
    assertThat(answer.path("leaf_index").asLong()).isEqualTo(leaf);
    assertThat(TestingServer.json(server.get("/api/v1/numbers/%2B" + MARIO + "/callable", beta))
        .path("reason").asText()).isEqualTo("REGISTERED");

    // Sending the same consent again logs nothing new.
    HttpResponse<String> again = server.postJson("/api/v1/ledger/consents", acme,
        consent(MARIO, Instant.parse(logged.path("record").path("given_at").asText()), "operator:beta"));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(TestingServer.json(again).path("record_id").asText()).isEqualTo(id);
    assertThat(TestingServer.json(again).path("created").asBoolean()).isFalse();

    // Only its operator sees a record.
    TestingServer.assertProblem(server.get("/api/v1/ledger/records/" + id, beta), 404, "NOT_FOUND");
    TestingServer.assertProblem(server.get("/api/v1/ledger/records/c-nothing", acme), 404, "NOT_FOUND");
    TestingServer.assertProblem(server.send(server.request("/api/v1/ledger/records/" + id).GET()),
        401, "UNAUTHENTICATED");

    // A withdrawal ends it.
    HttpResponse<String> withdrawn = server.postJson("/api/v1/ledger/withdrawals", acme,
        "{\"consent_id\": \"" + id + "\", \"method\": \"call\"}");
    assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(201);
    assertThat(TestingServer.json(server.get("/api/v1/numbers/%2B" + MARIO + "/callable", acme))
        .path("reason").asText()).isEqualTo("REGISTERED");
    HttpResponse<String> twice = server.postJson("/api/v1/ledger/withdrawals", acme,
        "{\"consent_id\": \"" + id + "\"}");
    assertThat(twice.statusCode()).as(twice.body()).isEqualTo(200);
    assertThat(TestingServer.json(twice).path("record_id").asText())
        .isEqualTo(TestingServer.json(withdrawn).path("record_id").asText());

    // A contract makes the number callable again, with reason CONTRACT.
    HttpResponse<String> contract = server.postJson("/api/v1/ledger/contracts", acme,
        "{\"number\": \"333 123 4567\", \"start\": \"" + ago(Duration.ofDays(3)) + "\", \"reference\": \"K-1\"}");
    assertThat(contract.statusCode()).as(contract.body()).isEqualTo(201);
    JsonNode byContract = TestingServer.json(server.get("/api/v1/numbers/%2B" + MARIO + "/callable", acme));
    assertThat(byContract.path("reason").asText()).isEqualTo("CONTRACT");
    assertThat(byContract.path("record_id").asText()).isEqualTo(TestingServer.json(contract).path("record_id").asText());

    // Every write and read is in the audit log, none charges the quota.
    List<AuditEntry> entries = server.server.gateway().store().audit()
        .page(Long.MAX_VALUE, null, 1000);
    assertThat(entries).extracting(AuditEntry::action)
        .contains("LEDGER_CONSENT", "LEDGER_READ", "LEDGER_WITHDRAWAL", "LEDGER_CONTRACT");
    assertThat(entries).filteredOn(e -> e.action().equals("LEDGER_READ") && id.equals(e.subject()))
        .extracting(AuditEntry::actor).contains("acme", "beta");
    assertThat(entries).filteredOn(e -> e.action().startsWith("LEDGER_")).allMatch(e -> e.numbers() == 0);
  }

  @Test
  void aMalformedRecordIsRefusedWithAReasonPerField() {
    String acme = server.operator("acme", "standard");
    HttpResponse<String> refused = server.postJson("/api/v1/ledger/consents", acme, """
        {"number": "not a number", "controller": "", "purposes": [], "collection_method": "pigeon",
         "given_at": "yesterday", "evidence": {"ip": "999.1.1.1"}}
        """);
    JsonNode problem = TestingServer.assertProblem(refused, 422, "RECORD_INVALID");
    assertThat(problem.path("reasons").toString()).contains("number:", "controller:", "purposes:",
        "notice:", "collection_method:", "given_at:", "evidence.ip:", "evidence.timestamp:");
    TestingServer.assertProblem(server.postJson("/api/v1/ledger/withdrawals", acme,
        "{\"consent_id\": \"c-unknown\"}"), 422, "RECORD_INVALID");
    TestingServer.assertProblem(post("/api/v1/ledger/consents", acme, "application/xml", "<consent/>"),
        415, "UNSUPPORTED_MEDIA_TYPE");
    TestingServer.assertProblem(server.postJson("/api/v1/ledger/transfers", acme,
        "{\"to\": \"nobody\", \"numbers\": [\"3331234567\"]}"), 422, "RECORD_INVALID");
  }

  @Test
  void aTransferIsPartlyAcceptedRowByRow() {
    registerEarlier(MARIO, LUIGI, PEACH);
    String acme = server.operator("acme", "standard");
    String beta = server.operator("beta", "standard");
    String toBeta = TestingServer.json(server.postJson("/api/v1/ledger/consents", acme,
        consent(MARIO, ago(Duration.ofHours(2)), "operator:beta"))).path("record_id").asText();
    String toGamma = TestingServer.json(server.postJson("/api/v1/ledger/consents", acme,
        consent(LUIGI, ago(Duration.ofHours(2)), "operator:gamma"))).path("record_id").asText();

    HttpResponse<String> response = server.postJson("/api/v1/ledger/transfers", acme,
        "{\"to\": \"beta\", \"consent_ids\": [\"" + toBeta + "\", \"" + toGamma + "\", \"c-forged\"]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    ApiSchemas.assertValid("TransferReport", response.body());
    JsonNode report = TestingServer.json(response);
    assertThat(report.path("accepted_rows").asInt()).isEqualTo(1);
    assertThat(report.path("refused_rows").asInt()).isEqualTo(2);
    JsonNode rows = report.path("rows");
    assertThat(rows.get(0).path("reason").asText()).isEqualTo("ACCEPTED");
    assertThat(rows.get(1).path("reason").asText()).isEqualTo("RECIPIENT_NOT_NAMED");
    assertThat(rows.get(2).path("reason").asText()).isEqualTo("UNKNOWN_CONSENT");
    String received = rows.get(0).path("received_consent_id").asText();
    // The recipient now holds a consent for MARIO and may call; it sees the transfer and its copy.
    JsonNode check = TestingServer.json(server.get("/api/v1/numbers/%2B" + MARIO + "/callable", beta));
    assertThat(check.path("reason").asText()).isEqualTo("CONSENT");
    assertThat(check.path("record_id").asText()).isEqualTo(received);
    assertThat(server.get("/api/v1/ledger/records/" + received, beta).statusCode()).isEqualTo(200);
    assertThat(server.get("/api/v1/ledger/records/" + report.path("transfer_id").asText(), beta).statusCode())
        .isEqualTo(200);

    // A file of numbers: the same rule, each row by line; the consent already transferred is a duplicate.
    HttpResponse<String> file = post("/api/v1/ledger/transfers?to=beta", acme, "text/csv",
        "number\n333 123 4567\n333 765 4321\n347 111 2222\nnonsense\n");
    assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
    ApiSchemas.assertValid("LedgerImport", file.body());
    JsonNode imported = TestingServer.json(file);
    assertThat(imported.path("rows").asInt()).isEqualTo(4);
    assertThat(imported.path("recorded").asInt()).isZero();
    assertThat(imported.path("duplicates").asInt()).isEqualTo(1);
    assertThat(imported.path("rejected").asInt()).isEqualTo(3);
    assertThat(server.server.gateway().store().audit().page(Long.MAX_VALUE, "acme", 100))
        .extracting(AuditEntry::action).contains("LEDGER_TRANSFER", "LEDGER_IMPORT");
    assertThat(imported.path("rejects").toString())
        .contains("{\"line\":2,\"code\":\"DUPLICATE\"", "{\"line\":3,\"code\":\"RECIPIENT_NOT_NAMED\"",
            "{\"line\":4,\"code\":\"NO_CONSENT\"", "{\"line\":5,\"code\":\"INVALID_NUMBER\"");
  }

  @Test
  void bulkImportsOfCsvAndJsonLinesReportRejectsByLineAndAreIdempotent() {
    String acme = server.operator("acme", "standard");
    Instant given = ago(Duration.ofHours(5));
    String csv = "number;controller;purposes;notice.version;notice.sha256;collection_method;given_at;"
        + "evidence.ip;evidence.timestamp;evidence.confirmation_message_id;recipients\n"
        + "3331234567;Acme;telemarketing|surveys;v1;" + "ab".repeat(32) + ";web_form;" + given
        + ";203.0.113.7;" + given + ";m-1;operator:beta|category:energy\n"
        + "garbage;Acme;telemarketing;v1;" + "ab".repeat(32) + ";web_form;" + given
        + ";203.0.113.7;" + given + ";m-2;\n"
        + "\n"
        + "3337654321;Acme;telemarketing;v1;" + "ab".repeat(32) + ";pigeon;" + given
        + ";203.0.113.7;" + given + ";m-3;\n";
    HttpResponse<String> response = post("/api/v1/ledger/consents", acme, "text/csv; charset=utf-8", csv);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    ApiSchemas.assertValid("LedgerImport", response.body());
    JsonNode report = TestingServer.json(response);
    assertThat(report.path("rows").asInt()).as(response.body()).isEqualTo(3);
    assertThat(report.path("recorded").asInt()).as(response.body()).isEqualTo(1);
    assertThat(report.path("rejected").asInt()).isEqualTo(2);
    assertThat(report.path("rejects").get(0).path("line").asInt()).isEqualTo(3);
    assertThat(report.path("rejects").get(0).path("reasons").toString()).contains("number:");
    assertThat(report.path("rejects").get(1).path("line").asInt()).isEqualTo(5);
    assertThat(report.path("rejects").get(1).path("reasons").toString()).contains("collection_method:");

    // The same file again: the good row is found, not logged twice.
    JsonNode again = TestingServer.json(post("/api/v1/ledger/consents", acme, "text/csv", csv));
    assertThat(again.path("recorded").asInt()).isZero();
    assertThat(again.path("duplicates").asInt()).isEqualTo(1);
    assertThat(again.path("rejects").get(0).path("code").asText()).isEqualTo("DUPLICATE");

    String lines = "{\"number\": \"+" + PEACH + "\", \"start\": \"" + given + "\"}\n"
        + "{\"number\": \"+" + PEACH + "\", \"start\": \"" + given + "\"}\n"
        + "not json\n"
        + "{\"number\": \"+" + LUIGI + "\", \"start\": \"" + given + "\", \"end\": \"2020-01-01T00:00:00Z\"}\n";
    JsonNode contracts = TestingServer.json(post("/api/v1/ledger/contracts", acme, "application/x-ndjson", lines));
    assertThat(contracts.path("recorded").asInt()).isEqualTo(1);
    assertThat(contracts.path("duplicates").asInt()).isEqualTo(1);
    assertThat(contracts.path("rejected").asInt()).isEqualTo(2);
    assertThat(contracts.path("rejects").findValuesAsText("line")).containsExactly("2", "3", "4");
    TestingServer.assertProblem(post("/api/v1/ledger/contracts", acme, "application/x-ndjson", "\n\n"),
        422, "INPUT_EMPTY");
  }

  @Test
  void theLogIsServedAsTlogTilesAndAMirrorOverHttpAuditsClean() throws Exception {
    String acme = server.operator("acme", "standard");
    StringBuilder lines = new StringBuilder();
    Instant given = ago(Duration.ofHours(1));
    for (int i = 0; i < 300; i++) {
      lines.append("{\"number\": \"+39333").append(1_000_000 + i).append("\", \"start\": \"").append(given).append("\"}\n");
    }
    JsonNode imported = TestingServer.json(post("/api/v1/ledger/contracts", acme, "application/x-ndjson", lines.toString()));
    assertThat(imported.path("recorded").asInt()).isEqualTo(300);

    HttpResponse<String> checkpoint = server.send(server.request("/ledger/checkpoint").GET());
    assertThat(checkpoint.statusCode()).isEqualTo(200);
    assertThat(checkpoint.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
        .isEqualTo("text/plain;charset=utf-8");
    assertThat(checkpoint.headers().firstValue("Cache-Control")).contains("public, max-age=1");
    assertThat(Checkpoint.open(checkpoint.body(), logKey()).size()).isEqualTo(300);
    HttpResponse<byte[]> full = bytes("/ledger/tile/0/000");
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.body()).hasSize(8192);
    assertThat(full.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(full.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
    assertThat(bytes("/ledger/tile/0/001.p/44").body()).hasSize(44 * 32);
    assertThat(bytes("/ledger/tile/entries/001.p/44").statusCode()).isEqualTo(200);
    assertThat(bytes("/ledger/tile/1/000.p/1").body()).hasSize(32);
    TestingServer.assertProblem(server.send(server.request("/ledger/tile/0/002").GET()), 404, "NOT_FOUND");
    TestingServer.assertProblem(server.send(server.request("/ledger/tile/0/01").GET()), 404, "NOT_FOUND");

    Path mirror = temporary.resolve("mirror");
    HttpTileSource source = new HttpTileSource(server.uri("/ledger/"));
    long copied = new TileDirectory(mirror).copyFrom(source);
    assertThat(copied).isEqualTo(5); // 0/000, 0/001.p/44, 1/000.p/1, entries/000, entries/001.p/44
    MirrorAudit.Report report = MirrorAudit.audit(new TileDirectory(mirror), logKey());
    assertThat(report.entries()).isEqualTo(300);

    // No served byte names a number: entries are salted commitments. The tiles are random-looking
    // bytes, so a short pattern such as "+39" turns up by chance (about once in 800 runs); the
    // recorded numbers, in full (national digits, so with or without +39), do not.
    String[] numbers = new String[300];
    for (int i = 0; i < 300; i++) {
      numbers[i] = "333" + (1_000_000 + i);
    }
    try (var files = Files.walk(mirror)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(numbers);
      }
    }
  }

  HttpResponse<byte[]> bytes(String path) {
    try {
      return server.client.send(server.request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** SQL that drops the append-only triggers of ledger_entries and changes entry 0. */
  abstract List<String> tamperFirstEntry();

  abstract java.sql.Connection connect() throws java.sql.SQLException;

  @Test
  void aChangedEntryServedByTheLogIsCaughtByTheMirrorAudit() throws Exception {
    String acme = server.operator("acme", "standard");
    Instant given = ago(Duration.ofHours(1));
    for (long number : new long[] {MARIO, LUIGI, PEACH}) {
      assertThat(server.postJson("/api/v1/ledger/contracts", acme,
          "{\"number\": \"+" + number + "\", \"start\": \"" + given + "\"}").statusCode()).isEqualTo(201);
    }
    try (java.sql.Connection connection = connect(); java.sql.Statement statement = connection.createStatement()) {
      for (String sql : tamperFirstEntry()) {
        statement.execute(sql);
      }
    }
    Path mirror = temporary.resolve("tampered");
    new TileDirectory(mirror).copyFrom(new HttpTileSource(server.uri("/ledger/")));
    assertThatThrownBy(() -> MirrorAudit.audit(new TileDirectory(mirror), logKey()))
        .isInstanceOf(AuditException.class).hasMessageContaining("entries/000.p/3");
  }
}
