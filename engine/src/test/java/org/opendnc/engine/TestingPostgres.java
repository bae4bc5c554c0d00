package org.opendnc.engine;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One embedded PostgreSQL server for every engine test class, with a fresh database per test. */
public final class TestingPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestingPostgres() {}

  /** A JDBC URL of a new, empty database (user and password {@code postgres}). */
  public static synchronized String freshDatabaseUrl() {
    try {
      if (server == null) {
        server = EmbeddedPostgres.builder().start();
        EmbeddedPostgres started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            started.close();
          } catch (IOException e) {
            // The JVM is exiting; the server's files are temporary.
          }
        }));
      }
      String name = "engine_" + DATABASES.incrementAndGet();
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      return server.getJdbcUrl("postgres", name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
