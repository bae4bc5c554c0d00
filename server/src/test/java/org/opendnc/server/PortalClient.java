package org.opendnc.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser for page tests: a cookie jar, no redirects followed, form posts
 * (URL-encoded or multipart) and the CSRF token read from the last page.
 */
final class PortalClient {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final TestingServer server;
  private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  private String language = "en";
  private String csrf;

  PortalClient(TestingServer server) {
    this.server = server;
  }

  /** The Accept-Language sent from now on (null: none). */
  PortalClient language(String acceptLanguage) {
    this.language = acceptLanguage;
    return this;
  }

  /** The CSRF token of the last page that had a form. */
  String csrf() {
    return csrf;
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    if (language != null) {
      request.header("Accept-Language", language);
    }
    try {
      HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher token = CSRF.matcher(response.body());
      if (token.find()) {
        csrf = token.group(1);
      }
      return response;
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

  /** Posts a form with the last page's CSRF token added. */
  HttpResponse<String> post(String path, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("_csrf", csrf);
    all.putAll(fields);
    return postWithout(path, all);
  }

  /** Posts a form exactly as given (no token added). */
  HttpResponse<String> postWithout(String path, Map<String, String> fields) {
    String body = fields.entrySet().stream().filter(e -> e.getValue() != null)
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(server.request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Posts a multipart form (as a browser without JavaScript sends a file) with the token. */
  HttpResponse<String> postFile(String path, String field, String fileName, String content,
      Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("_csrf", csrf);
    all.putAll(fields);
    return postFileWithout(path, field, fileName, content, all);
  }

  /** Posts a multipart form exactly as given (no token added). */
  HttpResponse<String> postFileWithout(String path, String field, String fileName, String content,
      Map<String, String> all) {
    return postFilesWithout(path, all, List.of(new FilePart(field, fileName, content)));
  }

  /** Posts a multipart form with several files and the token. */
  HttpResponse<String> postFiles(String path, Map<String, String> fields, List<FilePart> files) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("_csrf", csrf);
    all.putAll(fields);
    return postFilesWithout(path, all, files);
  }

  private HttpResponse<String> postFilesWithout(String path, Map<String, String> fields,
      List<FilePart> files) {
    String boundary = "----portal" + UUID.randomUUID();
    return send(server.request(path)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, fields, files))));
  }

  /** A file of a multipart form: its field, its name and its content (sent as text/csv). */
  record FilePart(String field, String fileName, String content) {}

  /** A multipart/form-data body, as a browser sends a form with files. */
  static byte[] multipart(String boundary, Map<String, String> fields, List<FilePart> files) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    StringBuilder text = new StringBuilder();
    fields.forEach((name, value) -> text.append("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
        .append(value).append("\r\n"));
    for (FilePart file : files) {
      text.append("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(file.field())
          .append("\"; filename=\"").append(file.fileName())
          .append("\"\r\nContent-Type: text/csv\r\n\r\n").append(file.content())
          .append("\r\n");
    }
    text.append("--").append(boundary).append("--\r\n");
    body.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  /** Logs in through the form; changes a one-time password to {@code newPassword}. */
  void logIn(String username, String password, String newPassword) {
    get("/login");
    HttpResponse<String> login = post("/login", Map.of("username", username, "password", password));
    if (login.statusCode() != 303) {
      throw new AssertionError("login failed: " + login.statusCode() + " " + login.body());
    }
    if (login.headers().firstValue("Location").orElse("").equals("/account/password")) {
      get("/account/password");
      HttpResponse<String> changed = post("/account/password", Map.of("current", password,
          "password", newPassword, "repeat", newPassword));
      if (changed.statusCode() != 303) {
        throw new AssertionError("password change failed: " + changed.body());
      }
    }
    get("/");
  }
}
