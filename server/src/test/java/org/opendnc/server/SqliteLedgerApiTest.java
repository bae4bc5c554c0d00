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

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + temporary.resolve("data").resolve("register.db"));
  }
}
