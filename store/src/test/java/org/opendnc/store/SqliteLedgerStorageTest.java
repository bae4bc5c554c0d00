package org.opendnc.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerStorageTest extends BaseLedgerStorageTest {

  @TempDir Path temporary;
  private Path dataDir;
  private int databases;

  @Override
  void createFreshDatabase() {
    dataDir = temporary.resolve("data-" + databases++);
  }

  @Override
  RegisterStore openStore() {
    return RegisterStore.openSqlite(dataDir);
  }

  @Override
  String disableTriggersOn(String table) {
    return "DROP TRIGGER " + table + "_no_update";
  }

  @Override
  String bytesLiteral() {
    return "X'ff'";
  }
}
