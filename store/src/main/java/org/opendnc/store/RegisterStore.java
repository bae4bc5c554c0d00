package org.opendnc.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.opendnc.ledger.LogStorage;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The register's database: its event log, receipts, citizen requests, accounts, audit log,
 * transparency log, operators' calling numbers and do-not-contact lists, and complaints, on an
 * embedded SQLite file or a PostgreSQL server. Opening runs the schema migrations. Thread-safe;
 * close it once at shutdown.
 */
public final class RegisterStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RegisterStore.class);

  /*
   * Connections come from a HikariCP pool for both products. SQLite connections are configured
   * for durability and for one writer at a time: WAL journal, synchronous=FULL (a commit returns
   * after the WAL is fsynced), BEGIN IMMEDIATE for every transaction (a writer takes the lock up
   * front instead of failing on upgrade), and a busy handler (SqliteDataSource) so concurrent
   * writers wait, in short steps, rather than fail. PostgreSQL keeps its durable defaults
   * (synchronous_commit=on, fsync=on).
   *
   * Page size: a new SQLite file is created with 16 KiB pages (decision 0007) before the pool
   * opens it, because the page size is fixed once the first table exists or WAL is on. Bulk
   * imports rewrite the pages of the (e164, seq) index once per run; larger pages mean a quarter
   * of the page reads, WAL frames and checkpoint writes (system calls) for the same bytes. An
   * existing database keeps its page size.
   */

  /** The file name of the SQLite database inside the data directory. */
  public static final String SQLITE_FILE_NAME = "register.db";

  private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 30_000;
  private static final int SQLITE_CACHE_KIBIBYTES = 64 * 1024;
  /** The page size of a new SQLite database. */
  private static final int SQLITE_PAGE_BYTES = 16 * 1024;
  /**
   * WAL pages between automatic checkpoints (default 1000): 64 MiB of 16 KiB pages, fewer
   * rewrites of hot index pages.
   */
  private static final int SQLITE_WAL_CHECKPOINT_PAGES = 4_096;
  private static final int SQLITE_POOL_SIZE = 4;
  private static final int POSTGRESQL_POOL_SIZE = 8;
  private static final int POSTGRESQL_CONNECT_TIMEOUT_SECONDS = 10;

  private final HikariDataSource dataSource;
  private final String description;
  private final EventLog events;
  private final ReceiptStore receipts;
  private final CitizenStore citizens;
  private final SmsOutbox smsOutbox;
  private final AccountStore accounts;
  private final AuditStore audit;
  private final Statistics statistics;
  private final LogStorage ledger;
  private final OperatorListStore operatorLists;
  private final ComplaintStore complaints;
  private final LedgerRecords ledgerRecords;
  private final Dialect dialect;
  private ScheduledExecutorService checkpointer;
  /** The background checkpoint's failures in a row (its thread only). */
  private final RepeatedFailures checkpointFailures = new RepeatedFailures(Duration.ofMinutes(1));

  private RegisterStore(HikariDataSource dataSource, Dialect dialect, String description) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.description = description;
    this.events = new JdbcEventLog(dataSource, dialect, description);
    this.receipts = new JdbcReceiptStore(dataSource, dialect, description);
    this.citizens = new JdbcCitizenStore(dataSource, dialect, description);
    this.smsOutbox = new JdbcSmsOutbox(dataSource, description);
    this.accounts = new JdbcAccountStore(dataSource, dialect, description);
    this.audit = new JdbcAuditStore(dataSource, dialect, description);
    this.statistics = new JdbcStatistics(dataSource, description);
    this.ledger = new JdbcLogStorage(dataSource, dialect, description);
    this.operatorLists = new JdbcOperatorListStore(dataSource, dialect, description);
    this.complaints = new JdbcComplaintStore(dataSource, dialect, description);
    this.ledgerRecords = new JdbcLedgerRecords(dataSource, dialect, description);
  }

  /**
   * Opens (creating if needed) the SQLite database {@value #SQLITE_FILE_NAME} in {@code dataDir},
   * creating the directory if needed, and migrates it to the current schema.
   *
   * @throws StoreException if the directory or database cannot be created or opened, or the
   *     migrations fail
   */
  public static RegisterStore openSqlite(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    Path directory = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException e) {
      throw new StoreException(
          StoreException.Code.OPEN_FAILED,
          "Cannot use " + directory + " as the data directory: it exists and is not a directory."
              + " Choose a directory (it is created if missing).",
          e);
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Code.OPEN_FAILED,
          "Cannot create the data directory " + directory + ": " + Failures.reason(e)
              + ". Check the path and its permissions.",
          e);
    }
    return openSqliteFile(directory.resolve(SQLITE_FILE_NAME));
  }

  /**
   * Opens a database by JDBC URL and migrates it to the current schema: PostgreSQL
   * ({@code jdbc:postgresql://host:port/database}) or SQLite ({@code jdbc:sqlite:/path/file.db},
   * user and password ignored).
   *
   * @throws StoreException if the URL is not supported, the database cannot be reached or refuses
   *     the credentials, or the migrations fail
   */
  public static RegisterStore open(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      String file = withoutQuery(jdbcUrl.substring("jdbc:sqlite:".length()));
      return openSqliteFile(Path.of(file).toAbsolutePath().normalize());
    }
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new StoreException(
          StoreException.Code.OPEN_FAILED,
          "Unsupported database URL " + withoutQuery(jdbcUrl) + ". Use"
              + " jdbc:postgresql://host:port/database or jdbc:sqlite:/path/register.db.",
          null);
    }
    String description = "PostgreSQL "
        + withoutQuery(jdbcUrl.substring("jdbc:postgresql:".length())).replaceFirst("^//", "")
        + (user != null ? " as " + user : "");
    HikariConfig config = new HikariConfig();
    config.setPoolName("opendnc-postgresql");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(POSTGRESQL_POOL_SIZE);
    config.addDataSourceProperty("connectTimeout", POSTGRESQL_CONNECT_TIMEOUT_SECONDS);
    config.addDataSourceProperty("ApplicationName", "opendnc");
    return start(config, Dialect.POSTGRESQL, description);
  }

  private static RegisterStore openSqliteFile(Path file) {
    createSqliteFile(file);
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    sqlite.setCacheSize(-SQLITE_CACHE_KIBIBYTES);
    sqlite.setPragma(
        SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(SQLITE_WAL_CHECKPOINT_PAGES));
    SQLiteDataSource sqliteDataSource = new SqliteDataSource(sqlite, SQLITE_BUSY_TIMEOUT_MILLIS);
    sqliteDataSource.setUrl("jdbc:sqlite:" + file);
    HikariConfig config = new HikariConfig();
    config.setPoolName("opendnc-sqlite");
    config.setDataSource(sqliteDataSource);
    config.setMaximumPoolSize(SQLITE_POOL_SIZE);
    return start(config, Dialect.SQLITE, "SQLite " + file);
  }

  /**
   * Creates a missing (or empty) SQLite file with {@link #SQLITE_PAGE_BYTES} pages, in WAL mode;
   * leaves an existing database as it is.
   */
  private static void createSqliteFile(Path file) {
    try {
      if (Files.size(file) > 0) {
        return;
      }
    } catch (IOException e) {
      // Missing (or unreadable, which opening it reports below): create it.
    }
    SQLiteDataSource plain = new SQLiteDataSource();
    plain.setUrl("jdbc:sqlite:" + file);
    try (Connection connection = plain.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA page_size = " + SQLITE_PAGE_BYTES);
      statement.execute("PRAGMA journal_mode = WAL");
    } catch (SQLException e) {
      throw new StoreException(
          StoreException.Code.OPEN_FAILED,
          "Cannot open SQLite " + file + ": " + Failures.reason(e)
              + ". Check that the path is a writable SQLite database or does not exist yet.",
          e);
    }
  }

  private static RegisterStore start(HikariConfig config, Dialect dialect, String description) {
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException(
          StoreException.Code.OPEN_FAILED,
          "Cannot open " + description + ": " + Failures.reason(e) + ". "
              + (dialect == Dialect.SQLITE
                  ? "Check that the path is a writable SQLite database or does not exist yet."
                  : "Check the URL, that the server is running, and the user and password."),
          e);
    }
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations(dialect.migrations())
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      dataSource.close();
      throw new StoreException(
          StoreException.Code.MIGRATION_FAILED,
          "Cannot migrate " + description + " to the current schema: " + Failures.reason(e)
              + ". Nothing was changed by the failed migration; check that the database belongs"
              + " to this OpenDNC version (not a newer one) and that the user may create tables.",
          e);
    }
    return new RegisterStore(dataSource, dialect, description);
  }

  private static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** The pool, for tests in this package that must go around the store (e.g. to try an UPDATE). */
  javax.sql.DataSource dataSource() {
    return dataSource;
  }

  /** The append-only event log. */
  public EventLog events() {
    return events;
  }

  /** The check receipts. */
  public ReceiptStore receipts() {
    return receipts;
  }

  /** Citizens' requests, the proof of their lines, and IVR calls. */
  public CitizenStore citizens() {
    return citizens;
  }

  /** The development SMS gateway's outbox. */
  public SmsOutbox smsOutbox() {
    return smsOutbox;
  }

  /** Plans, operators, API keys and portal accounts. */
  public AccountStore accounts() {
    return accounts;
  }

  /** The append-only audit log and the usage meter. */
  public AuditStore audit() {
    return audit;
  }

  /** Aggregates for the register's staff. */
  public Statistics statistics() {
    return statistics;
  }

  /** The transparency log's entries, tiles and checkpoints (append-only; decision 0014). */
  public LogStorage ledger() {
    return ledger;
  }

  /** Operators' declared calling numbers and internal do-not-contact lists. */
  public OperatorListStore operatorLists() {
    return operatorLists;
  }

  /** Complaints about calls. */
  public ComplaintStore complaints() {
    return complaints;
  }

  /** The consent ledger's records, and the log storage that writes them with their entries. */
  public LedgerRecords ledgerRecords() {
    return ledgerRecords;
  }

  /** What this store is, for logs and messages, e.g. {@code SQLite /data/register.db}; no secrets. */
  public String describe() {
    return description;
  }

  /**
   * SQLite: checkpoints the WAL into the database file every {@code interval} on a thread of its
   * own (PASSIVE: it waits for no reader or writer), so that a long-running server's commits do
   * not run the checkpoint, with its two fsyncs and page writes, themselves; the automatic
   * checkpoint after a commit stays as a backstop for when the WAL still grows past its threshold.
   * A checkpoint also syncs the WAL, so commits made with {@code synchronous=NORMAL} reach the
   * disk within {@code interval}. PostgreSQL: nothing to do (its own checkpointer runs).
   * Idempotent; stopped by {@link #close}.
   */
  public synchronized void checkpointInBackground(Duration interval) {
    if (dialect != Dialect.SQLITE || checkpointer != null) {
      return;
    }
    checkpointer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("opendnc-sqlite-checkpoint").daemon(true).factory());
    checkpointer.scheduleWithFixedDelay(this::checkpoint, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void checkpoint() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException | RuntimeException e) {
      // The next run, or the automatic checkpoint after a commit, does it instead. A lasting fault
      // is reported once a minute, not at every run.
      long report = checkpointFailures.failed(Instant.now());
      if (report == 1) {
        LOG.warn("Background checkpoint of {} failed: {}", description, Failures.reason(e));
      } else if (report > 1) {
        LOG.warn("Background checkpoint of {} failed {} times since the last report, most recently: {}",
            description, report, Failures.reason(e));
      }
      return;
    }
    long failedBefore = checkpointFailures.succeeded();
    if (failedBefore > 0) {
      LOG.info("Background checkpoint of {} works again after {} failures", description, failedBefore);
    }
  }

  /** Closes every connection. Idempotent. Using the store after closing fails. */
  @Override
  public void close() {
    synchronized (this) {
      if (checkpointer != null) {
        checkpointer.shutdownNow();
        try {
          checkpointer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    dataSource.close();
  }

  @Override
  public String toString() {
    return "RegisterStore[" + description + "]";
  }
}
