package org.opendnc.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.opendnc.testing.TestingPostgres;

class PostgresConsentLedgerTest extends BaseConsentLedgerTest {
  private String url;

  @BeforeEach
  void freshDatabase() {
    url = TestingPostgres.freshDatabaseUrl();
  }

  @Override
  RegisterConfig config(Path dataDir) {
    return new RegisterConfig(dataDir, url, "postgres", "postgres", "IT");
  }

  @Override
  List<String> dropTriggers() {
    return List.of("DROP TRIGGER ledger_records_no_update_or_delete ON ledger_records",
        "DROP TRIGGER ledger_entries_no_update_or_delete ON ledger_entries");
  }

  @Override
  List<String> holdLedgerEntries() {
    return List.of("CREATE FUNCTION test_hold_ledger() RETURNS trigger LANGUAGE plpgsql AS"
        + " $$ BEGIN RAISE EXCEPTION 'held by the test'; END $$",
        "CREATE TRIGGER test_hold_ledger BEFORE INSERT ON ledger_entries"
        + " FOR EACH ROW EXECUTE FUNCTION test_hold_ledger()");
  }

  @Override
  List<String> releaseLedgerEntries() {
    return List.of("DROP TRIGGER test_hold_ledger ON ledger_entries");
  }

  @Override
  Connection connect(Path dataDir) throws SQLException {
    return DriverManager.getConnection(url, "postgres", "postgres");
  }

  @Override
  String updateEntry() {
    return "UPDATE ledger_entries SET entry = decode(repeat('00', 32), 'hex') WHERE leaf_index = 1";
  }
}
