package org.opendnc.engine;

import java.nio.file.Path;

class SqliteRegisterEngineTest extends BaseRegisterEngineTest {
  @Override
  RegisterConfig config(Path dataDir) {
    return RegisterConfig.embedded(dataDir);
  }
}
