package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** A writer that finds the SQLite write lock taken waits for it, and gives up after its timeout. */
class SqliteDataSourceTest {

  @TempDir Path directory;
  private SqliteDataSource dataSource;

  @BeforeEach
  void createTable() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    dataSource = new SqliteDataSource(config, 400);
    dataSource.setUrl("jdbc:sqlite:" + directory.resolve("busy.db"));
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (v INTEGER)");
    }
  }

  private static void insert(Connection connection, int value) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO t VALUES (" + value + ")");
    }
  }

  @Test
  void aWriterWaitsForTheLockAndWritesOnceItIsFree() throws Exception {
    try (Connection holder = dataSource.getConnection();
        Connection waiter = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      insert(holder, 1); // holds the write lock until commit
      CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
        try {
          insert(waiter, 2);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(100);
      assertThat(write).as("the second writer waits while the lock is held").isNotDone();
      holder.setAutoCommit(true); // commits, and (unlike commit()) begins no new transaction
      write.get(5, TimeUnit.SECONDS);
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT count(*) FROM t")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(2);
    }
  }

  @Test
  void aWriterGivesUpWithBusyAfterTheTimeout() throws Exception {
    try (Connection holder = dataSource.getConnection();
        Connection waiter = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      insert(holder, 1);
      long start = System.nanoTime();
      assertThatThrownBy(() -> insert(waiter, 2))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("SQLITE_BUSY");
      assertThat(System.nanoTime() - start).as("waited the timeout first")
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
      holder.rollback();
    }
  }
}
