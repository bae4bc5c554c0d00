package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRegisterStoreTest extends BaseRegisterStoreTest {

  @TempDir Path temporary;
  private Path dataDir;
  private int databases;

  @Override
  void createFreshDatabase() {
    dataDir = temporary.resolve("data-" + databases++).resolve("nested");
  }

  @Override
  RegisterStore openStore() {
    return RegisterStore.openSqlite(dataDir);
  }

  @Test
  void createsTheDataDirectoryAndDescribesTheFile() {
    Path file = dataDir.toAbsolutePath().resolve("register.db");
    assertThat(file).isRegularFile();
    assertThat(store.describe()).isEqualTo("SQLite " + file);
  }

  @Test
  void connectionsAreDurable() throws SQLException {
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(pragma(statement, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(statement, "synchronous")).isEqualTo("2"); // FULL
    }
  }

  @Test
  void theBackgroundCheckpointCopiesCommitsIntoTheDatabaseFileAndStopsOnClose() throws Exception {
    Path file = dataDir.toAbsolutePath().resolve("register.db");
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("CREATE TABLE checkpoint_probe (v BLOB)");
      for (int i = 0; i < 64; i++) {
        statement.executeUpdate("INSERT INTO checkpoint_probe VALUES (randomblob(16384))");
      }
    }
    long before = Files.size(file);
    long probe = 64 * 16_384L;
    // About 130 pages stay in the WAL: far below the automatic checkpoint's 4,096.
    Thread.sleep(300);
    assertThat(Files.size(file)).as("nothing checkpoints them yet").isLessThan(before + probe);
    store.checkpointInBackground(Duration.ofMillis(50));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Files.size(file) < before + probe && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Files.size(file)).isGreaterThanOrEqualTo(before + probe);
    store.close();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("opendnc-sqlite-checkpoint") && t.isAlive());
  }

  @Test
  void aWriterThatFindsTheLockTakenWaitsForIt() throws Exception {
    // The store's connections wait through SqliteDataSource's busy handler (not busy_timeout).
    try (Connection holder = store.dataSource().getConnection();
        Connection waiter = store.dataSource().getConnection();
        Statement hold = holder.createStatement()) {
      hold.executeUpdate("CREATE TABLE lock_probe (v INTEGER)");
      holder.setAutoCommit(false);
      hold.executeUpdate("INSERT INTO lock_probe VALUES (0)"); // holds the write lock
      CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
        try (Statement statement = waiter.createStatement()) {
          statement.executeUpdate("INSERT INTO lock_probe VALUES (1)");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(100);
      assertThat(write).isNotDone();
      holder.setAutoCommit(true);
      write.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNewDatabaseHas16KiBPagesAndAnExistingOneKeepsItsOwn() throws SQLException, IOException {
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(pragma(statement, "page_size")).isEqualTo("16384");
    }
    Path older = Files.createDirectories(temporary.resolve("older"));
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + older.resolve("register.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA page_size = 4096");
      statement.execute("PRAGMA journal_mode = WAL"); // writes the header: the page size is now fixed
    }
    try (RegisterStore reopened = RegisterStore.openSqlite(older);
        Connection connection = reopened.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      reopened.events().append(registrations(393330000000L, 300));
      assertThat(pragma(statement, "page_size")).isEqualTo("4096");
      assertThat(pragma(statement, "journal_mode")).isEqualTo("wal");
      assertThat(reopened.events().count()).isEqualTo(300);
    }
  }

  private static String pragma(Statement statement, String name) throws SQLException {
    try (ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }

  @Test
  void openByJdbcUrlReachesTheSameFile() {
    store.events().append(registrations(393330000000L, 2));
    Path file = dataDir.toAbsolutePath().resolve("register.db");
    try (RegisterStore byUrl = RegisterStore.open("jdbc:sqlite:" + file, null, null)) {
      assertThat(byUrl.events().count()).isEqualTo(2);
      assertThat(byUrl.describe()).isEqualTo("SQLite " + file);
    }
  }

  @Test
  void aDataDirectoryThatIsAFileGivesAClearError() throws IOException {
    Path file = Files.writeString(temporary.resolve("not-a-directory"), "x");

    assertThatThrownBy(() -> RegisterStore.openSqlite(file))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.OPEN_FAILED))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is not a directory");
  }

  @Test
  void aFileThatIsNotADatabaseGivesAClearError() throws IOException {
    Path directory = Files.createDirectories(temporary.resolve("garbage"));
    Files.writeString(directory.resolve("register.db"), "this is not an SQLite database, ".repeat(200));

    assertThatThrownBy(() -> RegisterStore.openSqlite(directory))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("SQLite " + directory.toAbsolutePath().resolve("register.db"))
        .hasMessageContaining("not a database");
  }

  @Test
  void anUnsupportedUrlGivesAClearError() {
    assertThatThrownBy(() -> RegisterStore.open("jdbc:mysql://localhost/x?password=secret", "u", "p"))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.OPEN_FAILED))
        .hasMessageContaining("Unsupported database URL jdbc:mysql://localhost/x.")
        .hasMessageNotContaining("secret");
  }
}
