package org.opendnc.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up that the portal's page tests share: a real server on a fresh SQLite data directory,
 * with rate limits out of the way, started before each test and closed after it.
 */
abstract class SqliteServerTest {

  @TempDir Path temporary;
  TestingServer server;

  @BeforeEach
  void startServer() {
    server = TestingServer.sqlite(temporary.resolve("data"), TestingServer.generousLimits());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }
}
