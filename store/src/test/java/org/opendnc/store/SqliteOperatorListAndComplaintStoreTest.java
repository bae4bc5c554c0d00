package org.opendnc.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteOperatorListAndComplaintStoreTest extends BaseOperatorListAndComplaintStoreTest {

  @TempDir Path temporary;

  @Override
  RegisterStore openFreshStore() {
    return RegisterStore.openSqlite(temporary.resolve("data"));
  }
}
