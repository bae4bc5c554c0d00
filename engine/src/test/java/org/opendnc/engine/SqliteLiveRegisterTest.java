package org.opendnc.engine;

import java.nio.file.Path;

class SqliteLiveRegisterTest extends BaseLiveRegisterTest {
  @Override
  RegisterConfig config(Path dataDir) {
    return RegisterConfig.embedded(dataDir);
  }
}
