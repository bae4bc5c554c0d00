package org.opendnc.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresOperatorListAndComplaintStoreTest extends BaseOperatorListAndComplaintStoreTest {

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
  RegisterStore openFreshStore() throws SQLException {
    String database = "lists_test_" + databases++;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    return RegisterStore.open(postgres.getJdbcUrl("postgres", database), "postgres", "postgres");
  }
}
