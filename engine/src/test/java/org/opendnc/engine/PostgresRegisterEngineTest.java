package org.opendnc.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.opendnc.testing.TestingPostgres;

class PostgresRegisterEngineTest extends BaseRegisterEngineTest {
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
