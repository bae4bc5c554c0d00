package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.engine.citizen.CitizenConfig;

/**
 * Citizens over real HTTP: requests, codes from the development outbox, call proof through the
 * IVR webhook, status and history, refusals, and the audit log. Run on SQLite and PostgreSQL.
 */
abstract class BaseCitizenApiTest {

  static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
  static final String IVR_SECRET = "test-ivr-secret-0123456789abcdefghijklmnop";
  static final long MOBILE = 393331234567L;
  static final long OTHER_MOBILE = 393471112222L;
  static final long FIXED = 390612345678L;
  static final CitizenConfig RULES = CitizenConfig.defaults(39);
  private static final Pattern CODE =
      Pattern.compile("OpenDNC: (\\d{6}) is your code .* \\+(\\d+) in the");

  @TempDir Path temporary;
  final TestingClock clock = new TestingClock(START);
  TestingServer server;
  BaseServerApiTest.AdminClient admin;

  abstract RegisterConfig registerConfig(Path dataDir) throws Exception;

  /** Generous general limits and the default citizen limits, with a configured IVR secret. */
  ServerConfig serverConfig() {
    return TestingServer.generousLimits()
        .withCitizens(CitizenSettings.defaults().withIvrSecret(IVR_SECRET));
  }

  @BeforeEach
  void start() throws Exception {
    server = TestingServer.start(registerConfig(temporary.resolve("data")), serverConfig(), clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // --- helpers ---

  HttpResponse<String> post(String path, String json) {
    return server.send(server.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> get(String path) {
    return server.send(server.request(path).GET());
  }

  HttpResponse<String> ivr(String secret, String from, String to, Instant at) {
    HttpRequest.Builder request = server.request("/api/v1/ivr/calls")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":" + (from == null ? "null" : "\"" + from + "\"")
            + ",\"to\":\"" + to + "\",\"at\":\"" + at + "\"}"));
    if (secret != null) {
      request.header("Authorization", "Bearer " + secret);
    }
    return server.send(request);
  }

  JsonNode ivrOk(String from, String to, Instant at) {
    HttpResponse<String> answer = ivr(IVR_SECRET, from, to, at);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    ApiSchemas.assertValid("IvrCallAnswer", answer.body());
    return TestingServer.json(answer);
  }

  /** Starts a request and checks the answer; returns it. */
  JsonNode startOk(String json) {
    HttpResponse<String> started = post("/api/v1/citizen/requests", json);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    ApiSchemas.assertValid("StartedRequest", started.body());
    JsonNode body = TestingServer.json(started);
    assertThat(started.headers().firstValue("Location"))
        .contains("/api/v1/citizen/requests/" + body.path("request_id").asText());
    return body;
  }

  static String requestPath(JsonNode started) {
    return "/api/v1/citizen/requests/" + started.path("request_id").asText();
  }

  BaseServerApiTest.AdminClient admin() throws Exception {
    if (admin == null) {
      admin = BaseServerApiTest.adminLogin(server);
    }
    return admin;
  }

  /** The newest code sent to each number, read from the development outbox as an admin. */
  Map<String, String> codes() throws Exception {
    HttpResponse<String> outbox = admin().get("/api/v1/admin/sms-outbox?limit=50");
    assertThat(outbox.statusCode()).as(outbox.body()).isEqualTo(200);
    ApiSchemas.assertValid("SmsOutbox", outbox.body());
    Map<String, String> codes = new HashMap<>();
    for (JsonNode message : TestingServer.json(outbox).path("messages")) {
      Matcher m = CODE.matcher(message.path("body").asText());
      assertThat(m.find()).as(message.toString()).isTrue();
      assertThat("+" + m.group(2)).isEqualTo(message.path("to").asText());
      codes.putIfAbsent(message.path("to").asText(), m.group(1));
    }
    return codes;
  }

  HttpResponse<String> submit(JsonNode started, String number, String code) {
    return post(requestPath(started) + "/codes",
        "{\"number\":\"" + number + "\",\"code\":\"" + code + "\"}");
  }

  static String wrong(String code) {
    return code.equals("000000") ? "000001" : "000000";
  }

  List<RegisterEvent> history(long e164) {
    return server.server.gateway().store().events().history(e164);
  }

  /** The audit log, newest first, as an admin reads it. */
  JsonNode audit() throws Exception {
    HttpResponse<String> page = admin().get("/api/v1/admin/audit?limit=500");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    ApiSchemas.assertValid("AuditPage", page.body());
    return TestingServer.json(page).path("entries");
  }

  // --- the journeys ---

  @Test
  void aCitizenRegistersTwoNumbersWithCodesAndSeesTheStatusOnlyAfterProof() throws Exception {
    JsonNode started = startOk("{\"action\":\"REGISTER\",\"numbers\":[\"333 123 4567\",\"+39 347 111 2222\"],"
        + "\"proof\":\"SMS_CODE\"}");
    String id = started.path("request_id").asText();
    assertThat(started.path("numbers")).extracting(n -> n.path("number").asText())
        .containsExactly("+393331234567", "+393471112222");
    assertThat(started.path("numbers").get(0).path("call_to").isNull()).isTrue();
    assertThat(started.path("expires_at").asText()).isEqualTo(START.plus(Duration.ofMinutes(10)).toString());

    // Before proof: no status, no history, and progress says only what was sent.
    TestingServer.assertProblem(get(requestPath(started) + "/status"), 403, "PROOF_REQUIRED");
    TestingServer.assertProblem(get(requestPath(started) + "/history"), 403, "PROOF_REQUIRED");
    HttpResponse<String> pending = get(requestPath(started));
    assertThat(pending.statusCode()).isEqualTo(200);
    ApiSchemas.assertValid("RequestProgress", pending.body());
    assertThat(TestingServer.json(pending).path("state").asText()).isEqualTo("PENDING");

    Map<String, String> codes = codes();
    HttpResponse<String> half = submit(started, "333 123 4567", codes.get("+393331234567"));
    assertThat(half.statusCode()).as(half.body()).isEqualTo(200);
    ApiSchemas.assertValid("RequestProgress", half.body());
    assertThat(TestingServer.json(half).path("numbers")).extracting(n -> n.path("proven").asBoolean())
        .containsExactly(true, false);
    TestingServer.assertProblem(get(requestPath(started) + "/status"), 403, "PROOF_REQUIRED");

    HttpResponse<String> done = submit(started, "+393471112222", codes.get("+393471112222"));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(TestingServer.json(done).path("state").asText()).isEqualTo("DONE");

    HttpResponse<String> status = get(requestPath(started) + "/status");
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    ApiSchemas.assertValid("RequestStatus", status.body());
    JsonNode shown = TestingServer.json(status);
    assertThat(shown.path("numbers")).extracting(n -> n.path("registered").asBoolean()).containsExactly(true, true);
    assertThat(shown.path("last_sequence").asLong() - shown.path("first_sequence").asLong()).isEqualTo(1);

    HttpResponse<String> history = get(requestPath(started) + "/history");
    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    ApiSchemas.assertValid("RequestHistory", history.body());
    JsonNode event = TestingServer.json(history).path("numbers").get(0).path("events").get(0);
    assertThat(event.path("type").asText()).isEqualTo("REGISTER");
    assertThat(event.path("channel").asText()).isEqualTo("API");
    assertThat(event.path("evidence").asText()).startsWith("sms-otp:");
    String ref = event.path("evidence").asText().substring("sms-otp:".length());
    assertThat(ref).isNotEqualTo(id);

    // Every citizen action is audited under the request's ref: never the id, never a code.
    JsonNode entries = audit();
    List<String> citizenActions = new java.util.ArrayList<>();
    for (JsonNode entry : entries) {
      if (entry.path("actor_type").asText().equals("CITIZEN")) {
        assertThat(entry.path("actor").asText()).isIn(ref, "-");
        citizenActions.add(entry.path("action").asText() + " " + entry.path("outcome").asText());
      }
    }
    assertThat(citizenActions).containsExactly("CITIZEN_HISTORY OK", "CITIZEN_STATUS OK",
        "CITIZEN_CODE OK", "CITIZEN_STATUS PROOF_REQUIRED", "CITIZEN_CODE OK",
        "CITIZEN_HISTORY PROOF_REQUIRED", "CITIZEN_STATUS PROOF_REQUIRED", "CITIZEN_START OK");
    assertThat(entries.toString()).doesNotContain(id).doesNotContain(codes.get("+393331234567"))
        .doesNotContain(codes.get("+393471112222")).contains("SMS_OUTBOX_READ");
  }

  @Test
  void aLineIsProvenByACallSeenByTheIvrWebhook() {
    JsonNode started = startOk("{\"action\":\"register\",\"numbers\":[\"06 1234 5678\",\"3331234567\"],"
        + "\"proof\":\"CALL\"}");
    assertThat(started.path("expires_at").asText()).isEqualTo(START.plus(Duration.ofMinutes(5)).toString());
    String fixedLine = started.path("numbers").get(0).path("call_to").asText();
    String mobileLine = started.path("numbers").get(1).path("call_to").asText();
    assertThat(RULES.proofLines()).contains(Long.parseLong(fixedLine.substring(1)));

    JsonNode first = ivrOk("+39 06 1234 5678", fixedLine, START.plusSeconds(60));
    assertThat(first.path("outcome").asText()).isEqualTo("PROVEN");
    assertThat(first.path("sequence").asLong()).isZero();
    TestingServer.assertProblem(get(requestPath(started) + "/status"), 403, "PROOF_REQUIRED");
    TestingServer.assertProblem(submit(started, "0612345678", "123456"), 400, "INVALID_ARGUMENT");

    clock.advance(Duration.ofMinutes(2));
    JsonNode second = ivrOk("00393331234567", mobileLine, clock.instant());
    assertThat(second.path("outcome").asText()).isEqualTo("PROVEN");
    assertThat(second.path("sequence").asLong()).isPositive();
    assertThat(second.path("request_ref").asText()).isEqualTo(first.path("request_ref").asText());

    assertThat(TestingServer.json(get(requestPath(started))).path("state").asText()).isEqualTo("DONE");
    JsonNode status = TestingServer.json(get(requestPath(started) + "/status"));
    assertThat(status.path("numbers")).extracting(n -> n.path("registered").asBoolean()).containsExactly(true, true);
    assertThat(history(FIXED)).singleElement().satisfies(e ->
        assertThat(e.evidence()).isEqualTo("ivr:" + first.path("call_id").asText()));
  }

  @Test
  void aCallToTheRegistersOwnNumberRegistersTheLineOnceEvenWhenTheReportIsRetried() throws Exception {
    String registerLine = "+" + RULES.registerLine();
    Instant at = START.minusSeconds(5);
    JsonNode registered = ivrOk("+39 333 1234567", registerLine, at);
    assertThat(registered.path("outcome").asText()).isEqualTo("REGISTERED");
    assertThat(registered.path("sequence").asLong()).isEqualTo(1);
    assertThat(registered.path("message").asText()).contains("register");

    JsonNode retried = ivrOk("+39 333 1234567", registerLine, at);
    assertThat(retried).isEqualTo(registered);
    assertThat(history(MOBILE)).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventType.REGISTER);
      assertThat(e.at()).isEqualTo(at);
      assertThat(e.evidence()).isEqualTo("ivr:" + registered.path("call_id").asText());
    });

    assertThat(ivrOk("+39 333 1234567", registerLine, START).path("outcome").asText()).isEqualTo("RENEWED");
    assertThat(ivrOk(null, registerLine, START).path("outcome").asText()).isEqualTo("CALLER_UNUSABLE");
    assertThat(ivrOk("+390612345678", "+390699999999", START).path("outcome").asText()).isEqualTo("NO_MATCH");

    JsonNode entries = audit();
    long ivrEntries = 0;
    for (JsonNode entry : entries) {
      if (entry.path("action").asText().equals("IVR_CALL")) {
        ivrEntries++;
        assertThat(entry.path("actor_type").asText()).isEqualTo("CITIZEN");
        assertThat(entry.path("actor").asText()).startsWith("call:");
      }
    }
    assertThat(ivrEntries).isEqualTo(5);
    assertThat(entries.toString()).contains("REGISTERED, register event 1").doesNotContain(IVR_SECRET);
  }

  @Test
  void theWebhookRefusesReportsWithoutTheRightSecretAndActsOnNone() {
    String registerLine = "+" + RULES.registerLine();
    HttpResponse<String> missing = ivr(null, "+393331234567", registerLine, START);
    TestingServer.assertProblem(missing, 401, "UNAUTHENTICATED");
    assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"opendnc-ivr\"");
    TestingServer.assertProblem(ivr("wrong-secret", "+393331234567", registerLine, START), 401, "UNAUTHENTICATED");
    TestingServer.assertProblem(ivr(IVR_SECRET + "x", "+393331234567", registerLine, START), 401, "UNAUTHENTICATED");
    HttpResponse<String> apiKey = server.send(server.request("/api/v1/ivr/calls")
        .header("Authorization", "Bearer " + server.operator("acme", "standard"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"+393331234567\",\"to\":\"" + registerLine + "\"}")));
    TestingServer.assertProblem(apiKey, 401, "UNAUTHENTICATED");
    assertThat(history(MOBILE)).isEmpty();

    TestingServer.assertProblem(server.send(server.request("/api/v1/ivr/calls")
        .header("Authorization", "Bearer " + IVR_SECRET).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"+393331234567\"}"))), 400, "INVALID_ARGUMENT");
    TestingServer.assertProblem(server.send(server.request("/api/v1/ivr/calls")
        .header("Authorization", "Bearer " + IVR_SECRET).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + registerLine + "\",\"at\":\"yesterday\"}"))),
        400, "INVALID_ARGUMENT");
    assertThat(history(MOBILE)).isEmpty();
  }

  // --- refusals ---

  @Test
  void aWrongCodeIsRefusedAndAnExpiredOneToo() throws Exception {
    JsonNode started = startOk("{\"action\":\"STATUS\",\"numbers\":[\"3331234567\"],\"proof\":\"SMS\"}");
    String code = codes().get("+393331234567");
    JsonNode wrong = TestingServer.assertProblem(submit(started, "3331234567", wrong(code)), 400, "CODE_WRONG");
    assertThat(wrong.path("detail").asText()).contains("4 tries left");
    TestingServer.assertProblem(submit(started, "3471112222", code), 400, "INVALID_ARGUMENT");

    clock.advance(Duration.ofMinutes(10));
    TestingServer.assertProblem(submit(started, "3331234567", code), 410, "REQUEST_EXPIRED");
    assertThat(TestingServer.json(get(requestPath(started))).path("state").asText()).isEqualTo("EXPIRED");
    TestingServer.assertProblem(get(requestPath(started) + "/status"), 410, "REQUEST_EXPIRED");
  }

  @Test
  void fiveWrongCodesLockTheRequest() throws Exception {
    JsonNode started = startOk("{\"action\":\"REGISTER\",\"numbers\":[\"3331234567\"],\"proof\":\"SMS_CODE\"}");
    String code = codes().get("+393331234567");
    for (int i = 0; i < RULES.maxAttempts() - 1; i++) {
      TestingServer.assertProblem(submit(started, "3331234567", wrong(code)), 400, "CODE_WRONG");
    }
    TestingServer.assertProblem(submit(started, "3331234567", wrong(code)), 423, "REQUEST_LOCKED");
    TestingServer.assertProblem(submit(started, "3331234567", code), 423, "REQUEST_LOCKED");
    assertThat(TestingServer.json(get(requestPath(started))).path("state").asText()).isEqualTo("LOCKED");
    TestingServer.assertProblem(get(requestPath(started) + "/status"), 423, "REQUEST_LOCKED");
    assertThat(history(MOBILE)).isEmpty();
    assertThat(audit().toString()).contains("CODE_WRONG", "REQUEST_LOCKED").doesNotContain(code);
  }

  @Test
  void badRequestsAreRefusedWithProblems() {
    JsonNode tooMany = TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"REGISTER\",\"proof\":\"SMS_CODE\",\"numbers\":[\"3331000001\",\"3331000002\","
            + "\"3331000003\",\"3331000004\",\"3331000005\",\"3331000006\"]}"), 400, "TOO_MANY_NUMBERS");
    assertThat(tooMany.path("detail").asText()).contains("at most 5");
    TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"REGISTER\",\"proof\":\"SMS_CODE\",\"numbers\":[\"12\"]}"), 400, "NUMBER_INVALID");
    TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"REGISTER\",\"proof\":\"SMS_CODE\",\"numbers\":[\"06 1234 5678\"]}"), 400, "SMS_NOT_POSSIBLE");
    TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"REGISTER\",\"proof\":\"CALL\",\"numbers\":[\"+44 20 7946 0958\"]}"), 400, "NUMBER_FOREIGN");
    TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"SHOUT\",\"proof\":\"CALL\",\"numbers\":[\"3331234567\"]}"), 400, "INVALID_ARGUMENT");
    TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"REGISTER\",\"numbers\":[\"3331234567\"]}"), 400, "INVALID_ARGUMENT");
    TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"REGISTER\",\"proof\":\"CALL\",\"numbers\":[\"3331234567\"],\"extra\":1}"), 400,
        "INVALID_ARGUMENT");
    TestingServer.assertProblem(post("/api/v1/citizen/requests", "{"), 400, "INVALID_ARGUMENT");
    TestingServer.assertProblem(server.send(server.request("/api/v1/citizen/requests")
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x"))), 415,
        "UNSUPPORTED_MEDIA_TYPE");
    TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"REGISTER\",\"proof\":\"CALL\",\"numbers\":[\"" + "3".repeat(5_000) + "\"]}"), 413,
        "REQUEST_TOO_LARGE");
    TestingServer.assertProblem(get("/api/v1/citizen/requests/AAAAAAAAAAAAAAAAAAAAAA"), 404, "REQUEST_NOT_FOUND");
    TestingServer.assertProblem(get("/api/v1/citizen/requests/nope/status"), 404, "REQUEST_NOT_FOUND");
    TestingServer.assertProblem(post("/api/v1/citizen/requests/AAAAAAAAAAAAAAAAAAAAAA/codes",
        "{\"number\":\"3331234567\",\"code\":\"123456\"}"), 404, "REQUEST_NOT_FOUND");
  }

  @Test
  void allowNamesAnOperatorTheRegisterKnowsByIdOrName() throws Exception {
    server.server.accounts().createOperator("acme", "ACME S.p.A.", "standard", server.admin());
    server.register(MOBILE);
    JsonNode unknown = TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"ALLOW\",\"operator\":\"nobody\",\"proof\":\"SMS_CODE\",\"numbers\":[\"3331234567\"]}"),
        400, "INVALID_ARGUMENT");
    assertThat(unknown.path("field").asText()).isEqualTo("operator");
    TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"ALLOW\",\"proof\":\"SMS_CODE\",\"numbers\":[\"3331234567\"]}"), 400, "INVALID_ARGUMENT");
    TestingServer.assertProblem(post("/api/v1/citizen/requests",
        "{\"action\":\"REGISTER\",\"operator\":\"acme\",\"proof\":\"SMS_CODE\",\"numbers\":[\"3331234567\"]}"),
        400, "INVALID_ARGUMENT");

    JsonNode started = startOk("{\"action\":\"ALLOW\",\"operator\":\"acme s.p.a.\",\"proof\":\"SMS_CODE\","
        + "\"numbers\":[\"3331234567\"]}");
    HttpResponse<String> done = submit(started, "3331234567", codes().get("+393331234567"));
    assertThat(TestingServer.json(done).path("state").asText()).as(done.body()).isEqualTo("DONE");
    assertThat(history(MOBILE)).hasSize(2).last().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventType.ALLOW);
      assertThat(e.operator()).isEqualTo("acme");
    });
    assertThat(TestingServer.json(get(requestPath(started) + "/status")).path("numbers").get(0)
        .path("allowed_operators").get(0).asText()).isEqualTo("acme");
  }

  @Test
  void theOutboxIsForAdminsOnly() {
    TestingServer.assertProblem(get("/api/v1/admin/sms-outbox"), 401, "UNAUTHENTICATED");
    String key = server.operator("acme", "standard");
    TestingServer.assertProblem(server.get("/api/v1/admin/sms-outbox", key), 403, "FORBIDDEN");
  }
}
