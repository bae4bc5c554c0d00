package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendnc.core.receipt.ReceiptJson;
import org.opendnc.core.receipt.ReceiptVerifier;

/** The API over real HTTP against a running server, on every database product (subclasses). */
abstract class BaseServerApiTest {

  static final long REGISTERED = 393331234567L;
  static final long ALLOWED = 393331234568L;

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

  @Test
  void thePreCallCheckAnswersEachVerdictAndCountsValidNumbers() {
    server.register(REGISTERED, ALLOWED);
    server.allow(ALLOWED, "acme");
    String key = server.operator("acme", "standard");

    JsonNode blocked = check(key, "333 123 4567");
    assertThat(blocked.path("e164").asText()).isEqualTo("+393331234567");
    assertThat(blocked.path("verdict").asText()).isEqualTo("BLOCKED");
    assertThat(blocked.path("reason").asText()).isEqualTo("REGISTERED");
    assertThat(blocked.path("register_version").asLong()).isEqualTo(3);
    assertThat(check(key, "+393331234568").path("reason").asText()).isEqualTo("ALLOWED_BY_SUBSCRIBER");
    assertThat(check(key, "3201234567").path("reason").asText()).isEqualTo("NOT_REGISTERED");
    JsonNode invalid = check(key, "not-a-number");
    assertThat(invalid.path("verdict").asText()).isEqualTo("INVALID");
    assertThat(invalid.path("e164").isNull()).isTrue();
    assertThat(check(key, "+44 20 7946 0958").path("reason").asText()).isEqualTo("FOREIGN_NUMBER");

    HttpResponse<String> usage = server.get("/api/v1/usage", key);
    assertThat(usage.statusCode()).isEqualTo(200);
    ApiSchemas.assertValid("Usage", usage.body());
    JsonNode standing = TestingServer.json(usage);
    assertThat(standing.path("used").asLong()).as("invalid and foreign numbers are free").isEqualTo(3);
    assertThat(standing.path("yearly_quota").asLong()).isEqualTo(1_000_000);
    assertThat(standing.path("days").get(0).path("checks").asLong()).isEqualTo(3);
  }

  private JsonNode check(String key, String number) {
    String encoded = java.net.URLEncoder.encode(number, StandardCharsets.UTF_8).replace("+", "%20")
        .replace("%2B", "%2B");
    if (number.startsWith("+")) {
      encoded = "%2B" + java.net.URLEncoder.encode(number.substring(1), StandardCharsets.UTF_8)
          .replace("+", "%20");
    }
    HttpResponse<String> response = server.get("/api/v1/numbers/" + encoded + "/callable", key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    ApiSchemas.assertValid("CallableAnswer", response.body());
    return TestingServer.json(response);
  }

  @Test
  void theBatchCheckStreamsTheResultAndIssuesAVerifiableReceipt() throws Exception {
    server.register(REGISTERED);
    String key = server.operator("acme", "standard");
    String list = "nome;telefono\nAnna;333 123 4567\nBea;320 555 1234\nCarlo;garbage\n";

    HttpResponse<String> checked = server.postCsv("/api/v1/checks", key, list);
    assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
    assertThat(checked.body()).isEqualTo("nome;telefono;e164;verdict;reason\n"
        + "Anna;333 123 4567;+393331234567;BLOCKED;REGISTERED\n"
        + "Bea;320 555 1234;+393205551234;CALLABLE;NOT_REGISTERED\n"
        + "Carlo;garbage;;INVALID;INVALID_NUMBER\n");
    String receiptId = checked.headers().firstValue("X-Receipt-Id").orElseThrow();
    assertThat(checked.headers().firstValue("Link")).contains(
        "</api/v1/receipts/" + receiptId + ">; rel=\"receipt\"");

    HttpResponse<String> receipt = server.get("/api/v1/receipts/" + receiptId, key);
    assertThat(receipt.statusCode()).isEqualTo(200);
    ApiSchemas.assertValid("Receipt", receipt.body());
    var parsed = ReceiptJson.read(receipt.body());
    assertThat(parsed.counts().rows()).isEqualTo(3);
    assertThat(parsed.operator()).isEqualTo("acme");
    assertThat(parsed.outputSha256()).isEqualTo(sha256(checked.body()));
    assertThat(parsed.inputSha256()).isEqualTo(sha256(list));
    String publicKey = TestingServer.json(server.send(server.request("/api/v1/register").GET()))
        .path("public_key").asText();
    assertThat(ReceiptVerifier.verifySignature(parsed, ReceiptVerifier.publicKeyFromBase64(publicKey)))
        .isTrue();

    HttpResponse<String> verified = server.postJson("/api/v1/receipts/verify", key,
        "{\"receipt\":" + receipt.body() + ",\"result_sha256\":\"" + sha256(checked.body()) + "\"}");
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    ApiSchemas.assertValid("Verification", verified.body());
    assertThat(TestingServer.json(verified).path("valid").asBoolean()).isTrue();
    String tampered = receipt.body().replace("\"rows\" : 3", "\"rows\" : 4")
        .replace("\"callable\" : 1", "\"callable\" : 2");
    JsonNode refused = TestingServer.json(server.postJson("/api/v1/receipts/verify", key,
        "{\"receipt\":" + tampered + ",\"result_sha256\":\"" + "0".repeat(64) + "\"}"));
    assertThat(refused.path("valid").asBoolean()).isFalse();
    assertThat(refused.path("problems").toString()).contains("BAD_SIGNATURE", "RESULT_HASH_MISMATCH");

    HttpResponse<String> receipts = server.get("/api/v1/receipts", key);
    ApiSchemas.assertValid("ReceiptPage", receipts.body());
    assertThat(TestingServer.json(receipts).path("receipts").get(0).path("id").asText())
        .isEqualTo(receiptId);
    assertThat(TestingServer.json(server.get("/api/v1/usage", key)).path("used").asLong())
        .as("the two valid numbers of the list").isEqualTo(2);

    HttpResponse<String> onlyCallable = server.postCsv(
        "/api/v1/checks?only_callable=true&column=telefono", key, list);
    assertThat(onlyCallable.body()).isEqualTo("nome;telefono;e164;verdict;reason\n"
        + "Bea;320 555 1234;+393205551234;CALLABLE;NOT_REGISTERED\n");
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aBadListGetsAProblemWithItsCode() {
    String key = server.operator("acme", "standard");
    TestingServer.assertProblem(server.postCsv("/api/v1/checks", key, ""), 422, "INPUT_EMPTY");
    JsonNode column = TestingServer.assertProblem(
        server.postCsv("/api/v1/checks", key, "a,b\n1,2\n"), 422, "COLUMN_NOT_FOUND");
    assertThat(column.path("detail").asText()).contains("?column=").doesNotContain("--column");
    TestingServer.assertProblem(
        server.postCsv("/api/v1/checks", key, "phone\n\"unclosed\n"), 422, "MALFORMED_CSV");
    TestingServer.assertProblem(server.postJson("/api/v1/checks", key, "{}"), 415,
        "UNSUPPORTED_MEDIA_TYPE");
    TestingServer.assertProblem(
        server.postJson("/api/v1/receipts/verify", key, "{\"receipt\": {\"id\": 1}}"), 422,
        "RECEIPT_MALFORMED");
    TestingServer.assertProblem(server.postJson("/api/v1/receipts/verify", key, "{nope"), 400,
        "INVALID_ARGUMENT");
    assertThat(TestingServer.json(server.get("/api/v1/usage", key)).path("used").asLong()).isZero();
  }

  @Test
  void operatorsManageTheirKeys() {
    String key = server.operator("acme", "trial");
    HttpResponse<String> issued = server.postJson("/api/v1/keys", key, "");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    ApiSchemas.assertValid("IssuedKey", issued.body());
    JsonNode second = TestingServer.json(issued);
    String secondKey = second.path("key").asText();
    assertThat(server.get("/api/v1/usage", secondKey).statusCode()).isEqualTo(200);

    HttpResponse<String> keys = server.get("/api/v1/keys", key);
    ApiSchemas.assertValid("KeyList", keys.body());
    assertThat(keys.body()).doesNotContain(secondKey).contains(second.path("prefix").asText());
    assertThat(TestingServer.json(keys).path("keys")).hasSize(2);

    HttpResponse<String> revoked = server.send(server.request("/api/v1/keys/" + second.path("id").asText())
        .header("Authorization", "Bearer " + key).DELETE());
    assertThat(revoked.statusCode()).isEqualTo(204);
    TestingServer.assertProblem(server.get("/api/v1/usage", secondKey), 401, "UNAUTHENTICATED");
    assertThat(server.get("/api/v1/usage", key).statusCode()).isEqualTo(200);
  }

  /** A client with a cookie jar, logged in as the first admin with a changed password. */
  record AdminClient(TestingServer server, HttpClient client, String csrf) {
    HttpResponse<String> send(HttpRequest.Builder request) {
      try {
        return client.send(request.header("X-CSRF-Token", csrf).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    HttpResponse<String> get(String path) {
      return send(server.request(path).GET());
    }

    HttpResponse<String> json(String method, String path, String body) {
      return send(server.request(path).header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }
  }

  static AdminClient adminLogin(TestingServer server) throws Exception {
    String oneTime = server.server.accounts().bootstrapAdmin(server.admin()).orElseThrow();
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    HttpResponse<String> login = client.send(server.request("/api/v1/session")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"username\":\"admin\",\"password\":\"" + oneTime + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    ApiSchemas.assertValid("Session", login.body());
    assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
        assertThat(cookie).contains("dnc_session=").containsIgnoringCase("HttpOnly")
            .containsIgnoringCase("SameSite=Strict"));
    JsonNode session = TestingServer.json(login);
    assertThat(session.path("password_change_required").asBoolean()).isTrue();
    AdminClient admin = new AdminClient(server, client, session.path("csrf_token").asText());
    TestingServer.assertProblem(admin.get("/api/v1/admin/operators"), 403, "PASSWORD_CHANGE_REQUIRED");
    HttpResponse<String> changed = admin.json("PUT", "/api/v1/session/password",
        "{\"current_password\":\"" + oneTime + "\",\"new_password\":\"a much better password\"}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
    return admin;
  }

  @Test
  void adminsManageOperatorsAndPlansAndSeeStatisticsAndTheAuditLog() throws Exception {
    server.register(REGISTERED);
    AdminClient admin = adminLogin(server);

    HttpResponse<String> plan = admin.json("PUT", "/api/v1/admin/plans/pilot", "{\"yearly_quota\": 5}");
    assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
    ApiSchemas.assertValid("Plan", plan.body());
    ApiSchemas.assertValid("PlanList", admin.get("/api/v1/admin/plans").body());

    HttpResponse<String> created = admin.json("POST", "/api/v1/admin/operators",
        "{\"id\":\"acme\",\"name\":\"ACME S.p.A.\",\"plan\":\"pilot\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    ApiSchemas.assertValid("NewOperator", created.body());
    String key = TestingServer.json(created).path("key").path("key").asText();
    TestingServer.assertProblem(admin.json("POST", "/api/v1/admin/operators", "{\"id\":\"acme\"}"),
        409, "CONFLICT");
    TestingServer.assertProblem(admin.json("POST", "/api/v1/admin/operators", "{\"id\":\"Bad Id\"}"),
        400, "INVALID_ARGUMENT");
    TestingServer.assertProblem(admin.json("POST", "/api/v1/admin/operators",
        "{\"id\":\"beta\",\"plan\":\"nope\"}"), 400, "INVALID_ARGUMENT");

    assertThat(server.get("/api/v1/numbers/3331234567/callable", key).statusCode()).isEqualTo(200);
    assertThat(server.postCsv("/api/v1/checks", key, "phone\n3331234567\n3209999999\n").statusCode())
        .isEqualTo(200);

    HttpResponse<String> detail = admin.get("/api/v1/admin/operators/acme");
    ApiSchemas.assertValid("OperatorDetail", detail.body());
    assertThat(TestingServer.json(detail).path("usage").path("used").asLong()).isEqualTo(3);
    ApiSchemas.assertValid("OperatorList", admin.get("/api/v1/admin/operators").body());
    TestingServer.assertProblem(admin.get("/api/v1/admin/operators/nobody"), 404, "NOT_FOUND");

    HttpResponse<String> disabled = admin.json("PATCH", "/api/v1/admin/operators/acme",
        "{\"disabled\": true}");
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    ApiSchemas.assertValid("Operator", disabled.body());
    TestingServer.assertProblem(server.get("/api/v1/usage", key), 401, "UNAUTHENTICATED");

    HttpResponse<String> user = admin.json("POST", "/api/v1/admin/users",
        "{\"username\":\"clerk\",\"role\":\"OPERATOR\",\"operator\":\"acme\"}");
    assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
    ApiSchemas.assertValid("NewUser", user.body());

    HttpResponse<String> statistics = admin.get("/api/v1/admin/statistics");
    assertThat(statistics.statusCode()).as(statistics.body()).isEqualTo(200);
    ApiSchemas.assertValid("Statistics", statistics.body());
    JsonNode stats = TestingServer.json(statistics);
    assertThat(stats.path("events").get(0).path("count").asLong()).isEqualTo(1);
    assertThat(stats.path("events").get(0).path("channel").asText()).isEqualTo("WEB");
    assertThat(stats.path("checks").get(0).path("numbers_checked").asLong()).isEqualTo(3);
    assertThat(stats.path("top_operators").get(0).path("operator").asText()).isEqualTo("acme");
    TestingServer.assertProblem(admin.get("/api/v1/admin/statistics?from=2026-13-01"), 400,
        "INVALID_ARGUMENT");

    HttpResponse<String> audit = admin.get("/api/v1/admin/audit?limit=3");
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    ApiSchemas.assertValid("AuditPage", audit.body());
    JsonNode page = TestingServer.json(audit);
    assertThat(page.path("entries")).hasSize(3);
    assertThat(page.path("next").asText()).startsWith("/api/v1/admin/audit?before=");
    JsonNode all = TestingServer.json(admin.get("/api/v1/admin/audit?limit=500&actor=acme"));
    assertThat(all.path("entries").toString()).contains("CHECK_SINGLE", "CHECK_BATCH")
        .doesNotContain("3209999999");
  }

  @Test
  void operationsRoutesAnswer() {
    HttpResponse<String> live = server.send(server.request("/health/live").GET());
    assertThat(live.statusCode()).isEqualTo(200);
    ApiSchemas.assertValid("Health", live.body());
    HttpResponse<String> ready = server.send(server.request("/health/ready").GET());
    assertThat(ready.statusCode()).isEqualTo(200);
    ApiSchemas.assertValid("Health", ready.body());
    ApiSchemas.assertValid("RegisterFacts", server.send(server.request("/api/v1/register").GET()).body());
    HttpResponse<String> openapi = server.send(server.request("/api/openapi.json").GET());
    assertThat(TestingServer.json(openapi).path("openapi").asText()).isEqualTo("3.1.0");
    HttpResponse<String> docs = server.send(server.request("/api/docs").GET());
    assertThat(docs.body()).contains("/api/docs/assets/swagger-ui-bundle.js");
    HttpResponse<String> bundle = server.send(server.request("/api/docs/assets/swagger-ui-bundle.js").GET());
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.body().length()).isGreaterThan(100_000);

    String key = server.operator("acme", "standard");
    server.get("/api/v1/numbers/3331234567/callable", key);
    HttpResponse<String> metrics = server.send(server.request("/metrics").GET());
    assertThat(metrics.body())
        .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/numbers/{number}/callable\",status=\"200\"}")
        .contains("dnc_checks_total{kind=\"single\"}")
        .doesNotContain("3331234567");
  }

  @Test
  void aRegulatorAuditsCallRecordsAsAJobAndSeesTheDashboardEveryReadAudited() throws Exception {
    server.register(RegulatorSamples.REGISTERED);
    server.operator("acme", "standard");
    server.server.gateway().store().operatorLists().declareCallingNumber("acme", 390612345678L,
        java.time.Instant.parse("2025-01-01T00:00:00Z"));
    server.server.gateway().store().complaints().add(java.util.List.of(
        complaint("k1", 390612345678L, "2026-03-02T10:00:00Z"),
        complaint("k2", 390612345678L, "2026-03-04T10:00:00Z"),
        complaint("k3", 390699999999L, "2026-03-10T10:00:00Z")));
    RegulatorClient regulator = RegulatorClient.regulator(server, "garante");

    HttpResponse<String> submitted = regulator.post("/api/v1/audits?profile=IT&file_name=cdr.csv",
        "text/csv", RegulatorSamples.CALLS.getBytes(StandardCharsets.UTF_8));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String location = submitted.headers().firstValue("Location").orElseThrow();
    JsonNode job = regulator.awaitJob(location);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(job.path("owner").asText()).isEqualTo("garante");
    assertThat(job.path("outputs")).extracting(JsonNode::asText).contains("verdicts.csv",
        "report.html", "report.pdf", "evidence.csv", "evidence.json");
    JsonNode summary = job.path("summary");
    assertThat(summary.path("counts").path("calls").asLong()).isEqualTo(3);
    assertThat(summary.path("rejected_rows").asLong()).isEqualTo(1);
    assertThat(summary.path("rejects").get(0).path("line").asLong()).isEqualTo(5);
    assertThat(summary.path("rejects").get(0).path("reason").asText()).isEqualTo("INVALID_CALLEE");
    assertThat(summary.path("violations_by_code").path("OPPOSED_NO_CONSENT").asLong()).isEqualTo(2);
    assertThat(summary.path("violations_by_code").path("CALLER_ID_WITHHELD").asLong()).isEqualTo(1);

    String verdicts = regulator.get(location + "/files/verdicts.csv").body();
    assertThat(verdicts).startsWith("call_id,verdict,reasons,evidence\n")
        .containsPattern("c1,VIOLATION,[A-Z_;]*OPPOSED_NO_CONSENT")
        .doesNotContain("c4,");
    HttpResponse<String> report = regulator.get(location + "/files/report.html");
    assertThat(report.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    assertThat(report.body()).contains("<svg");
    assertThat(TestingServer.json(regulator.get(location + "/files/evidence.json")).toString())
        .contains("OPPOSED_NO_CONSENT");

    HttpResponse<String> dashboard = regulator.get("/api/v1/regulator/dashboard");
    assertThat(dashboard.statusCode()).isEqualTo(200);
    ApiSchemas.assertValid("Dashboard", dashboard.body());
    JsonNode view = TestingServer.json(dashboard);
    assertThat(view.path("complaints").asLong()).isEqualTo(3);
    assertThat(view.path("weeks").toString()).contains(
        "{\"week\":\"2026-03-02\",\"complaints\":2}", "{\"week\":\"2026-03-09\",\"complaints\":1}");
    assertThat(view.path("top_caller_ids").get(0).path("name").asText()).isEqualTo("+390612345678");
    assertThat(view.path("top_caller_ids").get(0).path("complaints").asLong()).isEqualTo(2);
    assertThat(view.path("top_operators").toString()).isEqualTo(
        "[{\"name\":\"acme\",\"complaints\":2}]");
    assertThat(view.path("audits").asLong()).isEqualTo(1);
    assertThat(view.path("violations_by_code").toString()).contains(
        "{\"code\":\"OPPOSED_NO_CONSENT\",\"violations\":2}");
    ApiSchemas.assertValid("JobList", regulator.get("/api/v1/audits").body());

    var entries = server.server.gateway().store().audit().page(Long.MAX_VALUE, "garante", 100);
    assertThat(entries).extracting(e -> e.actorType().name()).containsOnly("REGULATOR");
    assertThat(entries).extracting(e -> e.action() + " " + e.detail()).contains(
        "AUDIT_FILE_DOWNLOADED verdicts.csv", "AUDIT_FILE_DOWNLOADED report.html",
        "AUDIT_FILE_DOWNLOADED evidence.json");
    assertThat(entries).extracting(e -> e.action()).contains("AUDIT_JOB_CREATED",
        "AUDIT_JOB_VIEWED", "AUDIT_JOBS_LISTED", "REGULATOR_DASHBOARD_VIEWED", "LOGIN");
  }

  private static org.opendnc.store.Complaint complaint(String id, long caller, String at) {
    return new org.opendnc.store.Complaint(id, "NATIVE", "+" + caller, caller, 0, null,
        java.time.Instant.parse(at), null, null, null, null, null, null, null, "test.csv", 2);
  }
}
