package org.opendnc.engine.citizen;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.testing.TestingPostgres;

class PostgresCitizenServiceTest extends BaseCitizenServiceTest {
  private String url;

  @BeforeEach
  void freshDatabase() {
    url = TestingPostgres.freshDatabaseUrl();
  }

  @Override
  RegisterConfig config(Path dataDir) {
    return new RegisterConfig(dataDir, url, "postgres", "postgres", "IT");
  }
}
