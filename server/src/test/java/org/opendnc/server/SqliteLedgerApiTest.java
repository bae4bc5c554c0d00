package org.opendnc.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

class SqliteLedgerApiTest extends BaseLedgerApiTest {

  @Override
  TestingServer startServer() {
    return TestingServer.sqlite(temporary.resolve("data"), TestingServer.generousLimits());
  }

  @Override
  List<String> tamperFirstEntry() {
    return List.of("DROP TRIGGER ledger_entries_no_update",
        "UPDATE ledger_entries SET entry = zeroblob(32) WHERE leaf_index = 0");
  }

  /** A record whose integration fails for a while: POST and GET answer 202, then GET 200 with the proof. */
  @org.junit.jupiter.api.Test
  void aRecordNotYetIntegratedIsPendingUntilItIs() throws Exception {
    String acme = server.operator("acme", "standard");
    server.server.gateway().ledger().integrationTimeout(java.time.Duration.ofMillis(300));
    try (Connection connection = connect(); java.sql.Statement statement = connection.createStatement()) {
      // The database refuses the log's writes (as a full disk would); the rest of it works.
      statement.execute("CREATE TRIGGER test_hold_ledger BEFORE INSERT ON ledger_entries"
          + " BEGIN SELECT RAISE(ABORT, 'held by the test'); END");
      java.net.http.HttpResponse<String> posted = server.postJson("/api/v1/ledger/contracts", acme,
          "{\"number\": \"+393331234567\", \"start\": \"2026-01-01T00:00:00Z\"}");
      org.assertj.core.api.Assertions.assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      ApiSchemas.assertValid("ProvenRecord", posted.body());
      String id = TestingServer.json(posted).path("record_id").asText();
      org.assertj.core.api.Assertions.assertThat(posted.headers().firstValue("Location"))
          .contains("/api/v1/ledger/records/" + id);
      java.net.http.HttpResponse<String> pending = server.get("/api/v1/ledger/records/" + id, acme);
      org.assertj.core.api.Assertions.assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
      org.assertj.core.api.Assertions.assertThat(TestingServer.json(pending).path("status").asText())
          .isEqualTo("pending_integration");
      org.assertj.core.api.Assertions.assertThat(pending.headers().firstValue("Retry-After")).contains("1");
      TestingServer.assertProblem(server.get("/api/v1/ledger/records/" + id,
          server.operator("beta", "standard")), 404, "NOT_FOUND");

      statement.execute("DROP TRIGGER test_hold_ledger");
      java.net.http.HttpResponse<String> integrated = pending;
      for (int i = 0; i < 100 && integrated.statusCode() == 202; i++) {
        Thread.sleep(100);
        integrated = server.get("/api/v1/ledger/records/" + id, acme);
      }
      org.assertj.core.api.Assertions.assertThat(integrated.statusCode()).as(integrated.body()).isEqualTo(200);
      org.assertj.core.api.Assertions.assertThat(TestingServer.json(integrated).path("inclusion_proof").asText())
          .startsWith("c2sp.org/tlog-proof@v1");
    }
  }

  /** The public log is rate-limited per address like every other route. */
  @org.junit.jupiter.api.Test
  void thePublicLogIsRateLimitedPerAddress() {
    try (TestingServer limited = TestingServer.sqlite(temporary.resolve("limited"),
        ServerConfig.defaults().withRateLimits(new ServerConfig.RateLimits(2, 100, 10)))) {
      org.assertj.core.api.Assertions.assertThat(
          limited.send(limited.request("/ledger/checkpoint").GET()).statusCode()).isEqualTo(200);
      java.net.http.HttpResponse<String> refused = null;
      for (int i = 0; i < 50 && refused == null; i++) {
        var response = limited.send(limited.request(i % 2 == 0 ? "/ledger/checkpoint" : "/ledger/tile/0/000").GET());
        refused = response.statusCode() == 429 ? response : null;
      }
      org.assertj.core.api.Assertions.assertThat(refused).as("a 429 within 50 requests at 2/s").isNotNull();
      TestingServer.assertProblem(refused, 429, "RATE_LIMITED");
      org.assertj.core.api.Assertions.assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + temporary.resolve("data").resolve("register.db"));
  }
}
