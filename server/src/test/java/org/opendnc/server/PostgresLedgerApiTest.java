package org.opendnc.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.opendnc.engine.RegisterConfig;

class PostgresLedgerApiTest extends BaseLedgerApiTest {

  private static EmbeddedPostgres postgres;
  private static int databases;
  private String database;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @Override
  TestingServer startServer() throws SQLException {
    database = "ledger_api_test_" + databases++;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    return TestingServer.start(new RegisterConfig(temporary.resolve("data"),
            postgres.getJdbcUrl("postgres", database), "postgres", "postgres", "IT"),
        TestingServer.generousLimits());
  }

  @Override
  List<String> tamperFirstEntry() {
    return List.of("DROP TRIGGER ledger_entries_no_update_or_delete ON ledger_entries",
        "UPDATE ledger_entries SET entry = decode(repeat('00', 32), 'hex') WHERE leaf_index = 0");
  }

  @Override
  Connection connect() throws SQLException {
    return postgres.getDatabase("postgres", database).getConnection();
  }
}
