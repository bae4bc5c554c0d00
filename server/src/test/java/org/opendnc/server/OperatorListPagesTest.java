package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendnc.store.User;

/**
 * An operator's declarations page as a browser without JavaScript uses it: declare and withdraw
 * calling numbers, send the do-not-contact list and see the rows that were not imported.
 */
class OperatorListPagesTest extends SqliteServerTest {

  private PortalClient clerk(String language) {
    server.operator("acme", "standard");
    String oneTime = server.server.accounts().createUser("clerk", User.Role.OPERATOR, "acme", server.admin());
    PortalClient clerk = new PortalClient(server).language(language);
    clerk.logIn("clerk", oneTime, "the clerk's own password");
    return clerk;
  }

  @Test
  void anOperatorDeclaresWithdrawsAndSendsItsListFromThePortal() {
    PortalClient clerk = clerk("en");
    HttpResponse<String> page = clerk.get("/operator/declarations");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<h1>Calling numbers and do-not-contact list</h1>")
        .contains("You have declared no calling number.").contains("The register holds 0 entries of your list.")
        .contains("href=\"/operator/declarations\" aria-current=\"page\"");

    HttpResponse<String> declared = clerk.post("/operator/calling-numbers",
        Map.of("numbers", "06 1234 5678\n0844 123456, +39 02 1234 5678"));
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);
    assertThat(declared.body()).contains("3 numbers declared, 3 of them new.").contains("+390612345678")
        .contains("+390844123456").contains("+390212345678");
    assertThat(server.server.gateway().store().operatorLists().callingNumbers("acme")).hasSize(3);

    HttpResponse<String> unreadable = clerk.post("/operator/calling-numbers", Map.of("numbers", "06 1234 5679\nabc"));
    assertThat(unreadable.statusCode()).isEqualTo(400);
    assertThat(unreadable.body()).contains("id=\"numbers-error\">A number cannot be read; nothing was declared")
        .contains("06 1234 5679\nabc</textarea>");
    assertThat(server.server.gateway().store().operatorLists().callingNumbers("acme")).hasSize(3);

    HttpResponse<String> withdrawn = clerk.post("/operator/calling-numbers/withdraw", Map.of("number", "+390612345678"));
    assertThat(withdrawn.statusCode()).isEqualTo(200);
    assertThat(withdrawn.body()).contains("+390612345678 is no longer declared.");
    assertThat(server.server.gateway().store().operatorLists().callingNumbers("acme"))
        .filteredOn(n -> n.e164() == 390612345678L).singleElement()
        .satisfies(n -> assertThat(n.withdrawnAt()).isNotNull());
    assertThat(clerk.post("/operator/calling-numbers/withdraw", Map.of("number", "+390612345678")).body())
        .contains("That number is not a declared calling number in force.");

    String list = "number,added_at,refused_at\n333 123 4567,2026-10-01,2026-09-30\nnot a number,2026-10-01,\n";
    HttpResponse<String> imported = clerk.postFile("/operator/do-not-contact", "list", "dnc.csv", list, Map.of());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(imported.body()).contains("2 rows read: 1 added, 0 already listed, 1 not imported.")
        .contains("<td>3</td><td class=\"mono\">INVALID_NUMBER</td>")
        .contains("The register holds 1 entries of your list.");
    HttpResponse<String> noColumn = clerk.postFile("/operator/do-not-contact", "list", "x.csv", "name\nMario\n",
        Map.of());
    assertThat(noColumn.statusCode()).isEqualTo(422);
    assertThat(noColumn.body()).contains("The list needs the columns number and added_at");

    HttpResponse<String> forged = clerk.postWithout("/operator/calling-numbers", Map.of("numbers", "06 9999 9999"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(server.server.gateway().store().operatorLists().callingNumbers("acme")).hasSize(3);
  }

  @Test
  void theDeclarationsPageSpeaksItalianAndIsForOperatorsOnly() {
    PortalClient visitor = new PortalClient(server);
    HttpResponse<String> anonymous = visitor.get("/operator/declarations");
    assertThat(anonymous.statusCode()).isIn(302, 303, 401);
    PortalClient clerk = clerk("it");
    HttpResponse<String> page = clerk.get("/operator/declarations");
    assertThat(page.body()).contains("<h1>Numeri chiamanti e lista di non contatto</h1>")
        .contains("Non hai dichiarato alcun numero chiamante.");
    assertThat(clerk.post("/operator/calling-numbers", Map.of("numbers", " ")).body())
        .contains("Inserisci almeno un numero.");
  }
}
