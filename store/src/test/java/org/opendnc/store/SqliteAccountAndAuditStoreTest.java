package org.opendnc.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteAccountAndAuditStoreTest extends BaseAccountAndAuditStoreTest {

  @TempDir Path temporary;

  @Override
  RegisterStore openFreshStore() {
    return RegisterStore.openSqlite(temporary.resolve("data"));
  }
}
