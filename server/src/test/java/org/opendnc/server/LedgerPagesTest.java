package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opendnc.ledger.Checkpoint;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.User;

/**
 * The operator's consent-ledger pages as a browser without JavaScript uses them, over HTTP on a
 * real server and SQLite store: the list (masked numbers, newest first, paged by leaf), the CSV
 * upload with its per-row report, a record pending and integrated with its proof and JSON, and
 * the isolation of operators.
 */
class LedgerPagesTest extends SqliteServerTest {

  private static final Pattern RECORD_ROW = Pattern.compile("<tr data-record=\"([^\"]+)\">");

  /** A portal user of a new operator, logged in; returns the client (the operator's key aside). */
  private PortalClient clerk(String operator, String language) {
    String oneTime = server.server.accounts().createUser("clerk-" + operator, User.Role.OPERATOR, operator,
        server.admin());
    PortalClient clerk = new PortalClient(server).language(language);
    clerk.logIn("clerk-" + operator, oneTime, "the clerk's own password");
    return clerk;
  }

  private static String consentsCsv(Instant given) {
    return "number;controller;purposes;notice.version;notice.sha256;collection_method;given_at;"
        + "evidence.ip;evidence.timestamp;evidence.confirmation_message_id;recipients\n"
        + "3331234567;Acme;telemarketing|surveys;v1;" + "ab".repeat(32) + ";web_form;" + given
        + ";203.0.113.7;" + given + ";m-1;\n"
        + "garbage;Acme;telemarketing;v1;" + "ab".repeat(32) + ";web_form;" + given
        + ";203.0.113.7;" + given + ";m-2;\n"
        + "\n"
        + "3337654321;Acme;telemarketing;v1;" + "ab".repeat(32) + ";pigeon;" + given
        + ";203.0.113.7;" + given + ";m-3;\n";
  }

  private static List<String> recordIds(String page) {
    List<String> ids = new ArrayList<>();
    Matcher row = RECORD_ROW.matcher(page);
    while (row.find()) {
      ids.add(row.group(1));
    }
    return ids;
  }

  @Test
  void anOperatorUploadsAMixedFileAndSeesItsRecordsMaskedWithTheRejectedLines() {
    server.operator("acme", "standard");
    PortalClient clerk = clerk("acme", "en");
    HttpResponse<String> empty = clerk.get("/operator/ledger");
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body()).contains("<h1>Consent ledger</h1>")
        .contains("href=\"/operator/ledger\" aria-current=\"page\"")
        .contains("You have recorded nothing in the ledger yet.")
        .contains("<label for=\"kind\">").contains("<label for=\"file\">")
        .contains("enctype=\"multipart/form-data\"").contains("name=\"_csrf\"")
        .doesNotContain("<script").doesNotContain("style=");

    Instant given = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> imported = clerk.postFile("/operator/ledger/imports", "file", "consents.csv",
        consentsCsv(given), Map.of("kind", "consents"));
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(imported.body())
        .contains("Consents: 3 rows read, 1 recorded, 0 already recorded, 2 rejected.")
        .contains("<caption>Rows not recorded (2): fix them and send them again</caption>")
        .contains("<tr><td>3</td><td class=\"mono\">RECORD_INVALID</td><td>number:")
        .contains("<tr><td>5</td><td class=\"mono\">RECORD_INVALID</td><td>collection_method:");
    // The same code path as the API: audited as LEDGER_IMPORT, and the row is a real record.
    assertThat(server.server.gateway().store().audit().page(Long.MAX_VALUE, "acme", 100))
        .extracting(AuditEntry::action).contains("LEDGER_IMPORT");
    List<String> ids = recordIds(imported.body());
    assertThat(ids).singleElement().satisfies(id -> assertThat(id).startsWith("c-"));
    assertThat(imported.body()).contains("+*********567").doesNotContain("393331234567")
        .contains("number ending in 567").contains("telemarketing, surveys")
        .contains("integrated, leaf 0").contains("<th scope=\"col\">Number</th>");

    // The same file again: found as a duplicate, not recorded twice.
    HttpResponse<String> again = clerk.postFile("/operator/ledger/imports", "file", "consents.csv",
        consentsCsv(given), Map.of("kind", "consents"));
    assertThat(again.body()).contains("Consents: 3 rows read, 0 recorded, 1 already recorded, 2 rejected.")
        .contains("<caption>Rows not recorded (3): fix them and send them again</caption>")
        .contains("<tr><td>2</td><td class=\"mono\">DUPLICATE</td>");
    assertThat(recordIds(clerk.get("/operator/ledger").body())).isEqualTo(ids);
    assertThat(server.server.gateway().store().audit().page(Long.MAX_VALUE, "acme", 100))
        .extracting(AuditEntry::action).contains("LEDGER_LIST");

    // Bad forms: no kind, no file, a file without rows; nothing is recorded.
    HttpResponse<String> noKind = clerk.postFile("/operator/ledger/imports", "file", "x.csv", "number\n", Map.of());
    assertThat(noKind.statusCode()).isEqualTo(400);
    assertThat(noKind.body()).contains("id=\"kind-error\">Choose what the file holds");
    HttpResponse<String> noFile = clerk.postFile("/operator/ledger/imports", "file", "x.csv", "",
        Map.of("kind", "contracts"));
    assertThat(noFile.statusCode()).isEqualTo(400);
    assertThat(noFile.body()).contains("id=\"file-error\">Choose the file (CSV) to record.");
    HttpResponse<String> noRows = clerk.postFile("/operator/ledger/imports", "file", "x.csv", "\n\n",
        Map.of("kind", "contracts"));
    assertThat(noRows.statusCode()).isEqualTo(422);
    assertThat(noRows.body()).contains("id=\"file-error\">The file holds no rows").contains("(INPUT_EMPTY)");
    assertThat(recordIds(noRows.body())).isEqualTo(ids);
  }

  @Test
  void theUploadWithoutTheFormsTokenIsRefusedAndRecordsNothing() {
    server.operator("acme", "standard");
    PortalClient clerk = clerk("acme", "en");
    clerk.get("/operator/ledger");
    HttpResponse<String> forged = clerk.postFileWithout("/operator/ledger/imports", "file", "c.csv",
        "number,start\n3331234567,2026-01-01T00:00:00Z\n", Map.of("kind", "contracts"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(server.server.gateway().store().ledgerRecords().ofOperator("acme", Long.MAX_VALUE, 10)).isEmpty();
    // The same file with the token is recorded.
    HttpResponse<String> sent = clerk.postFile("/operator/ledger/imports", "file", "c.csv",
        "number,start\n3331234567,2026-01-01T00:00:00Z\n", Map.of("kind", "contracts"));
    assertThat(sent.body()).as(sent.body()).contains("Contracts: 1 rows read, 1 recorded");
    assertThat(server.server.gateway().store().ledgerRecords().ofOperator("acme", Long.MAX_VALUE, 10)).hasSize(1);
  }

  @Test
  void theListComesNewestFirstFiftyAPageWithALinkToOlderRecords() {
    server.operator("acme", "standard");
    PortalClient clerk = clerk("acme", "en");
    StringBuilder csv = new StringBuilder("number,start,reference\n");
    for (int i = 0; i < 55; i++) {
      csv.append(3330000100L + i).append(",2026-01-01T00:00:00Z,ref-").append(i).append('\n');
    }
    HttpResponse<String> imported = clerk.postFile("/operator/ledger/imports", "file", "contracts.csv",
        csv.toString(), Map.of("kind", "contracts"));
    assertThat(imported.body()).as(imported.body()).contains("Contracts: 55 rows read, 55 recorded");

    HttpResponse<String> first = clerk.get("/operator/ledger");
    List<String> firstIds = recordIds(first.body());
    assertThat(firstIds).hasSize(LedgerPages.RECORDS_PER_PAGE);
    assertThat(first.body()).contains("ref-54").contains("integrated, leaf 54").doesNotContain("ref-4<");
    assertThat(first.body().indexOf("ref-54")).isLessThan(first.body().indexOf("ref-53"));
    assertThat(first.body()).contains("<a href=\"/operator/ledger?before=5\" rel=\"next\">Older entries</a>");

    HttpResponse<String> older = clerk.get("/operator/ledger?before=5");
    List<String> olderIds = recordIds(older.body());
    assertThat(olderIds).hasSize(5).doesNotContainAnyElementsOf(firstIds);
    assertThat(older.body()).contains("ref-4<").contains("ref-0<").contains("leaf 0")
        .doesNotContain("rel=\"next\"").contains("<a href=\"/operator/ledger\">Newest entries</a>");
    assertThat(clerk.get("/operator/ledger?before=abc").statusCode()).isEqualTo(400);
  }

  @Test
  void aRecordShowsItsProofAndDownloadsAsTheApisDocumentForItsOperatorOnly() {
    String acmeKey = server.operator("acme", "standard");
    server.operator("beta", "standard");
    PortalClient acme = clerk("acme", "en");
    PortalClient beta = clerk("beta", "en");
    HttpResponse<String> imported = acme.postFile("/operator/ledger/imports", "file", "c.csv",
        "number,start,end\n3331234567,2026-01-01T00:00:00Z,2027-01-01T00:00:00Z\n3337654321,2026-02-01T00:00:00Z,\n",
        Map.of("kind", "contracts"));
    List<String> ids = recordIds(imported.body());
    assertThat(ids).hasSize(2);
    String id = ids.get(1); // the older one: leaf 0 of a tree of 2, a proof of one hash

    HttpResponse<String> page = acme.get("/operator/ledger/" + id);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    Checkpoint checkpoint = server.server.gateway().ledger().log().checkpoint();
    assertThat(page.body()).contains("<td class=\"mono\" id=\"record-id\">" + id + "</td>")
        .contains("id=\"leaf-index\">0</td>").contains("id=\"tree-size\">2</td>")
        .contains("id=\"root-hash\">" + Base64.getEncoder().encodeToString(checkpoint.rootHash()) + "</td>")
        .contains("<ol id=\"proof-hashes\"").contains("+*********567").doesNotContain("393331234567")
        .contains("<th scope=\"row\">Tree size</th>")
        .contains("href=\"/operator/ledger/" + id + "/json\"");
    assertThat(Pattern.compile("<li>[A-Za-z0-9+/=]{44}</li>").matcher(page.body()).results().count()).isEqualTo(1);

    HttpResponse<String> download = acme.get("/operator/ledger/" + id + "/json");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("attachment")
        .contains("ledger-record-" + id + ".json");
    HttpResponse<String> api = server.get("/api/v1/ledger/records/" + id, acmeKey);
    assertThat(TestingServer.json(download)).isEqualTo(TestingServer.json(api));
    ApiSchemas.assertValid("ProvenRecord", download.body());
    assertThat(server.server.gateway().store().audit().page(Long.MAX_VALUE, "acme", 100))
        .filteredOn(e -> e.action().equals("LEDGER_READ") && id.equals(e.subject()))
        .hasSize(3).allSatisfy(e -> assertThat(e.e164()).isEqualTo(393331234567L));

    // Another operator: its list is empty, and acme's record is "not found" like an unknown id.
    assertThat(recordIds(beta.get("/operator/ledger").body())).isEmpty();
    HttpResponse<String> foreign = beta.get("/operator/ledger/" + id);
    HttpResponse<String> unknown = beta.get("/operator/ledger/c-nothing");
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    // The same page but for the id asked (and the request's own id).
    assertThat(withoutRequestId(foreign.body().replace(id, "ID"))).isEqualTo(withoutRequestId(unknown.body()
        .replace("c-nothing", "ID")));
    // The number in full: a short piece such as "567" can turn up in the random request id.
    assertThat(foreign.body()).doesNotContain("3331234567").doesNotContain("Contract");
    assertThat(beta.get("/operator/ledger/" + id + "/json").statusCode()).isEqualTo(404);
    assertThat(new PortalClient(server).get("/operator/ledger/" + id).statusCode()).isIn(302, 303, 401);
  }

  private static String withoutRequestId(String page) {
    return page.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "ID").replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "");
  }

  @Test
  void aRecordNotYetIntegratedIsShownPendingThenWithItsProof() throws Exception {
    String acmeKey = server.operator("acme", "standard");
    PortalClient clerk = clerk("acme", "it");
    server.server.gateway().ledger().integrationTimeout(Duration.ofMillis(300));
    String id;
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:"
        + temporary.resolve("data").resolve("register.db")); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TRIGGER test_hold_ledger BEFORE INSERT ON ledger_entries"
          + " BEGIN SELECT RAISE(ABORT, 'held by the test'); END");
      HttpResponse<String> posted = server.postJson("/api/v1/ledger/contracts", acmeKey,
          "{\"number\": \"+393331234567\", \"start\": \"2026-01-01T00:00:00Z\"}");
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      id = TestingServer.json(posted).path("record_id").asText();

      HttpResponse<String> list = clerk.get("/operator/ledger");
      assertThat(list.body()).contains("href=\"/operator/ledger\" aria-current=\"page\">Registro dei consensi</a>")
          .contains("<tr data-record=\"" + id + "\">").contains("in attesa di integrazione");
      HttpResponse<String> pending = clerk.get("/operator/ledger/" + id);
      assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
      assertThat(pending.body()).contains("id=\"pending-note\"").contains("+*********567")
          .contains("Contratto").doesNotContain("id=\"tree-size\"");
      HttpResponse<String> pendingJson = clerk.get("/operator/ledger/" + id + "/json");
      assertThat(pendingJson.statusCode()).isEqualTo(202);
      assertThat(TestingServer.json(pendingJson).path("status").asText()).isEqualTo("pending_integration");
      statement.execute("DROP TRIGGER test_hold_ledger");
    }
    HttpResponse<String> integrated = clerk.get("/operator/ledger/" + id);
    for (int i = 0; i < 100 && integrated.statusCode() == 202; i++) {
      Thread.sleep(100);
      integrated = clerk.get("/operator/ledger/" + id);
    }
    assertThat(integrated.statusCode()).as(integrated.body()).isEqualTo(200);
    assertThat(integrated.body()).contains("id=\"tree-size\">1</td>").contains("Prova di inclusione")
        .contains("id=\"no-hashes\"");
    JsonNode json = TestingServer.json(clerk.get("/operator/ledger/" + id + "/json"));
    assertThat(json.path("status").asText()).isEqualTo("integrated");
    assertThat(clerk.get("/operator/ledger").body()).contains("integrata, foglia 0");
  }
}
