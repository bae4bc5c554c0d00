package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Isolation between operators, quotas, rate limits, CSRF, keys, headers and limits. */
class SecurityTest {

  @TempDir Path temporary;
  private TestingServer server;

  private TestingServer start(ServerConfig config) {
    server = TestingServer.sqlite(temporary.resolve("data"), config);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void anOperatorCannotReadAnotherOperatorsReceiptsOrUsage() {
    start(TestingServer.generousLimits());
    String acme = server.operator("acme", "standard");
    String beta = server.operator("beta", "standard");
    HttpResponse<String> checked = server.postCsv("/api/v1/checks", acme, "phone\n3331234567\n");
    String receiptId = checked.headers().firstValue("X-Receipt-Id").orElseThrow();

    JsonNode notFound = TestingServer.assertProblem(
        server.get("/api/v1/receipts/" + receiptId, beta), 404, "NOT_FOUND");
    JsonNode missing = TestingServer.assertProblem(
        server.get("/api/v1/receipts/no-such-receipt", beta), 404, "NOT_FOUND");
    assertThat(notFound.path("detail").asText().replace(receiptId, "X"))
        .as("another's receipt and a missing one look the same")
        .isEqualTo(missing.path("detail").asText().replace("no-such-receipt", "X"));
    assertThat(TestingServer.json(server.get("/api/v1/receipts", beta)).path("receipts")).isEmpty();
    JsonNode betaUsage = TestingServer.json(server.get("/api/v1/usage", beta));
    assertThat(betaUsage.path("operator").asText()).isEqualTo("beta");
    assertThat(betaUsage.path("used").asLong()).isZero();
    assertThat(server.get("/api/v1/receipts/" + receiptId, acme).statusCode()).isEqualTo(200);

    String betaKeyId = TestingServer.json(server.get("/api/v1/keys", beta)).path("keys").get(0)
        .path("id").asText();
    TestingServer.assertProblem(server.send(server.request("/api/v1/keys/" + betaKeyId)
        .header("Authorization", "Bearer " + acme).DELETE()), 404, "NOT_FOUND");
    assertThat(server.get("/api/v1/usage", beta).statusCode()).as("beta's key still works").isEqualTo(200);
  }

  @Test
  void theQuotaRefusesChecksBeyondThePlanAndRefusedListsLeaveNoReceipt() {
    start(TestingServer.generousLimits());
    server.server.accounts().savePlan("tiny", 3, server.admin());
    String key = server.operator("acme", "tiny");
    assertThat(server.get("/api/v1/numbers/3331234567/callable", key).statusCode()).isEqualTo(200);
    assertThat(server.get("/api/v1/numbers/not-a-number/callable", key).statusCode())
        .as("invalid numbers are not counted").isEqualTo(200);

    JsonNode refused = TestingServer.assertProblem(
        server.postCsv("/api/v1/checks", key, "phone\n3331234567\n3331234568\n3331234569\n"),
        403, "QUOTA_EXCEEDED");
    assertThat(refused.path("remaining").asLong()).isEqualTo(2);
    assertThat(refused.path("requested").asLong()).isEqualTo(3);
    assertThat(TestingServer.json(server.get("/api/v1/receipts", key)).path("receipts")).isEmpty();

    assertThat(server.postCsv("/api/v1/checks", key, "phone\n3331234567\n3331234568\n").statusCode())
        .isEqualTo(200);
    JsonNode usedUp = TestingServer.assertProblem(
        server.get("/api/v1/numbers/3331234567/callable", key), 403, "QUOTA_EXCEEDED");
    assertThat(usedUp.path("detail").asText()).contains("used up").doesNotContain("BLOCKED");
    TestingServer.assertProblem(server.postCsv("/api/v1/checks", key, "phone\n3331234567\n"), 403,
        "QUOTA_EXCEEDED");
    assertThat(TestingServer.json(server.get("/api/v1/usage", key)).path("remaining").asLong()).isZero();
  }

  @Test
  void rateLimitsRefuseBurstsPerKeyWithRetryAfter() {
    start(ServerConfig.defaults().withRateLimits(new ServerConfig.RateLimits(1_000, 2, 10)));
    String key = server.operator("acme", "standard");
    String other = server.operator("beta", "standard");
    int refusedAt = -1;
    HttpResponse<String> refused = null;
    for (int i = 0; i < 20 && refused == null; i++) {
      HttpResponse<String> response = server.get("/api/v1/usage", key);
      if (response.statusCode() == 429) {
        refused = response;
        refusedAt = i;
      }
    }
    assertThat(refused).as("a burst is refused").isNotNull();
    assertThat(refusedAt).as("twice the rate is allowed as a burst").isGreaterThanOrEqualTo(4);
    TestingServer.assertProblem(refused, 429, "RATE_LIMITED");
    assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
    assertThat(server.get("/api/v1/usage", other).statusCode()).as("other keys are not limited")
        .isEqualTo(200);
  }

  @Test
  void rateLimitsRefuseBurstsPerAddressAndLogins() {
    start(ServerConfig.defaults().withRateLimits(new ServerConfig.RateLimits(3, 1_000, 2)));
    int refused = 0;
    for (int i = 0; i < 12; i++) {
      if (server.send(server.request("/api/v1/register").GET()).statusCode() == 429) {
        refused++;
      }
    }
    assertThat(refused).isPositive();
    assertThat(server.send(server.request("/health/live").GET()).statusCode())
        .as("health probes are never limited").isEqualTo(200);
  }

  @Test
  void keysThatAreMissingMalformedUnknownOrRevokedAreRefused() {
    start(TestingServer.generousLimits());
    String key = server.operator("acme", "standard");
    TestingServer.assertProblem(server.send(server.request("/api/v1/usage").GET()), 401,
        "UNAUTHENTICATED");
    HttpResponse<String> basic = server.send(server.request("/api/v1/usage")
        .header("Authorization", "Basic YWRtaW46YWRtaW4=").GET());
    TestingServer.assertProblem(basic, 401, "UNAUTHENTICATED");
    assertThat(basic.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"opendnc\"");
    TestingServer.assertProblem(server.get("/api/v1/usage", "odnc_short"), 401, "UNAUTHENTICATED");
    TestingServer.assertProblem(server.get("/api/v1/usage", ApiKeys.generate()), 401, "UNAUTHENTICATED");

    String keyId = TestingServer.json(server.get("/api/v1/keys", key)).path("keys").get(0).path("id").asText();
    server.server.accounts().revokeKey("acme", keyId, server.admin());
    TestingServer.assertProblem(server.get("/api/v1/usage", key), 401, "UNAUTHENTICATED");
    TestingServer.assertProblem(server.get("/api/v1/admin/operators", server.operator("beta", "standard")),
        403, "FORBIDDEN");
  }

  @Test
  void aSessionRequestThatChangesSomethingNeedsTheCsrfToken() throws Exception {
    start(TestingServer.generousLimits());
    BaseServerApiTest.AdminClient admin = BaseServerApiTest.adminLogin(server);
    HttpClient browser = admin.client();

    HttpResponse<String> form = browser.send(server.request("/api/v1/admin/operators")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("id=evil&plan=enterprise")).build(),
        HttpResponse.BodyHandlers.ofString());
    TestingServer.assertProblem(form, 403, "CSRF_TOKEN_INVALID");
    HttpResponse<String> wrongToken = browser.send(server.request("/api/v1/admin/operators")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("id=evil&_csrf=guess")).build(),
        HttpResponse.BodyHandlers.ofString());
    TestingServer.assertProblem(wrongToken, 403, "CSRF_TOKEN_INVALID");
    HttpResponse<String> logout = browser.send(server.request("/api/v1/session").DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    TestingServer.assertProblem(logout, 403, "CSRF_TOKEN_INVALID");
    assertThat(server.server.accounts().operator("evil")).isEmpty();

    HttpResponse<String> withToken = browser.send(server.request("/api/v1/admin/operators")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("id=evil&_csrf=" + admin.csrf())).build(),
        HttpResponse.BodyHandlers.ofString());
    TestingServer.assertProblem(withToken, 415, "UNSUPPORTED_MEDIA_TYPE");

    assertThat(admin.send(server.request("/api/v1/session").DELETE()).statusCode()).isEqualTo(204);
    TestingServer.assertProblem(admin.get("/api/v1/admin/operators"), 401, "UNAUTHENTICATED");
  }

  @Test
  void loginFailuresAreUniformAndAudited() throws Exception {
    start(TestingServer.generousLimits());
    server.server.accounts().bootstrapAdmin(server.admin());
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    for (String body : new String[] {
        "{\"username\":\"admin\",\"password\":\"wrong\"}",
        "{\"username\":\"nobody\",\"password\":\"wrong\"}"}) {
      HttpResponse<String> response = client.send(server.request("/api/v1/session")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
          .build(), HttpResponse.BodyHandlers.ofString());
      JsonNode problem = TestingServer.assertProblem(response, 401, "UNAUTHENTICATED");
      assertThat(problem.path("detail").asText()).isEqualTo("the username or password is wrong.");
    }
    assertThat(server.server.gateway().store().audit().page(Long.MAX_VALUE, "nobody", 10))
        .extracting(entry -> entry.outcome()).containsExactly("UNAUTHENTICATED");
    HttpResponse<String> form = client.send(server.request("/api/v1/session")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=x")).build(),
        HttpResponse.BodyHandlers.ofString());
    TestingServer.assertProblem(form, 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void responsesCarrySecurityHeadersAndARequestId() {
    start(TestingServer.generousLimits());
    HttpResponse<String> response = server.send(server.request("/api/v1/register")
        .header("X-Request-Id", "client-chosen-id-42").GET());
    var headers = response.headers();
    assertThat(headers.firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(headers.firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'"));
    assertThat(headers.firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(headers.firstValue("X-Frame-Options")).contains("DENY");
    assertThat(headers.firstValue("Cache-Control")).contains("no-store");
    assertThat(headers.firstValue("X-Request-Id")).contains("client-chosen-id-42");
    assertThat(headers.firstValue("Strict-Transport-Security")).as("not over plain HTTP").isEmpty();
    assertThat(headers.firstValue("Server")).isEmpty();

    HttpResponse<String> forged = server.send(server.request("/api/v1/register")
        .header("X-Request-Id", "bad id with spaces").GET());
    assertThat(forged.headers().firstValue("X-Request-Id").orElseThrow()).doesNotContain(" ");

    JsonNode notFound = TestingServer.assertProblem(
        server.send(server.request("/api/v1/nothing/3331234567").GET()), 404, "NOT_FOUND");
    assertThat(notFound.toString()).doesNotContain("3331234567");
    TestingServer.assertProblem(server.send(server.request("/api/v1/register")
        .DELETE()), 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  void bodiesOverTheLimitsAreRefused() {
    start(TestingServer.generousLimits().withMaxBatchBytes(1_000));
    String key = server.operator("acme", "standard");
    String big = "phone\n" + "3331234567\n".repeat(200);
    TestingServer.assertProblem(server.postCsv("/api/v1/checks", key, big), 413, "REQUEST_TOO_LARGE");
    HttpResponse<String> chunked = server.send(server.request("/api/v1/checks")
        .header("Authorization", "Bearer " + key).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    TestingServer.assertProblem(chunked, 413, "REQUEST_TOO_LARGE");
    String hugeJson = "{\"receipt\": {}, \"result_sha256\": \"" + "a".repeat(100_000) + "\"}";
    TestingServer.assertProblem(server.postJson("/api/v1/receipts/verify", key, hugeJson), 413,
        "REQUEST_TOO_LARGE");
    assertThat(TestingServer.json(server.get("/api/v1/usage", key)).path("used").asLong()).isZero();
  }

  @Test
  void behindATrustedProxyTheForwardedSchemeAndAddressCount() throws Exception {
    start(ServerConfig.defaults().withTrustedProxy(true)
        .withRateLimits(new ServerConfig.RateLimits(2, 1_000, 1_000)));
    HttpResponse<String> overTls = server.send(server.request("/api/v1/register")
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "203.0.113.7").GET());
    assertThat(overTls.headers().firstValue("Strict-Transport-Security"))
        .hasValueSatisfying(hsts -> assertThat(hsts).contains("max-age="));

    String oneTime = server.server.accounts().bootstrapAdmin(server.admin()).orElseThrow();
    HttpResponse<String> login = server.send(server.request("/api/v1/session")
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "203.0.113.8")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"username\":\"admin\",\"password\":\"" + oneTime + "\"}")));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(
        cookie -> assertThat(cookie).containsIgnoringCase("Secure"));

    int refusedForOneClient = 0;
    for (int i = 0; i < 8; i++) {
      if (server.send(server.request("/api/v1/register").header("X-Forwarded-For", "203.0.113.9")
          .GET()).statusCode() == 429) {
        refusedForOneClient++;
      }
    }
    assertThat(refusedForOneClient).isPositive();
    assertThat(server.send(server.request("/api/v1/register").header("X-Forwarded-For", "203.0.113.10")
        .GET()).statusCode()).as("another client behind the same proxy").isEqualTo(200);
  }
}
