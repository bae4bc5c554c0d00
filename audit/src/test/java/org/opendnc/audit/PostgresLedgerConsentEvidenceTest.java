package org.opendnc.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.store.RegisterStore;

class PostgresLedgerConsentEvidenceTest extends BaseLedgerConsentEvidenceTest {

  private static EmbeddedPostgres postgres;
  private static int databases;
  private final Map<Path, String> databaseOf = new HashMap<>();

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  private String database(Path dataDir) throws SQLException {
    String existing = databaseOf.get(dataDir);
    if (existing != null) {
      return existing;
    }
    String database = "ledger_evidence_" + databases++;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    databaseOf.put(dataDir, database);
    return database;
  }

  @Override
  RegisterConfig config(Path dataDir) throws SQLException {
    return new RegisterConfig(dataDir, postgres.getJdbcUrl("postgres", database(dataDir)), "postgres", "postgres",
        "IT");
  }

  @Override
  RegisterStore openStore(Path dataDir) throws SQLException {
    return RegisterStore.open(postgres.getJdbcUrl("postgres", database(dataDir)), "postgres", "postgres");
  }
}
