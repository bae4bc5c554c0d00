package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresLedgerStorageTest extends BaseLedgerStorageTest {

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
  void createFreshDatabase() throws SQLException {
    database = "ledger_test_" + databases++;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
  }

  @Override
  RegisterStore openStore() {
    return RegisterStore.open(postgres.getJdbcUrl("postgres", database), "postgres", "postgres");
  }

  @Override
  String disableTriggersOn(String table) {
    return "ALTER TABLE " + table + " DISABLE TRIGGER USER";
  }

  @Override
  String bytesLiteral() {
    return "'\\xff'::bytea";
  }

  @Test
  void theLedgerTablesRefuseTruncate() throws SQLException {
    appendAll(openLog(), entries(300), 300);
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : List.of("ledger_entries", "ledger_tiles", "ledger_checkpoints")) {
        assertThatThrownBy(() -> statement.execute("TRUNCATE " + table + " CASCADE"))
            .as(table).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      }
    }
    assertThat(openLog().size()).isEqualTo(300);
  }
}
