package org.opendnc.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.opendnc.ledger.EntryBundle;
import org.opendnc.ledger.LogStorage;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** The transparency log's entries, full tiles and checkpoints on a JDBC database (decision 0014). */
final class JdbcLogStorage implements LogStorage {

  /*
   * One append is one transaction: it takes the write lock first (SQLite: BEGIN IMMEDIATE, set on
   * every connection; PostgreSQL: LOCK TABLE ledger_checkpoints IN EXCLUSIVE MODE, readers still
   * pass), checks that the latest checkpoint is the size the caller continues, then inserts the
   * entries, the tiles they completed and the new checkpoint. The tables' triggers refuse any
   * change, gap or shrinking checkpoint (V5__transparency_log.sql), so a writer with a wrong view
   * of the log fails instead of forking it.
   */

  private static final int BATCH_ROWS = 4096;
  private static final int COPY_CHUNK_CHARS = 1 << 20;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String database;
  private final LedgerRecords.Source records;

  JdbcLogStorage(DataSource dataSource, Dialect dialect, String database) {
    this(dataSource, dialect, database, null);
  }

  /** A storage that also writes the records {@code records} gives, in each append's transaction. */
  JdbcLogStorage(DataSource dataSource, Dialect dialect, String database, LedgerRecords.Source records) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.database = database;
    this.records = records;
  }

  @Override
  public Head head() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT tree_size, note FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1")) {
      return rows.next() ? new Head(rows.getLong(1), rows.getString(2)) : new Head(0, null);
    } catch (SQLException e) {
      throw Failures.read("read the transparency log's latest checkpoint", database, e);
    }
  }

  @Override
  public byte[] tile(int level, long index) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT hashes FROM ledger_tiles WHERE level = ? AND tile_index = ?")) {
      query.setInt(1, level);
      query.setLong(2, index);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new IllegalStateException(
              "tile " + index + " of level " + level + " of the transparency log is missing from "
                  + database);
        }
        return rows.getBytes(1);
      }
    } catch (SQLException e) {
      throw Failures.read("read a transparency log tile", database, e);
    }
  }

  @Override
  public List<byte[]> entries(long from, int count) {
    List<byte[]> entries = new ArrayList<>(count);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT entry FROM ledger_entries WHERE leaf_index >= ? AND leaf_index < ?"
                + " ORDER BY leaf_index")) {
      query.setLong(1, from);
      query.setLong(2, from + count);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          entries.add(rows.getBytes(1));
        }
      }
    } catch (SQLException e) {
      throw Failures.read("read transparency log entries", database, e);
    }
    if (entries.size() != count) {
      throw new IllegalStateException(
          "transparency log entries " + from + " to " + (from + count - 1) + " are not all in "
              + database + " (found " + entries.size() + ")");
    }
    return entries;
  }

  @Override
  public void append(long from, List<byte[]> entries, List<FullTile> tiles, long newSize,
      String checkpoint, Instant integratedAt) {
    long atNanos = EpochNanos.of(integratedAt, "integration time");
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        long stored = lockAndReadSize(connection);
        if (stored != from) {
          throw new IllegalStateException(
              "the transparency log in " + database + " holds " + stored + " entries, not " + from
                  + ": another writer appended. Nothing was stored; reopen the log.");
        }
        if (dialect == Dialect.POSTGRESQL) {
          copyEntries(connection, from, entries);
        } else {
          insertEntries(connection, from, entries);
        }
        insertTiles(connection, tiles);
        if (records != null && !entries.isEmpty()) {
          JdbcLedgerRecords.insert(connection, from, records.recordsFor(from, entries.size()));
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO ledger_checkpoints (tree_size, integrated_at_epoch_nanos, note) VALUES (?, ?, ?)")) {
          insert.setLong(1, newSize);
          insert.setLong(2, atNanos);
          insert.setString(3, checkpoint);
          insert.executeUpdate();
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw Failures.write(
          "append " + entries.size() + " entries to the transparency log", database, e);
    }
  }

  private long lockAndReadSize(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (dialect == Dialect.POSTGRESQL) {
        statement.execute("LOCK TABLE ledger_checkpoints IN EXCLUSIVE MODE");
      }
      try (ResultSet rows = statement.executeQuery("SELECT max(tree_size) FROM ledger_checkpoints")) {
        rows.next();
        return rows.getLong(1); // 0 when there is none
      }
    }
  }

  private static void insertEntries(Connection connection, long from, List<byte[]> entries)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO ledger_entries (leaf_index, entry) VALUES (?, ?)")) {
      for (int i = 0; i < entries.size(); i++) {
        insert.setLong(1, from + i);
        insert.setBytes(2, entries.get(i));
        insert.addBatch();
        if ((i + 1) % BATCH_ROWS == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
  }

  /** COPY in text format: {@code <index> TAB \\x<hex>}; one statement, so one trigger run. */
  private static void copyEntries(Connection connection, long from, List<byte[]> entries)
      throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("COPY ledger_entries (leaf_index, entry) FROM STDIN");
    try {
      HexFormat hex = HexFormat.of();
      StringBuilder chunk = new StringBuilder(COPY_CHUNK_CHARS + 2 * EntryBundle.MAX_ENTRY_BYTES + 64);
      for (int i = 0; i < entries.size(); i++) {
        chunk.append(from + i).append("\t\\\\x");
        hex.formatHex(chunk, entries.get(i));
        chunk.append('\n');
        if (chunk.length() >= COPY_CHUNK_CHARS) {
          byte[] bytes = chunk.toString().getBytes(StandardCharsets.US_ASCII);
          copy.writeToCopy(bytes, 0, bytes.length);
          chunk.setLength(0);
        }
      }
      byte[] bytes = chunk.toString().getBytes(StandardCharsets.US_ASCII);
      copy.writeToCopy(bytes, 0, bytes.length);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void insertTiles(Connection connection, List<FullTile> tiles) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO ledger_tiles (level, tile_index, hashes) VALUES (?, ?, ?)")) {
      for (int i = 0; i < tiles.size(); i++) {
        FullTile tile = tiles.get(i);
        insert.setInt(1, tile.level());
        insert.setLong(2, tile.index());
        insert.setBytes(3, tile.hashes());
        insert.addBatch();
        if ((i + 1) % BATCH_ROWS == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
  }
}
