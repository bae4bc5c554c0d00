package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opendnc.store.User;

/** The regulator's pages and the admin's staff accounts page, without a browser. */
class RegulatorPagesTest extends SqliteServerTest {

  private static final Pattern ONE_TIME = Pattern.compile("id=\"one-time-password\">([^<]+)<");

  private PortalClient admin() {
    String password = server.server.accounts().bootstrapAdmin(server.admin()).orElseThrow();
    PortalClient admin = new PortalClient(server);
    admin.logIn("admin", password, "a much better password");
    return admin;
  }

  @Test
  void anAdminCreatesARegulatorAccountWhoseHomeIsTheDashboardInEitherLanguage() {
    PortalClient admin = admin();
    assertThat(admin.get("/admin/accounts").body()).contains("Staff accounts", "role-REGULATOR");
    HttpResponse<String> badRole = admin.post("/admin/accounts",
        Map.of("username", "garante", "role", "OPERATOR"));
    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(badRole.body()).contains("Choose the account's role.");
    HttpResponse<String> created = admin.post("/admin/accounts",
        Map.of("username", "garante", "role", "REGULATOR"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("Account garante created (Regulator");
    Matcher password = ONE_TIME.matcher(created.body());
    assertThat(password.find()).isTrue();
    assertThat(server.server.accounts().user("garante")).hasValueSatisfying(
        user -> assertThat(user.role()).isEqualTo(User.Role.REGULATOR));
    assertThat(admin.post("/admin/accounts", Map.of("username", "garante", "role", "REGULATOR"))
        .body()).contains("An account with this username exists already.");

    PortalClient regulator = new PortalClient(server).language("it");
    regulator.get("/login");
    HttpResponse<String> login = regulator.post("/login",
        Map.of("username", "garante", "password", password.group(1)));
    assertThat(login.headers().firstValue("Location")).hasValue("/account/password");
    regulator.get("/account/password");
    HttpResponse<String> changed = regulator.post("/account/password", Map.of("current",
        password.group(1), "password", "the regulator's own", "repeat", "the regulator's own"));
    assertThat(changed.headers().firstValue("Location")).hasValue("/regulator");
    HttpResponse<String> dashboard = regulator.get("/regulator");
    assertThat(dashboard.statusCode()).isEqualTo(200);
    assertThat(dashboard.body()).contains("Cruscotto del regolatore", "Reclami per settimana",
        "Violazioni per codice", "href=\"/regulator/audits\"");
    assertThat(dashboard.body()).doesNotContain("href=\"/admin\"");
    assertThat(regulator.language("en").get("/regulator").body()).contains("Regulator's dashboard");
    assertThat(regulator.get("/admin").statusCode()).isEqualTo(403);
    assertThat(regulator.get("/operator").statusCode()).isEqualTo(403);
  }

  @Test
  void operatorsAndAdminsGetARefusalPageAndVisitorsTheLoginForm() {
    server.operator("acme", "standard");
    String clerkPassword = server.server.accounts().createUser("clerk", User.Role.OPERATOR,
        "acme", server.admin());
    PortalClient clerk = new PortalClient(server);
    clerk.logIn("clerk", clerkPassword, "the clerk's own password");
    PortalClient admin = admin();
    for (String path : new String[] {"/regulator", "/regulator/audits", "/regulator/investigations"}) {
      HttpResponse<String> refused = clerk.get(path);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("FORBIDDEN");
      assertThat(admin.get(path).statusCode()).isEqualTo(403);
      HttpResponse<String> visitor = new PortalClient(server).get(path);
      assertThat(visitor.statusCode()).isEqualTo(303);
      assertThat(visitor.headers().firstValue("Location")).hasValueSatisfying(
          location -> assertThat(location).startsWith("/login?next="));
    }
  }

  @Test
  void aRegulatorUploadsCallsFromTheFormAndFollowsTheJobToItsFiles() {
    server.register(RegulatorSamples.REGISTERED);
    PortalClient regulator = loggedInRegulator();
    assertThat(regulator.get("/regulator/audits").body()).contains("No jobs yet.",
        "enctype=\"multipart/form-data\"", "<option value=\"IT\" selected>IT</option>");
    HttpResponse<String> empty = regulator.postFile("/regulator/audits", "file", "empty.csv", "",
        Map.of("profile", "IT"));
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(empty.body()).contains("INPUT_EMPTY");

    HttpResponse<String> uploaded = regulator.postFile("/regulator/audits", "file", "cdr.csv",
        RegulatorSamples.CALLS, Map.of("profile", "IT"));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
    String page = uploaded.headers().firstValue("Location").orElseThrow();
    assertThat(page).matches("/regulator/audits/[0-9a-f]{32}");
    String body = regulator.get(page).body();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!body.contains("data-status=\"SUCCEEDED\"") && System.nanoTime() < deadline) {
      assertThat(body).contains("<meta http-equiv=\"refresh\" content=\"2\">");
      body = regulator.get(page).body();
    }
    assertThat(body).contains("data-status=\"SUCCEEDED\"", "INVALID_CALLEE",
        "href=\"" + page + "/files/report.pdf\"").doesNotContain("http-equiv=\"refresh\"");
    HttpResponse<String> report = regulator.get(page + "/files/report.html");
    assertThat(report.headers().firstValue("Content-Disposition")).hasValue(
        "inline; filename=\"report.html\"");
    assertThat(report.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).startsWith("default-src 'none'"));
    HttpResponse<String> verdicts = regulator.get(page + "/files/verdicts.csv");
    assertThat(verdicts.headers().firstValue("Content-Disposition")).hasValue(
        "attachment; filename=\"verdicts.csv\"");
    assertThat(regulator.get("/regulator/audits").body()).contains("cdr.csv", "Done");
  }

  @Test
  void theAuditFormTakesTheFirmsConsentsAndContractsInEitherLanguage() {
    server.register(RegulatorSamples.REGISTERED);
    PortalClient regulator = loggedInRegulator();
    assertThat(regulator.get("/regulator/audits").body()).contains(
        "<label for=\"consents\">The firm's consents (CSV, optional)</label>",
        "<input type=\"file\" id=\"consents\" name=\"consents\"",
        "<label for=\"contracts\">The firm's contracts (CSV, optional)</label>",
        "<input type=\"file\" id=\"contracts\" name=\"contracts\"");
    assertThat(regulator.language("it").get("/regulator/audits").body()).contains(
        "I consensi dell'impresa (CSV, facoltativo)", "I contratti dell'impresa (CSV, facoltativo)");
    assertThat(regulator.get("/regulator/investigations").body())
        .doesNotContain("name=\"consents\"");

    // A browser sends an empty part for a file input left empty: the contracts are as none.
    HttpResponse<String> uploaded = regulator.postFiles("/regulator/audits",
        Map.of("profile", "IT"), List.of(
            new PortalClient.FilePart("file", "cdr.csv", RegulatorSamples.CALLS),
            new PortalClient.FilePart("consents", "acme-consents.csv", RegulatorSamples.CONSENTS),
            new PortalClient.FilePart("contracts", "", "")));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
    String page = uploaded.headers().firstValue("Location").orElseThrow();
    String body = regulator.language("en").get(page).body();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!body.contains("data-status=\"SUCCEEDED\"") && System.nanoTime() < deadline) {
      body = regulator.get(page).body();
    }
    assertThat(body).contains("data-status=\"SUCCEEDED\"", "Consent rows rejected",
        "href=\"" + page + "/files/consents.csv.rejects.csv\"")
        .doesNotContain("Contract rows rejected");
    assertThat(regulator.get(page + "/files/verdicts.csv").body())
        .contains("consent:C-1").doesNotContain("OPPOSED_NO_CONSENT");
    assertThat(regulator.get(page + "/files/consents.csv.rejects.csv").body())
        .contains("3,INVALID_TIME,");
  }

  /** A browser logged in as the regulator garante, created for the test. */
  private PortalClient loggedInRegulator() {
    String password = server.server.accounts().createUser("garante", User.Role.REGULATOR, null,
        server.admin());
    PortalClient regulator = new PortalClient(server);
    regulator.logIn("garante", password, "the regulator's own password");
    return regulator;
  }
}
