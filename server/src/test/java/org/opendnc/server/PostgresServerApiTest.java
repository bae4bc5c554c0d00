package org.opendnc.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.engine.RegisterConfig;

class PostgresServerApiTest extends BaseServerApiTest {

  private static EmbeddedPostgres postgres;
  private static int databases;

  @TempDir Path temporary;

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
    String database = "server_test_" + databases++;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    return TestingServer.start(new RegisterConfig(temporary.resolve("data"),
            postgres.getJdbcUrl("postgres", database), "postgres", "postgres", "IT"),
        TestingServer.generousLimits());
  }
}
