package org.opendnc.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

class SqliteConsentLedgerTest extends BaseConsentLedgerTest {
  @Override
  RegisterConfig config(Path dataDir) {
    return RegisterConfig.embedded(dataDir);
  }

  @Override
  List<String> dropTriggers() {
    return List.of("DROP TRIGGER ledger_records_no_update", "DROP TRIGGER ledger_entries_no_update");
  }

  @Override
  List<String> holdLedgerEntries() {
    return List.of("CREATE TRIGGER test_hold_ledger BEFORE INSERT ON ledger_entries"
        + " BEGIN SELECT RAISE(ABORT, 'held by the test'); END");
  }

  @Override
  List<String> releaseLedgerEntries() {
    return List.of("DROP TRIGGER test_hold_ledger");
  }

  @Override
  Connection connect(Path dataDir) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("register.db"));
  }

  @Override
  String updateEntry() {
    return "UPDATE ledger_entries SET entry = zeroblob(32) WHERE leaf_index = 1";
  }
}
