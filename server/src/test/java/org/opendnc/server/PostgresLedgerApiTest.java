package org.opendnc.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.testing.TestingPostgres;

class PostgresLedgerApiTest extends BaseLedgerApiTest {

  private String database;

  @Override
  TestingServer startServer() {
    database = TestingPostgres.freshDatabase();
    return TestingServer.start(new RegisterConfig(temporary.resolve("data"),
            TestingPostgres.jdbcUrl(database), "postgres", "postgres", "IT"),
        TestingServer.generousLimits());
  }

  @Override
  List<String> tamperFirstEntry() {
    return List.of("DROP TRIGGER ledger_entries_no_update_or_delete ON ledger_entries",
        "UPDATE ledger_entries SET entry = decode(repeat('00', 32), 'hex') WHERE leaf_index = 0");
  }

  @Override
  Connection connect() throws SQLException {
    return TestingPostgres.dataSource(database).getConnection();
  }
}
