package org.opendnc.engine.citizen;

import java.nio.file.Path;
import org.opendnc.engine.RegisterConfig;

class SqliteCitizenServiceTest extends BaseCitizenServiceTest {
  @Override
  RegisterConfig config(Path dataDir) {
    return RegisterConfig.embedded(dataDir);
  }
}
