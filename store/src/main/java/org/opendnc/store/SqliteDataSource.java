package org.opendnc.store;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite connections whose writers wait for the write lock in short steps.
 *
 * <p>SQLite lets one writer in at a time; the others get SQLITE_BUSY and call the connection's
 * busy handler. The built-in one (the busy timeout) sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50,
 * 50 and then 100 ms between tries, which a server with several group-commit writers (register
 * events, audit entries, citizens' requests) hits all the time: a commit of under a millisecond
 * then costs a waiter tens of milliseconds. This handler waits 20 µs, doubling up to 1 ms, and
 * gives up (SQLITE_BUSY) after the timeout, like the built-in one.
 */
final class SqliteDataSource extends SQLiteDataSource {

  private static final long FIRST_WAIT_NANOS = 20_000;
  private static final long LONGEST_WAIT_NANOS = 1_000_000;

  private final long timeoutNanos;

  SqliteDataSource(SQLiteConfig config, long timeoutMillis) {
    super(config);
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  @Override
  public SQLiteConnection getConnection(String username, String password) throws SQLException {
    SQLiteConnection connection = super.getConnection(username, password);
    BusyHandler.setHandler(connection, new ShortWaits(timeoutNanos));
    return connection;
  }

  /** Waits in short, growing steps until the lock is free or the timeout has passed. */
  private static final class ShortWaits extends BusyHandler {
    private final long timeoutNanos;
    private long firstBusyNanos;

    ShortWaits(long timeoutNanos) {
      this.timeoutNanos = timeoutNanos;
    }

    @Override
    protected int callback(int previousCalls) {
      long now = System.nanoTime();
      if (previousCalls == 0) {
        firstBusyNanos = now; // a connection is used by one thread at a time
      } else if (now - firstBusyNanos >= timeoutNanos) {
        return 0;
      }
      LockSupport.parkNanos(Math.min(LONGEST_WAIT_NANOS, FIRST_WAIT_NANOS << Math.min(previousCalls, 6)));
      return 1;
    }
  }
}
