package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An API client with a portal session (cookie and CSRF token), as a regulator's script is. */
final class RegulatorClient {

  private final TestingServer server;
  private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  private String csrf;

  RegulatorClient(TestingServer server) {
    this.server = server;
  }

  /** Creates a REGULATOR account and logs in with it, changing its one-time password. */
  static RegulatorClient regulator(TestingServer server, String username) {
    String oneTime = server.server.accounts().createUser(username,
        org.opendnc.store.User.Role.REGULATOR, null, server.admin());
    RegulatorClient client = new RegulatorClient(server);
    client.logIn(username, oneTime, "the regulator's own password");
    return client;
  }

  /** Logs in through the API; changes a one-time password to {@code newPassword}. */
  RegulatorClient logIn(String username, String password, String newPassword) {
    HttpResponse<String> login = send(server.request("/api/v1/session")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username
            + "\",\"password\":\"" + password + "\"}")));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    JsonNode session = TestingServer.json(login);
    csrf = session.path("csrf_token").asText();
    if (session.path("password_change_required").asBoolean()) {
      HttpResponse<String> changed = send(server.request("/api/v1/session/password")
          .header("Content-Type", "application/json").header(HttpSecurity.CSRF_HEADER, csrf)
          .PUT(HttpRequest.BodyPublishers.ofString("{\"current_password\":\"" + password
              + "\",\"new_password\":\"" + newPassword + "\"}")));
      assertThat(changed.statusCode()).as(changed.body()).isBetween(200, 204);
    }
    return this;
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

  HttpResponse<byte[]> download(String path) {
    try {
      return client.send(server.request(path).timeout(Duration.ofSeconds(60)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path) {
    return send(server.request(path).GET());
  }

  /** Posts a body with the session's CSRF token. */
  HttpResponse<String> post(String path, String contentType, byte[] body) {
    return send(server.request(path).header("Content-Type", contentType)
        .header(HttpSecurity.CSRF_HEADER, csrf).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** Posts a multipart form of files (as curl -F sends them) with the session's CSRF token. */
  HttpResponse<String> postFiles(String path, java.util.List<PortalClient.FilePart> files) {
    String boundary = "----regulator" + java.util.UUID.randomUUID();
    return post(path, "multipart/form-data; boundary=" + boundary,
        PortalClient.multipart(boundary, java.util.Map.of(), files));
  }

  /** Polls a job until it has finished (or a minute has passed) and returns it. */
  JsonNode awaitJob(String location) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      HttpResponse<String> response = get(location);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode job = TestingServer.json(response);
      String status = job.path("status").asText();
      if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
        ApiSchemas.assertValid("Job", response.body());
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the job did not finish: " + response.body());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
