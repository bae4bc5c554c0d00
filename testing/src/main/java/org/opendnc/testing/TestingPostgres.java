package org.opendnc.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL server per test JVM, with a fresh database for each caller.
 *
 * <p>Starting an embedded server takes one to three seconds; test classes that each started their own
 * paid it once per class. Here the server starts lazily on first use and is shared by every test class in
 * the JVM (a module's Surefire fork); a shutdown hook closes it when the JVM exits. Tests stay isolated
 * because each asks for a new, empty database with a unique name ({@link #freshDatabaseUrl()}), per test
 * class or per test as it needs. Databases are not dropped: they live in the server's temporary directory,
 * which goes when the server closes.
 *
 * <p>The user and password are {@code postgres}. Only tests depend on this module (scope {@code test}), so
 * it never reaches the runnable jar.
 */
public final class TestingPostgres {
  private static final String USER = "postgres";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestingPostgres() {}

  /** A JDBC URL of a new, empty database (user and password {@code postgres}). */
  public static String freshDatabaseUrl() {
    return jdbcUrl(freshDatabase());
  }

  /** The name of a new, empty database on the shared server; {@link #jdbcUrl} gives its URL. */
  public static synchronized String freshDatabase() {
    String name = "test_" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create the test database " + name, e);
    }
    return name;
  }

  /**
   * The JDBC URL of the named database on the shared server, whether or not it exists (of the form
   * {@code jdbc:postgresql://localhost:PORT/NAME?user=postgres}).
   */
  public static String jdbcUrl(String database) {
    return server().getJdbcUrl(USER, database);
  }

  /** A data source of the named database on the shared server, as user {@code postgres}. */
  public static DataSource dataSource(String database) {
    return server().getDatabase(USER, database);
  }

  /** The shared server's port on {@code localhost}. */
  public static int port() {
    return server().getPort();
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      EmbeddedPostgres started;
      try {
        started = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // The JVM is exiting; the server's files are temporary.
        }
      }, "testing-postgres-shutdown"));
      server = started;
    }
    return server;
  }
}
