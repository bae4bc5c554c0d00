package org.opendnc.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.opendnc.engine.RegisterConfig;

class PostgresComplaintApiTest extends BaseComplaintApiTest {

  private static EmbeddedPostgres postgres;
  private static int databases;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @Override
  RegisterConfig registerConfig(Path dataDir) throws SQLException {
    String database = "complaint_test_" + databases++;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    return new RegisterConfig(dataDir, postgres.getJdbcUrl("postgres", database), "postgres",
        "postgres", "IT");
  }
}
