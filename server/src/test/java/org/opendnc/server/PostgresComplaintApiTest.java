package org.opendnc.server;

import java.nio.file.Path;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.testing.TestingPostgres;

class PostgresComplaintApiTest extends BaseComplaintApiTest {

  @Override
  RegisterConfig registerConfig(Path dataDir) {
    return new RegisterConfig(dataDir, TestingPostgres.freshDatabaseUrl(), "postgres",
        "postgres", "IT");
  }
}
