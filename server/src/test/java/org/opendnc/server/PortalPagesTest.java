package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opendnc.core.receipt.ReceiptJson;
import org.opendnc.core.register.EventType;
import org.opendnc.engine.citizen.OutboxSmsGateway;
import org.opendnc.store.SmsOutbox;
import org.opendnc.store.User;

/**
 * The portal's pages over real HTTP without a browser: languages, CSRF refusals, each page for
 * its role and refused to the others, the citizen's status only after proof, the upload without
 * JavaScript, and the security headers.
 */
class PortalPagesTest extends SqliteServerTest {

  static final Pattern CODE = Pattern.compile("OpenDNC: (\\d{6}) is your code");

  static void assertPage(HttpResponse<String> page, int status) {
    assertThat(page.statusCode()).as(page.body()).isEqualTo(status);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).startsWith("<!DOCTYPE html>").contains("<html lang=\"")
        .contains("<a class=\"skip-link\" href=\"#main\">").contains("<main id=\"main\"")
        .contains("<h1>").doesNotContain("??").doesNotContain("Exception");
  }

  static String location(HttpResponse<String> response) {
    return response.headers().firstValue("Location").orElse("");
  }

  /** The newest code sent to a number, from the development outbox (the store). */
  String code(long e164) {
    OutboxSmsGateway outbox = server.server.citizens().developmentOutbox().orElseThrow();
    for (SmsOutbox.Message message : outbox.latest(50)) {
      if (message.toE164() == e164) {
        Matcher matcher = CODE.matcher(message.body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
      }
    }
    throw new AssertionError("no code was sent to +" + e164);
  }

  PortalClient admin() {
    String oneTime = server.server.accounts().bootstrapAdmin(server.admin()).orElseThrow();
    PortalClient admin = new PortalClient(server);
    admin.logIn("admin", oneTime, "a much better password");
    return admin;
  }

  PortalClient operator() {
    server.operator("acme", "standard");
    String oneTime = server.server.accounts().createUser("clerk", User.Role.OPERATOR, "acme",
        server.admin());
    PortalClient clerk = new PortalClient(server);
    clerk.logIn("clerk", oneTime, "the clerk's own password");
    return clerk;
  }

  @Test
  void theHomePageSpeaksTheVisitorsLanguageAndSendsTheSecurityHeaders() {
    PortalClient visitor = new PortalClient(server);
    HttpResponse<String> english = visitor.language("en-GB,en;q=0.9").get("/");
    assertPage(english, 200);
    assertThat(english.body()).contains("<html lang=\"en\">").contains("Stop telemarketing calls")
        .contains("href=\"/citizen\"").contains("+39800000100");
    assertThat(english.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
            "form-action 'self'", "frame-ancestors 'none'").doesNotContain("unsafe"));
    assertThat(english.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(english.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(english.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(english.headers().firstValue("Cache-Control")).contains("no-store");

    HttpResponse<String> italian = visitor.language("it-IT,it;q=0.9,en;q=0.5").get("/");
    assertThat(italian.body()).contains("<html lang=\"it\">").contains("Basta chiamate di telemarketing");
    assertThat(visitor.language(null).get("/").body()).as("the IT profile's language by default")
        .contains("<html lang=\"it\">");
    assertThat(visitor.get("/assets/portal.css").headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    assertThat(visitor.get("/assets/upload.js").body()).contains("XMLHttpRequest");
    assertPage(visitor.get("/no-such-page"), 404);
  }

  @Test
  void theLanguageSwitchKeepsTheChoiceAndReturnsToThePage() {
    PortalClient visitor = new PortalClient(server).language("it");
    HttpResponse<String> italian = visitor.get("/citizen");
    assertThat(italian.body()).contains("<html lang=\"it\">")
        .contains("href=\"/lang/en?next=%2Fcitizen\"");
    HttpResponse<String> switched = visitor.get("/lang/en?next=%2Fcitizen");
    assertThat(switched.statusCode()).isEqualTo(303);
    assertThat(location(switched)).isEqualTo("/citizen");
    assertThat(switched.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
        assertThat(cookie).contains("dnc_lang=en").containsIgnoringCase("HttpOnly")
            .containsIgnoringCase("SameSite=Lax"));
    HttpResponse<String> english = visitor.get("/citizen");
    assertThat(english.body()).as("the choice beats Accept-Language").contains("<html lang=\"en\">")
        .contains("Your phone numbers").contains("href=\"/lang/it?next=%2Fcitizen\"");
    assertThat(english.headers().firstValue("Content-Language")).contains("en");

    assertThat(location(visitor.get("/lang/it?next=%2F%2Fevil.example%2F"))).as("no open redirect")
        .isEqualTo("/");
    assertThat(location(visitor.get("/lang/it?next=https%3A%2F%2Fevil.example%2F"))).isEqualTo("/");
    assertPage(visitor.get("/lang/xx"), 404);
  }

  @Test
  void aFormWithoutTheSessionsCsrfTokenIsRefusedWithAClearPage() {
    PortalClient visitor = new PortalClient(server);
    Map<String, String> start = Map.of("action", "REGISTER", "proof", "SMS_CODE",
        "number1", "333 123 4567");
    HttpResponse<String> noSession = visitor.postWithout("/citizen/requests", start);
    assertPage(noSession, 403);
    assertThat(noSession.body()).contains("This form has expired or was not sent from this site")
        .contains("CSRF_TOKEN_INVALID");

    visitor.get("/citizen");
    assertThat(visitor.csrf()).isNotBlank();
    assertPage(visitor.postWithout("/citizen/requests", start), 403);
    Map<String, String> forged = new LinkedHashMap<>(start);
    forged.put("_csrf", "forged-token");
    assertPage(visitor.postWithout("/citizen/requests", forged), 403);
    assertThat(server.server.citizens().developmentOutbox().orElseThrow().latest(10))
        .as("no request was started, no SMS sent").isEmpty();
    assertPage(visitor.postWithout("/login", Map.of("username", "admin", "password", "x")), 403);

    PortalClient admin = admin();
    HttpResponse<String> plan = admin.postWithout("/admin/plans", Map.of("name", "pilot",
        "quota", "5"));
    assertPage(plan, 403);
    assertThat(server.server.accounts().plans()).noneMatch(p -> p.name().equals("pilot"));
    assertThat(admin.post("/admin/plans", Map.of("name", "pilot", "quota", "5")).statusCode())
        .isEqualTo(303);
    assertThat(server.server.accounts().plans()).anyMatch(p -> p.name().equals("pilot"));
  }

  static final List<String> OPERATOR_PAGES = List.of("/operator", "/operator/receipts",
      "/operator/keys", "/operator/usage");
  static final List<String> ADMIN_PAGES = List.of("/admin", "/admin/operators",
      "/admin/operators/acme", "/admin/plans", "/admin/audit", "/admin/sms-outbox");

  @Test
  void eachPageRendersForItsRoleAndRefusesTheOthers() {
    server.register(393331234567L);
    PortalClient anonymous = new PortalClient(server);
    for (String page : OPERATOR_PAGES) {
      HttpResponse<String> refused = anonymous.get(page);
      assertThat(refused.statusCode()).as(page).isEqualTo(303);
      assertThat(location(refused)).startsWith("/login?next=");
    }
    for (String page : ADMIN_PAGES) {
      assertThat(location(anonymous.get(page))).as(page).startsWith("/login?next=");
    }
    for (String page : List.of("/", "/citizen", "/login")) {
      assertPage(anonymous.get(page), 200);
    }

    PortalClient clerk = operator();
    PortalClient admin = admin();
    for (String page : OPERATOR_PAGES) {
      HttpResponse<String> shown = clerk.get(page);
      assertPage(shown, 200);
      assertThat(shown.body()).as(page).contains("Log out (clerk)");
      HttpResponse<String> refused = admin.get(page);
      assertPage(refused, 403);
      assertThat(refused.body()).contains("Your account may not use this page.")
          .contains("Log out (admin)");
    }
    for (String page : ADMIN_PAGES) {
      HttpResponse<String> shown = admin.get(page);
      assertPage(shown, 200);
      assertThat(shown.body()).as(page).contains("Log out (admin)");
      assertPage(clerk.get(page), 403);
    }
    assertThat(admin.get("/admin").body()).contains("<svg").contains("role=\"img\"")
        .contains("<table id=\"registrations-table\">");
    assertThat(clerk.post("/admin/operators", Map.of("id", "beta", "plan", "standard")).statusCode())
        .as("an operator cannot create operators").isEqualTo(403);
    assertThat(server.server.accounts().operator("beta")).isEmpty();
  }

  @Test
  void anAccountWithAOneTimePasswordMustChangeItFirst() {
    String oneTime = server.server.accounts().bootstrapAdmin(server.admin()).orElseThrow();
    PortalClient admin = new PortalClient(server);
    admin.get("/login?next=%2Fadmin%2Faudit");
    HttpResponse<String> wrong = admin.post("/login", Map.of("username", "admin",
        "password", "wrong password"));
    assertPage(wrong, 401);
    assertThat(wrong.body()).contains("The username or password is wrong.");
    HttpResponse<String> login = admin.post("/login", Map.of("username", "admin",
        "password", oneTime, "next", "/admin/audit"));
    assertThat(location(login)).isEqualTo("/account/password");
    assertThat(location(admin.get("/admin"))).isEqualTo("/account/password");
    HttpResponse<String> form = admin.get("/account/password");
    assertPage(form, 200);
    HttpResponse<String> mismatch = admin.post("/account/password", Map.of("current", oneTime,
        "password", "a much better password", "repeat", "another password"));
    assertPage(mismatch, 400);
    assertThat(mismatch.body()).contains("id=\"repeat-error\"")
        .contains("aria-describedby=\"repeat-error\"").contains("aria-invalid=\"true\"");
    assertThat(location(admin.post("/account/password", Map.of("current", oneTime,
        "password", "a much better password", "repeat", "a much better password"))))
        .isEqualTo("/admin");
    assertPage(admin.get("/admin/audit"), 200);
    assertThat(admin.get("/admin/audit").body()).contains("LOGIN").contains("PASSWORD_CHANGED");
    assertThat(location(admin.post("/logout", Map.of()))).isEqualTo("/");
    assertThat(location(admin.get("/admin"))).startsWith("/login");
  }

  @Test
  void theStatusPageNeedsProofOfEveryLine() {
    PortalClient citizen = new PortalClient(server);
    HttpResponse<String> nothing = citizen.get("/citizen/request/status");
    assertPage(nothing, 403);
    assertThat(nothing.body()).contains("PROOF_REQUIRED");
    assertThat(location(citizen.get("/citizen/request"))).isEqualTo("/citizen");

    citizen.get("/citizen");
    HttpResponse<String> invalid = citizen.post("/citizen/requests", Map.of("action", "REGISTER",
        "proof", "SMS_CODE", "number1", "333 123 4567", "number2", "12"));
    assertPage(invalid, 400);
    assertThat(invalid.body()).contains("id=\"number2-error\"")
        .contains("aria-describedby=\"number2-error\"").contains("This is not a valid phone number.")
        .contains("value=\"333 123 4567\"").doesNotContain("id=\"number1-error\"");

    HttpResponse<String> started = citizen.post("/citizen/requests", Map.of("action", "REGISTER",
        "proof", "SMS_CODE", "number1", "333 123 4567", "number2", "+39 347 111 2222"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
    assertThat(location(started)).isEqualTo("/citizen/request").doesNotContain("request_id");
    HttpResponse<String> prove = citizen.get("/citizen/request");
    assertPage(prove, 200);
    assertThat(prove.body()).contains("for=\"code-393331234567\"").contains("for=\"code-393471112222\"");

    HttpResponse<String> beforeProof = citizen.get("/citizen/request/status");
    assertPage(beforeProof, 403);
    assertThat(beforeProof.body()).contains("PROOF_REQUIRED").doesNotContain("In the register");
    PortalClient stranger = new PortalClient(server);
    assertPage(stranger.get("/citizen/request/status"), 403);

    HttpResponse<String> wrong = citizen.post("/citizen/request/codes",
        Map.of("code-393331234567", code(393331234567L).equals("000000") ? "000001" : "000000"));
    assertPage(wrong, 400);
    assertThat(wrong.body()).contains("id=\"code-393331234567-error\"");
    HttpResponse<String> half = citizen.post("/citizen/request/codes",
        Map.of("code-393331234567", code(393331234567L)));
    assertThat(location(half)).isEqualTo("/citizen/request");
    assertPage(citizen.get("/citizen/request/status"), 403);
    citizen.get("/citizen/request");
    HttpResponse<String> done = citizen.post("/citizen/request/codes",
        Map.of("code-393471112222", code(393471112222L)));
    assertThat(location(done)).isEqualTo("/citizen/request/status");

    HttpResponse<String> status = citizen.get("/citizen/request/status");
    assertPage(status, 200);
    assertThat(status.body()).contains("data-registered=\"true\"").contains("+393331234567")
        .contains("+393471112222").contains("Registered").contains("Web");
    assertPage(stranger.get("/citizen/request/status"), 403);
    assertThat(server.server.gateway().store().events().history(393331234567L))
        .singleElement().satisfies(event -> {
          assertThat(event.type()).isEqualTo(EventType.REGISTER);
          assertThat(event.channel().name()).isEqualTo("WEB");
        });
  }

  @Test
  void anOperatorChecksAListWithoutJavaScriptAndWithTheScriptsRequest() throws Exception {
    PortalClient clerk = operator();
    server.register(393331234567L);
    clerk.get("/operator");
    String list = "nome;telefono\nAnna;333 123 4567\nBea;320 555 1234\n";
    HttpResponse<String> plain = clerk.postFile("/operator/checks", "list", "calls.csv", list,
        Map.of("column", ""));
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
    assertThat(plain.headers().firstValue("Content-Disposition")).hasValueSatisfying(
        value -> assertThat(value).startsWith("attachment"));
    assertThat(plain.body()).isEqualTo("nome;telefono;e164;verdict;reason\n"
        + "Anna;333 123 4567;+393331234567;BLOCKED;REGISTERED\n"
        + "Bea;320 555 1234;+393205551234;CALLABLE;NOT_REGISTERED\n");
    String receiptId = plain.headers().firstValue("X-Receipt-Id").orElseThrow();

    HttpResponse<String> scripted = clerk.send(server.request("/operator/checks?only_callable=true")
        .header("Content-Type", "text/csv").header("X-CSRF-Token", clerk.csrf())
        .POST(HttpRequest.BodyPublishers.ofString(list)));
    assertThat(scripted.statusCode()).as(scripted.body()).isEqualTo(200);
    assertThat(scripted.body()).isEqualTo("nome;telefono;e164;verdict;reason\n"
        + "Bea;320 555 1234;+393205551234;CALLABLE;NOT_REGISTERED\n");
    HttpResponse<String> noToken = clerk.send(server.request("/operator/checks")
        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(list)));
    assertPage(noToken, 403);

    HttpResponse<String> receipt = clerk.get("/operator/receipts/" + receiptId);
    assertThat(receipt.statusCode()).isEqualTo(200);
    assertThat(ReceiptJson.read(receipt.body()).outputSha256())
        .isEqualTo(BaseServerApiTest.sha256(plain.body()));
    assertThat(clerk.get("/operator/receipts").body()).contains(receiptId);
    HttpResponse<String> empty = clerk.postFile("/operator/checks", "list", "empty.csv", "",
        Map.of());
    assertPage(empty, 422);
    assertThat(empty.body()).contains("id=\"error-message\"").contains("INPUT_EMPTY");
    assertThat(clerk.get("/operator/usage").body()).contains("4 of 1,000,000 numbers checked");

    PortalClient other = new PortalClient(server);
    server.operator("beta", "standard");
    String oneTime = server.server.accounts().createUser("beta-clerk", User.Role.OPERATOR, "beta",
        server.admin());
    other.logIn("beta-clerk", oneTime, "beta clerk's own password");
    assertPage(other.get("/operator/receipts/" + receiptId), 404);
    assertThat(other.get("/operator/receipts").body()).doesNotContain(receiptId);
  }

  @Test
  void keysAreShownOnceAndRevokedFromThePortal() {
    PortalClient clerk = operator();
    clerk.get("/operator/keys");
    HttpResponse<String> issued = clerk.post("/operator/keys", Map.of());
    assertPage(issued, 201);
    Matcher key = Pattern.compile("id=\"issued-key\">(odnc_[^<]+)</code>").matcher(issued.body());
    assertThat(key.find()).isTrue();
    String secret = key.group(1);
    assertThat(server.get("/api/v1/usage", secret).statusCode()).isEqualTo(200);
    HttpResponse<String> listed = clerk.get("/operator/keys");
    assertThat(listed.body()).doesNotContain(secret);
    String keyId = server.server.accounts().apiKeys("acme").stream()
        .filter(k -> secret.startsWith(k.prefix())).findFirst().orElseThrow().id();
    assertThat(listed.body()).contains("action=\"/operator/keys/" + keyId + "/revoke\"");
    assertThat(location(clerk.post("/operator/keys/" + keyId + "/revoke", Map.of())))
        .isEqualTo("/operator/keys");
    assertThat(server.get("/api/v1/usage", secret).statusCode()).isEqualTo(401);
  }
}
