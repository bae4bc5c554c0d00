package org.opendnc.server;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.testing.TestingPostgres;

class PostgresServerApiTest extends BaseServerApiTest {

  @TempDir Path temporary;

  @Override
  TestingServer startServer() {
    return TestingServer.start(new RegisterConfig(temporary.resolve("data"),
            TestingPostgres.freshDatabaseUrl(), "postgres", "postgres", "IT"),
        TestingServer.generousLimits());
  }
}
