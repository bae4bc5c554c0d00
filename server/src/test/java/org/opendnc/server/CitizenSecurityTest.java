package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.citizen.CitizenConfig;

/** Citizen rate limits, the IVR secret's life, and a real SMS gateway (no outbox). SQLite. */
class CitizenSecurityTest {

  private static final String REGISTER_LINE = "+" + CitizenConfig.defaults(39).registerLine();

  @TempDir Path temporary;
  private TestingServer server;

  private TestingServer start(CitizenSettings citizens) {
    server = TestingServer.sqlite(temporary.resolve("data"),
        TestingServer.generousLimits().withCitizens(citizens));
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> post(String path, String json) {
    return server.send(server.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpResponse<String> ivr(String secret) {
    return server.send(server.request("/api/v1/ivr/calls").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + secret)
        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"+393331234567\",\"to\":\"" + REGISTER_LINE + "\"}")));
  }

  @Test
  void codeSubmissionsAndStartsAreLimitedPerAddress() {
    start(CitizenSettings.defaults().withRateLimits(2, 1, 1_000));
    String started = TestingServer.json(post("/api/v1/citizen/requests",
        "{\"action\":\"STATUS\",\"numbers\":[\"3331234567\"],\"proof\":\"CALL\"}")).path("request_id").asText();
    String codes = "/api/v1/citizen/requests/" + started + "/codes";
    String body = "{\"number\":\"3331234567\",\"code\":\"123456\"}";
    // A call-proof request refuses codes, but each submission still takes from the bucket.
    TestingServer.assertProblem(post(codes, body), 400, "INVALID_ARGUMENT");
    TestingServer.assertProblem(post(codes, body), 400, "INVALID_ARGUMENT");
    HttpResponse<String> limited = post(codes, body);
    TestingServer.assertProblem(limited, 429, "RATE_LIMITED");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();

    int refused = 0;
    for (int i = 0; i < 6; i++) {
      if (post("/api/v1/citizen/requests", "{\"action\":\"STATUS\",\"numbers\":[\"347111222" + i
          + "\"],\"proof\":\"CALL\"}").statusCode() == 429) {
        refused++;
      }
    }
    assertThat(refused).as("a burst of twice the rate (4), then refusals").isEqualTo(3);
  }

  @Test
  void theIvrSecretIsCreatedAtFirstStartShownOnceAndKeptOnlyAsItsHash() throws Exception {
    start(CitizenSettings.defaults());
    String secret = server.server.newIvrSecret().orElseThrow();
    assertThat(secret).startsWith("odnc_ivr_").hasSizeGreaterThan(40);
    Path hashFile = temporary.resolve("data").resolve(IvrSecret.FILE_NAME);
    assertThat(Files.readString(hashFile)).doesNotContain(secret).matches("[0-9a-f]{64}\\n");
    assertThat(ivr(secret).statusCode()).isEqualTo(200);
    server.close();

    start(CitizenSettings.defaults());
    assertThat(server.server.newIvrSecret()).as("shown only when created").isEmpty();
    assertThat(ivr(secret).statusCode()).isEqualTo(200);
    server.close();

    start(CitizenSettings.defaults().withNewIvrSecret(true));
    String renewed = server.server.newIvrSecret().orElseThrow();
    assertThat(renewed).isNotEqualTo(secret);
    TestingServer.assertProblem(ivr(secret), 401, "UNAUTHENTICATED");
    assertThat(ivr(renewed).statusCode()).isEqualTo(200);
    server.close();

    String configured = "a-configured-secret-of-enough-length-42";
    start(CitizenSettings.defaults().withIvrSecret(configured));
    assertThat(server.server.newIvrSecret()).isEmpty();
    assertThat(ivr(configured).statusCode()).isEqualTo(200);
    TestingServer.assertProblem(ivr(renewed), 401, "UNAUTHENTICATED");
  }

  @Test
  void aDamagedSecretHashStopsTheStartWithAClearError() throws Exception {
    Path dataDir = temporary.resolve("data");
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve(IvrSecret.FILE_NAME), "not a hash\n");
    assertThatThrownBy(() -> IvrSecret.open(dataDir, null, false))
        .isInstanceOfSatisfying(DncException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNUSABLE);
          assertThat(e.getMessage()).contains("--new-ivr-secret");
        });
    assertThat(IvrSecret.open(dataDir, null, true).shownOnce()).isPresent();
    assertThatThrownBy(() -> CitizenSettings.defaults().withIvrSecret("short"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CitizenSettings.defaults().withIvrSecret("x".repeat(40)).toString()).doesNotContain("xxxx");
  }

  @Test
  void withARealGatewayTheCodeGoesThereAndThereIsNoOutbox() throws Exception {
    List<String> sent = new CopyOnWriteArrayList<>();
    start(CitizenSettings.defaults().withIvrSecret("x".repeat(40))
        .withSmsGateway((to, text) -> sent.add("+" + to + " " + text)));
    HttpResponse<String> started = post("/api/v1/citizen/requests",
        "{\"action\":\"REGISTER\",\"numbers\":[\"3331234567\"],\"proof\":\"SMS_CODE\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    assertThat(sent).singleElement().asString().startsWith("+393331234567 OpenDNC: ");
    BaseServerApiTest.AdminClient admin = BaseServerApiTest.adminLogin(server);
    TestingServer.assertProblem(admin.get("/api/v1/admin/sms-outbox"), 404, "NOT_FOUND");
    assertThat(server.server.gateway().store().smsOutbox().latest(10)).isEmpty();
  }

  @Test
  void aClosedServerRefusesCitizenCalls() {
    start(CitizenSettings.defaults().withIvrSecret("x".repeat(40)));
    CitizenGateway citizens = server.server.citizens();
    server.close();
    assertThatThrownBy(() -> citizens.progress("AAAAAAAAAAAAAAAAAAAAAA"))
        .isInstanceOfSatisfying(DncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
    server = null;
  }
}
