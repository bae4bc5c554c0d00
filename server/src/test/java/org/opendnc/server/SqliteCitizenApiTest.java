package org.opendnc.server;

import java.nio.file.Path;
import org.opendnc.engine.RegisterConfig;

class SqliteCitizenApiTest extends BaseCitizenApiTest {

  @Override
  RegisterConfig registerConfig(Path dataDir) {
    return RegisterConfig.embedded(dataDir);
  }
}
