package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendnc.testing.TestingPostgres;

class PostgresLedgerStorageTest extends BaseLedgerStorageTest {

  private String url;

  @Override
  void createFreshDatabase() {
    url = TestingPostgres.freshDatabaseUrl();
  }

  @Override
  RegisterStore openStore() {
    return RegisterStore.open(url, "postgres", "postgres");
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
