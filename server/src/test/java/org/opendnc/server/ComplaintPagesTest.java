package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The complaint form as a browser without JavaScript uses it: plain form posts with the visitor's
 * CSRF token, errors per field in the page's language, the reference on the confirmation page.
 */
class ComplaintPagesTest extends SqliteServerTest {

  private static final Pattern REFERENCE = Pattern.compile("id=\"complaint-reference\">([0-9a-f]{32})<");

  private static Map<String, String> complaint(String number, String at) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("number_called", number);
    fields.put("caller_id", "");
    fields.put("called_at", at);
    fields.put("company", "");
    fields.put("offer", "");
    fields.put("text", "Mi hanno offerto un contratto del gas.");
    return fields;
  }

  private static String yesterday() {
    return java.time.LocalDateTime.now(java.time.ZoneId.of("Europe/Rome")).minusDays(1)
        .truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
  }

  @Test
  void theFormWorksWithPlainPostsAndRefusesOneWithoutTheToken() {
    PortalClient visitor = new PortalClient(server).language("it");
    HttpResponse<String> form = visitor.get("/complaint");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("<h1>Segnala una chiamata indesiderata</h1>")
        .contains("name=\"_csrf\"").contains("type=\"datetime-local\"").doesNotContain("<script");

    HttpResponse<String> forged = visitor.postWithout("/complaint", complaint("333 123 4567", yesterday()));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("CSRF_TOKEN_INVALID");

    HttpResponse<String> wrong = visitor.post("/complaint", complaint("333 123 4567", "domani"));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("id=\"called_at-error\">Inserisci una data e un'ora come 2026-11-28 10:15.")
        .contains("value=\"333 123 4567\"").contains("Mi hanno offerto un contratto del gas.</textarea>");

    HttpResponse<String> filed = visitor.post("/complaint", complaint("333 123 4567", yesterday()));
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(200);
    assertThat(filed.body()).contains("<h1>Segnalazione ricevuta</h1>").contains("<dd>Nascosto</dd>");
    Matcher reference = REFERENCE.matcher(filed.body());
    assertThat(reference.find()).isTrue();
    assertThat(server.server.gateway().store().complaints().count()).isEqualTo(1);

    visitor.get("/complaint");
    HttpResponse<String> again = visitor.post("/complaint", complaint("+39 333 123 4567", yesterday()));
    assertThat(again.body()).contains("già stata ricevuta").contains(reference.group(1));
    assertThat(server.server.gateway().store().complaints().count()).isEqualTo(1);
  }
}
