package org.opendnc.server;

import java.nio.file.Path;
import org.opendnc.engine.RegisterConfig;

class SqliteComplaintApiTest extends BaseComplaintApiTest {

  @Override
  RegisterConfig registerConfig(Path dataDir) {
    return RegisterConfig.embedded(dataDir);
  }
}
