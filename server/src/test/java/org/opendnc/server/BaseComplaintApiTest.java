package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.audit.ComplaintMatcher;
import org.opendnc.audit.Complaints;
import org.opendnc.audit.Rejects;
import org.opendnc.core.number.NumberParser;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.store.Complaint;
import org.opendnc.store.OperatorListStore.DoNotContactEntry;

/**
 * Citizens' complaints and operators' declarations over real HTTP, on a real store (SQLite and
 * PostgreSQL): validation per field, no dependence on the register, rate limits, the audit log,
 * and that what the API stores is what the CLI's matching and the audit read.
 */
abstract class BaseComplaintApiTest {

  static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
  static final long MOBILE = 393331234567L;

  @TempDir Path temporary;
  final TestingClock clock = new TestingClock(START);
  TestingServer server;

  abstract RegisterConfig registerConfig(Path dataDir) throws Exception;

  @BeforeEach
  void start() throws Exception {
    server = TestingServer.start(registerConfig(temporary.resolve("data")), TestingServer.generousLimits(), clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> complain(String json) {
    return server.send(server.request("/api/v1/complaints").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static String complaint(String number, String caller, String at, String text) {
    return "{\"number_called\":\"" + number + "\",\"caller_id\":" + (caller == null ? "null" : "\"" + caller + "\"")
        + ",\"called_at\":\"" + at + "\",\"company\":\"Energia Facile\",\"offer\":\"luce e gas\",\"text\":\""
        + text + "\"}";
  }

  List<Complaint> stored() {
    List<Complaint> all = new ArrayList<>();
    server.server.gateway().store().complaints().forEach(all::add);
    return all;
  }

  JsonNode audit() throws Exception {
    HttpResponse<String> page = BaseServerApiTest.adminLogin(server).get("/api/v1/admin/audit?limit=500");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    ApiSchemas.assertValid("AuditPage", page.body());
    return TestingServer.json(page).path("entries");
  }

  // --- complaints ---

  @Test
  void aComplaintIsStoredAcknowledgedOnceAndMatchedLikeAnImportedOne() throws Exception {
    HttpResponse<String> filed = complain(complaint("333 123 4567", "06 1234 5678", "2026-11-28T10:15", "Chiamano ogni giorno"));
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    ApiSchemas.assertValid("FiledComplaint", filed.body());
    JsonNode body = TestingServer.json(filed);
    String reference = body.path("reference").asText();
    assertThat(reference).matches("[0-9a-f]{32}");
    assertThat(body.path("number_called").asText()).isEqualTo("+393331234567");
    assertThat(body.path("called_at").asText()).isEqualTo("2026-11-28T09:15:00Z"); // Europe/Rome, UTC+1
    assertThat(body.path("already_filed").asBoolean()).isFalse();
    assertThat(body.path("caller_id_withheld").asBoolean()).isFalse();

    HttpResponse<String> again = complain(complaint("+39 333 123 4567", "06 1234 5678", "2026-11-28T10:15:00+01:00",
        "Chiamano ogni giorno"));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(TestingServer.json(again).path("reference").asText()).isEqualTo(reference);
    assertThat(TestingServer.json(again).path("already_filed").asBoolean()).isTrue();

    List<Complaint> stored = stored();
    assertThat(stored).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(reference);
      assertThat(c.source()).isEqualTo("NATIVE");
      assertThat(c.line()).isZero();
      assertThat(c.calledE164()).isEqualTo(MOBILE);
      assertThat(c.callerE164()).isEqualTo(390612345678L);
      assertThat(c.company()).isEqualTo("Energia Facile");
      assertThat(c.subject()).isEqualTo("luce e gas");
      assertThat(c.text()).isEqualTo("Chiamano ogni giorno");
      assertThat(c.file()).isEqualTo("api");
      assertThat(c.createdAt()).isEqualTo(START);
    });

    // dnc complaints match reads it like any other complaint.
    Path calls = Files.writeString(temporary.resolve("calls.csv"), """
        call_id,operator,caller_id,callee,started_at,duration_s,outcome,campaign,origin_country
        k1,acme,06 1234 5678,333 123 4567,2026-11-28T10:20:00+01:00,30,ANSWERED,winter,IT
        """);
    Complaints.MatchResult matched = Complaints.match(server.server.gateway().store(), calls,
        NumberParser.forRegion("IT"), Duration.ofHours(2), temporary.resolve("matches.csv"), new Rejects(null));
    assertThat(matched.matches()).singleElement().satisfies(m -> {
      assertThat(m.kind()).isEqualTo(ComplaintMatcher.Kind.CALLER_AND_NUMBER);
      assertThat(m.likelyOperator()).isEqualTo("acme");
    });

    JsonNode entries = audit();
    assertThat(entries).filteredOn(e -> e.path("action").asText().equals("COMPLAINT_FILE"))
        .hasSize(2).allSatisfy(e -> {
          assertThat(e.path("actor_type").asText()).isEqualTo("CITIZEN");
          assertThat(e.path("actor").asText()).isEqualTo(reference);
          assertThat(e.path("e164").asLong()).isEqualTo(MOBILE);
          assertThat(e.path("outcome").asText()).isEqualTo("OK");
        });
    assertThat(entries.toString()).doesNotContain("Chiamano ogni giorno");
  }

  @Test
  void theAnswerIsTheSameWhetherTheNumberIsRegisteredOrNot() {
    server.register(MOBILE);
    HttpResponse<String> registered = complain(complaint("333 123 4567", "", "2026-11-28T09:00", "a"));
    HttpResponse<String> unregistered = complain(complaint("347 111 2222", "", "2026-11-28T09:00", "a"));
    assertThat(registered.statusCode()).isEqualTo(201);
    assertThat(unregistered.statusCode()).isEqualTo(201);
    JsonNode one = TestingServer.json(registered);
    JsonNode other = TestingServer.json(unregistered);
    List<String> oneFields = new ArrayList<>();
    one.fieldNames().forEachRemaining(oneFields::add);
    List<String> otherFields = new ArrayList<>();
    other.fieldNames().forEachRemaining(otherFields::add);
    assertThat(oneFields).isEqualTo(otherFields);
    assertThat(one.path("caller_id_withheld").asBoolean()).isTrue();
    assertThat(other.path("caller_id_withheld").asBoolean()).isTrue();
    assertThat(registered.body()).doesNotContainIgnoringCase("regist");
    assertThat(stored()).allSatisfy(c -> assertThat(c.callerE164()).isZero());
  }

  @Test
  void everyWrongFieldIsNamedWithItsCodeAndNothingIsStored() {
    String tooLong = "x".repeat(2001);
    HttpResponse<String> refused = complain("{\"number_called\":\"12\",\"caller_id\":\"call me maybe\","
        + "\"called_at\":\"yesterday\",\"company\":\"" + "c".repeat(201) + "\",\"text\":\"" + tooLong + "\"}");
    JsonNode problem = TestingServer.assertProblem(refused, 400, "COMPLAINT_INVALID");
    assertThat(problem.path("field").asText()).isEqualTo("number_called");
    assertThat(problem.path("errors")).extracting(e -> e.path("field").asText() + ":" + e.path("code").asText())
        .containsExactly("number_called:NUMBER_INVALID", "caller_id:CALLER_ID_INVALID", "called_at:TIME_INVALID",
            "company:TOO_LONG", "text:TOO_LONG");

    assertThat(codes(complain("{\"caller_id\":\"06 1234 5678\"}")))
        .containsExactly("number_called:MISSING", "called_at:MISSING");
    assertThat(codes(complain(complaint("+33 1 23 45 67 89", null, "2026-11-28T09:00", "")))).containsExactly(
        "number_called:NUMBER_FOREIGN");
    assertThat(codes(complain(complaint("800 123 456", null, "2026-11-28T09:00", "")))).containsExactly(
        "number_called:NUMBER_NOT_ELIGIBLE");
    assertThat(codes(complain(complaint("333 123 4567", null, "2026-11-28T11:06:00+01:00", "")))).containsExactly(
        "called_at:TIME_IN_FUTURE");
    assertThat(codes(complain(complaint("333 123 4567", null, "2025-11-27T09:00:00Z", "")))).containsExactly(
        "called_at:TIME_TOO_OLD");
    assertThat(complain(complaint("333 123 4567", null, "2026-11-28T11:04:00+01:00", "")).statusCode())
        .as("within the 5 minutes of clock skew").isEqualTo(201);
    TestingServer.assertProblem(complain("{\"number_called\":\"333 123 4567\",\"colour\":\"red\"}"), 400,
        "INVALID_ARGUMENT");
    TestingServer.assertProblem(complain(complaint("333 123 4567", null, "2026-11-28T09:00", "y".repeat(20_000))),
        413, "REQUEST_TOO_LARGE");
    TestingServer.assertProblem(server.send(server.request("/api/v1/complaints").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("333 123 4567"))), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertThat(stored()).hasSize(1);
  }

  static List<String> codes(HttpResponse<String> response) {
    JsonNode problem = TestingServer.assertProblem(response, 400, "COMPLAINT_INVALID");
    List<String> codes = new ArrayList<>();
    problem.path("errors").forEach(e -> codes.add(e.path("field").asText() + ":" + e.path("code").asText()));
    return codes;
  }

  @Test
  void complaintsAreLimitedPerNumberAndPerAddress() throws Exception {
    for (int i = 0; i < ComplaintLimits.PER_NUMBER_PER_DAY; i++) {
      assertThat(complain(complaint("333 123 4567", "", "2026-11-28T09:00", "call " + i)).statusCode()).isEqualTo(201);
    }
    HttpResponse<String> limited = complain(complaint("333 123 4567", "", "2026-11-28T09:00", "one more"));
    TestingServer.assertProblem(limited, 429, "RATE_LIMITED");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(complain(complaint("347 111 2222", "", "2026-11-28T09:00", "another line")).statusCode())
        .as("another number is not limited").isEqualTo(201);
    int sent = ComplaintLimits.PER_NUMBER_PER_DAY + 2;
    for (int i = sent; i < ComplaintLimits.PER_ADDRESS_PER_HOUR; i++) {
      complain(complaint("347 111 22" + (10 + i), "", "2026-11-28T09:00", "x"));
    }
    TestingServer.assertProblem(complain(complaint("347 111 3333", "", "2026-11-28T09:00", "x")), 429, "RATE_LIMITED");
    assertThat(audit()).filteredOn(e -> e.path("action").asText().equals("COMPLAINT_FILE")
        && e.path("outcome").asText().equals("RATE_LIMITED")).hasSize(1);
  }

  // --- operators' declarations ---

  @Test
  void anOperatorDeclaresListsAndWithdrawsItsCallingNumbersFromNow() throws Exception {
    String acme = server.operator("acme", "standard");
    String other = server.operator("other", "standard");
    HttpResponse<String> declared = server.postJson("/api/v1/calling-numbers", acme,
        "{\"numbers\":[\"06 1234 5678\",\"0844 123456\"]}");
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);
    ApiSchemas.assertValid("CallingNumbersDeclared", declared.body());
    assertThat(TestingServer.json(declared).path("numbers")).extracting(
        n -> n.path("number").asText() + "=" + n.path("added").asBoolean())
        .containsExactly("+390612345678=true", "+390844123456=true");
    assertThat(TestingServer.json(server.postJson("/api/v1/calling-numbers", acme,
        "{\"numbers\":[\"+39 06 1234 5678\"]}")).path("numbers").get(0).path("added").asBoolean()).isFalse();

    HttpResponse<String> listed = server.get("/api/v1/calling-numbers", acme);
    ApiSchemas.assertValid("CallingNumbers", listed.body());
    assertThat(TestingServer.json(listed).path("calling_numbers")).hasSize(2)
        .allSatisfy(n -> assertThat(n.path("declared_at").asText()).isEqualTo(START.toString()));
    assertThat(TestingServer.json(server.get("/api/v1/calling-numbers", other)).path("calling_numbers")).isEmpty();

    clock.advance(Duration.ofHours(1));
    HttpResponse<String> withdrawn = server.send(server.request("/api/v1/calling-numbers/%2B390612345678")
        .header("Authorization", "Bearer " + acme).DELETE());
    assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
    ApiSchemas.assertValid("CallingNumberWithdrawn", withdrawn.body());
    assertThat(server.server.gateway().store().operatorLists().callingNumbers("acme"))
        .filteredOn(n -> n.e164() == 390612345678L).singleElement()
        .satisfies(n -> assertThat(n.withdrawnAt()).isEqualTo(START.plus(Duration.ofHours(1))));
    TestingServer.assertProblem(server.send(server.request("/api/v1/calling-numbers/%2B390612345678")
        .header("Authorization", "Bearer " + acme).DELETE()), 404, "NOT_FOUND");
    TestingServer.assertProblem(server.send(server.request("/api/v1/calling-numbers/%2B390844123456")
        .header("Authorization", "Bearer " + other).DELETE()), 404, "NOT_FOUND");

    JsonNode bad = TestingServer.assertProblem(server.postJson("/api/v1/calling-numbers", acme,
        "{\"numbers\":[\"06 1234 5679\",\"not a number\"]}"), 400, "INVALID_ARGUMENT");
    assertThat(bad.path("detail").asText()).contains("number 2").contains("not a number");
    assertThat(server.server.gateway().store().operatorLists().callingNumbers("acme")).hasSize(2);
    TestingServer.assertProblem(server.send(server.request("/api/v1/calling-numbers").GET()), 401, "UNAUTHENTICATED");
    assertThat(audit()).extracting(e -> e.path("action").asText())
        .contains("CALLING_NUMBERS_DECLARE", "CALLING_NUMBER_WITHDRAW");
  }

  @Test
  void anOperatorImportsItsDoNotContactListWithEveryBadRowNamedByLine() throws Exception {
    String acme = server.operator("acme", "standard");
    String list = """
        number,added_at,refused_at
        333 123 4567,2026-10-01,2026-09-30T15:00:00+02:00
        347 111 2222,2026-10-02T10:00:00+02:00,
        not a number,2026-10-01,
        ,2026-10-01,
        06 1234 5678,,
        06 1234 5679,yesterday,
        06 1234 5670,2026-12-25,
        """;
    HttpResponse<String> imported = server.postCsv("/api/v1/do-not-contact", acme, list);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    ApiSchemas.assertValid("DoNotContactImport", imported.body());
    JsonNode result = TestingServer.json(imported);
    assertThat(result.path("rows").asLong()).isEqualTo(7);
    assertThat(result.path("added").asLong()).isEqualTo(2);
    assertThat(result.path("rejected").asLong()).isEqualTo(5);
    assertThat(result.path("rejects_truncated").asBoolean()).isFalse();
    assertThat(result.path("rejects")).extracting(r -> r.path("line").asLong() + ":" + r.path("reason").asText())
        .containsExactly("4:INVALID_NUMBER", "5:MISSING_NUMBER", "6:MISSING_TIME", "7:INVALID_TIME", "8:FUTURE_DATE");

    JsonNode again = TestingServer.json(server.postCsv("/api/v1/do-not-contact", acme, list));
    assertThat(again.path("added").asLong()).isZero();
    assertThat(again.path("already_listed").asLong()).isEqualTo(2);
    assertThat(TestingServer.json(server.get("/api/v1/do-not-contact", acme)).path("entries").asLong()).isEqualTo(2);

    List<DoNotContactEntry> entries = new ArrayList<>();
    server.server.gateway().store().operatorLists().forEachDoNotContact(entries::add);
    assertThat(entries).filteredOn(e -> e.e164() == MOBILE).singleElement().satisfies(e -> {
      assertThat(e.operator()).isEqualTo("acme");
      assertThat(e.addedAt()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
      assertThat(e.refusedAt()).isEqualTo(Instant.parse("2026-09-30T13:00:00Z"));
    });

    TestingServer.assertProblem(server.postJson("/api/v1/do-not-contact", acme, "{}"), 415, "UNSUPPORTED_MEDIA_TYPE");
    JsonNode noColumn = TestingServer.assertProblem(server.postCsv("/api/v1/do-not-contact", acme, "name\nMario\n"),
        422, "COLUMN_NOT_FOUND");
    assertThat(noColumn.path("detail").asText()).doesNotContain("dnc-list-").doesNotContain(temporary.toString());
    TestingServer.assertProblem(server.postCsv("/api/v1/do-not-contact", acme, ""), 422, "INPUT_EMPTY");
    TestingServer.assertProblem(server.postCsv("/api/v1/do-not-contact", acme, "number,added_at\n\u0000\u0001"), 422,
        "INPUT_BINARY");
    // A quote left open at the end of the file: the row is reported, not dropped.
    JsonNode unclosed = TestingServer.json(server.postCsv("/api/v1/do-not-contact", acme,
        "number,added_at\n\"333 123 4567,2026-10-01\n"));
    assertThat(unclosed.path("rejected").asLong()).isEqualTo(1);
    assertThat(unclosed.path("rejects").get(0).path("line").asLong()).isEqualTo(2);
    assertThat(audit()).filteredOn(e -> e.path("action").asText().equals("DNC_IMPORT")).extracting(
        e -> e.path("outcome").asText()).contains("OK", "COLUMN_NOT_FOUND", "INPUT_EMPTY");
    try (var leftovers = Files.list(temporary.resolve("data/tmp"))) {
      assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith("dnc-list-"))).isEmpty();
    }
  }
}
