package org.opendnc.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.opendnc.testing.TestingPostgres;

class PostgresLiveRegisterTest extends BaseLiveRegisterTest {
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
