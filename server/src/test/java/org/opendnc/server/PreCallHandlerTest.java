package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.User;

/**
 * The pre-call check served ahead of Javalin (decision 0045) answers exactly as the Javalin route
 * does: the same body, headers, problems, limits, audit entries and usage.
 */
class PreCallHandlerTest {

  @TempDir Path temporary;
  private TestingServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void onlyPathsHoldingAWrittenNumberAreTaken() {
    assertThat(PreCallHandler.number("/api/v1/numbers/+393331234567/callable")).isEqualTo("+393331234567");
    assertThat(PreCallHandler.number("/api/v1/numbers/%2B39%20333%201234567/callable"))
        .isEqualTo("+39 333 1234567");
    assertThat(PreCallHandler.number("/api/v1/numbers/(06)-1234.5678/callable")).isEqualTo("(06)-1234.5678");
    assertThat(PreCallHandler.number("/api/v1/numbers/not-a-number/callable")).isNull();
    assertThat(PreCallHandler.number("/api/v1/numbers//callable")).isNull();
    assertThat(PreCallHandler.number("/api/v1/numbers/333/x/callable")).isNull();
    assertThat(PreCallHandler.number("/api/v1/numbers/333%2Fx/callable")).isNull();
    assertThat(PreCallHandler.number("/api/v1/numbers/333;x=1/callable")).isNull();
    assertThat(PreCallHandler.number("/api/v1/numbers/333%zz/callable")).isNull();
    assertThat(PreCallHandler.number("/api/v1/numbers/333/callable/")).isNull();
    assertThat(PreCallHandler.number("/api/v1/usage")).isNull();
  }

  @Test
  void theAnswerWithAKeyEqualsJavalinsAnswerToTheSameOperatorsSession() {
    server = TestingServer.sqlite(temporary.resolve("data"), TestingServer.generousLimits());
    server.register(BaseServerApiTest.REGISTERED);
    String key = server.operator("acme", "standard");
    String oneTime = server.server.accounts().createUser("clerk", User.Role.OPERATOR, "acme",
        server.admin());
    PortalClient clerk = new PortalClient(server);
    clerk.logIn("clerk", oneTime, "the clerk's own password");

    for (String number : List.of("3331234567", "%2B393331234567", "320%20555%201234", "123")) {
      String path = "/api/v1/numbers/" + number + "/callable";
      HttpResponse<String> fast = server.send(server.request(path)
          .header("Authorization", "Bearer " + key).header("X-Request-Id", "fast-request-1").GET());
      HttpResponse<String> javalin = clerk.send(server.request(path)
          .header("X-Request-Id", "javalin-request-1").GET());
      assertThat(fast.statusCode()).as(fast.body()).isEqualTo(200);
      assertThat(javalin.statusCode()).as(javalin.body()).isEqualTo(200);
      ApiSchemas.assertValid("CallableAnswer", fast.body());
      assertThat(withoutTime(fast)).as(number).isEqualTo(withoutTime(javalin));
      assertThat(headers(fast)).as(number).isEqualTo(headers(javalin));
      assertThat(fast.headers().firstValue(RequestIds.HEADER)).contains("fast-request-1");
    }
    JsonNode usage = TestingServer.json(server.get("/api/v1/usage", key));
    assertThat(usage.path("used").asLong()).as("both paths charge valid numbers only").isEqualTo(6);
    List<AuditEntry> entries = server.server.gateway().store().audit().page(Long.MAX_VALUE, "acme", 50);
    assertThat(entries).filteredOn(e -> e.action().equals("CHECK_SINGLE")).hasSize(8)
        .extracting(AuditEntry::requestId).contains("fast-request-1", "javalin-request-1");
    HttpResponse<String> metrics = server.send(server.request("/metrics").GET());
    assertThat(metrics.body()).contains("http_server_requests_seconds_count{method=\"GET\","
        + "route=\"/api/v1/numbers/{number}/callable\",status=\"200\"} 8\n");
  }

  @Test
  void concurrentChecksAreEachAnsweredAfterTheirOwnAuditEntry() throws Exception {
    server = TestingServer.sqlite(temporary.resolve("data"), TestingServer.generousLimits());
    String acme = server.operator("acme", "standard");
    String other = server.operator("other", "standard");
    // Answers are written by the audit writer, many per commit: each must reach its own request.
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String number = "33312" + String.format("%05d", i);
      sent.add(server.client.sendAsync(server.request("/api/v1/numbers/" + number + "/callable")
          .header("Authorization", "Bearer " + (i % 2 == 0 ? acme : other))
          .header("X-Request-Id", "concurrent-" + i).GET().build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < sent.size(); i++) {
      HttpResponse<String> response = sent.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue(RequestIds.HEADER)).contains("concurrent-" + i);
      assertThat(TestingServer.json(response).path("e164").asText())
          .isEqualTo("+3933312" + String.format("%05d", i));
    }
    List<AuditEntry> entries = server.server.gateway().store().audit().page(Long.MAX_VALUE, "acme", 500);
    assertThat(entries).filteredOn(e -> e.action().equals("CHECK_SINGLE")).hasSize(100)
        .allMatch(e -> e.requestId().startsWith("concurrent-"));
    assertThat(TestingServer.json(server.get("/api/v1/usage", other)).path("used").asLong())
        .isEqualTo(100);
  }

  @Test
  void refusalsAreTheSameProblemsAsOnEveryOtherRoute() {
    server = TestingServer.sqlite(temporary.resolve("data"),
        ServerConfig.defaults().withRateLimits(new ServerConfig.RateLimits(1_000, 2, 10)));
    server.server.accounts().savePlan("tiny", 1, server.admin());
    String key = server.operator("acme", "tiny");

    for (int i = 0; i < 2; i++) { // the second from the key cache, answered without the pool
      JsonNode unknown = TestingServer.assertProblem(
          server.get("/api/v1/numbers/3331234567/callable", "dnc_unknown"), 401, "UNAUTHENTICATED");
      assertThat(unknown.path("request_id").asText()).isNotBlank();
    }
    assertThat(server.send(server.request("/api/v1/numbers/3331234567/callable")
        .header("Authorization", "Basic abc").GET()).headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"opendnc\"");

    assertThat(server.get("/api/v1/numbers/3331234567/callable", key).statusCode()).isEqualTo(200);
    JsonNode quota = TestingServer.assertProblem(
        server.get("/api/v1/numbers/3331234568/callable", key), 403, "QUOTA_EXCEEDED");
    assertThat(quota.path("detail").asText()).contains("used up");
    assertThat(server.server.gateway().store().audit().page(Long.MAX_VALUE, "acme", 10))
        .extracting(AuditEntry::outcome).contains("QUOTA_EXCEEDED", AuditEntry.OK);

    HttpResponse<String> limited = null;
    for (int i = 0; i < 20 && limited == null; i++) {
      HttpResponse<String> response = server.get("/api/v1/numbers/3331234567/callable", key);
      if (response.statusCode() == 429) {
        limited = response;
      }
    }
    assertThat(limited).as("the key's bucket of 4 runs out").isNotNull();
    TestingServer.assertProblem(limited, 429, "RATE_LIMITED");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.headers().firstValue("Content-Security-Policy")).isPresent();

    HttpResponse<String> post = server.send(server.request("/api/v1/numbers/3331234567/callable")
        .header("Authorization", "Bearer " + key).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    TestingServer.assertProblem(post, 405, "METHOD_NOT_ALLOWED");
  }

  private static JsonNode withoutTime(HttpResponse<String> response) {
    ObjectNode answer = (ObjectNode) TestingServer.json(response);
    assertThat(answer.path("checked_at").asText()).isNotBlank();
    answer.remove("checked_at");
    return answer;
  }

  /** The response's headers but those that differ per response. */
  private static Map<String, List<String>> headers(HttpResponse<String> response) {
    Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
    for (String varying : List.of("date", "x-request-id", "content-length", "set-cookie")) {
      headers.remove(varying);
    }
    return headers;
  }
}
