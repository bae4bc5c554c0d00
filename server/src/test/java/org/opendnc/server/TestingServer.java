package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.store.AuditEntry;

/** A server on a free loopback port, with an HTTP client and helpers for tests. */
final class TestingServer implements AutoCloseable {

  final Server server;
  final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  private final Actor admin = new Actor(AuditEntry.ActorType.ADMIN, "test", null);

  private TestingServer(Server server) {
    this.server = server;
  }

  static TestingServer start(RegisterConfig registerConfig, ServerConfig config) {
    Register register = Register.open(registerConfig, line -> {});
    return new TestingServer(Server.start(register, config.withAddress("127.0.0.1", 0),
        Clock.systemUTC()));
  }

  /** A server whose register, accounts and citizen requests read time from {@code clock}. */
  static TestingServer start(RegisterConfig registerConfig, ServerConfig config, Clock clock) {
    Register register = Register.open(registerConfig, line -> {});
    return new TestingServer(Server.start(register, config.withAddress("127.0.0.1", 0), clock));
  }

  static TestingServer sqlite(Path dataDir, ServerConfig config) {
    return start(RegisterConfig.embedded(dataDir), config);
  }

  static ServerConfig generousLimits() {
    return ServerConfig.defaults().withRateLimits(new ServerConfig.RateLimits(100_000, 100_000, 1_000));
  }

  URI uri(String path) {
    return server.url().resolve(path);
  }

  /** Registers numbers (REGISTER through the web channel), as citizens would. */
  void register(long... numbers) {
    List<RegisterEvent> events = new ArrayList<>();
    for (long number : numbers) {
      events.add(RegisterEvent.of(number, EventType.REGISTER, null, java.time.Instant.now(),
          Channel.WEB, null));
    }
    server.gateway().record(events);
  }

  /** Allows an operator to call a registered number. */
  void allow(long number, String operator) {
    server.gateway().record(List.of(RegisterEvent.of(number, EventType.ALLOW, operator,
        java.time.Instant.now(), Channel.WEB, null)));
  }

  /** Creates an operator and returns its first API key. */
  String operator(String id, String plan) {
    return server.accounts().createOperator(id, null, plan, admin).key().secret();
  }

  Actor admin() {
    return admin;
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path));
  }

  HttpResponse<String> get(String path, String key) {
    return send(request(path).header("Authorization", "Bearer " + key).GET());
  }

  HttpResponse<String> postCsv(String path, String key, String csv) {
    return send(request(path).header("Authorization", "Bearer " + key)
        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)));
  }

  HttpResponse<String> postJson(String path, String key, String json) {
    return send(request(path).header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** Asserts a problem response with this status and code, valid against the Problem schema. */
  static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(response);
    assertThat(problem.path("code").asText()).as(response.body()).isEqualTo(code);
    assertThat(problem.path("type").asText()).isEqualTo("urn:opendnc:error:" + code);
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    ApiSchemas.assertValid("Problem", response.body());
    return problem;
  }

  @Override
  public void close() {
    server.close();
  }
}
