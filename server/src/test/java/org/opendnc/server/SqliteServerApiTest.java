package org.opendnc.server;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteServerApiTest extends BaseServerApiTest {

  @TempDir Path temporary;

  @Override
  TestingServer startServer() {
    return TestingServer.sqlite(temporary.resolve("data"), TestingServer.generousLimits());
  }
}
