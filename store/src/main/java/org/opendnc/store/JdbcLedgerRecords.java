package org.opendnc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.opendnc.ledger.LogStorage;

/** The consent ledger's records on a JDBC database (V7). */
final class JdbcLedgerRecords implements LedgerRecords {
  private static final String COLUMNS =
      "leaf_index, record_id, kind, operator, e164, salt, record, logged_at_epoch_nanos";
  private static final int FETCH_ROWS = 1000;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String database;

  JdbcLedgerRecords(DataSource dataSource, Dialect dialect, String database) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.database = database;
  }

  @Override
  public LogStorage logStorage(Source source) {
    return new JdbcLogStorage(dataSource, dialect, database, source);
  }

  /** Inserts the records of entries {@code from} onwards, inside the caller's transaction. */
  static void insert(Connection connection, long from, List<LedgerRecord> records) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO ledger_records (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < records.size(); i++) {
        LedgerRecord record = records.get(i);
        if (record.leafIndex() != from + i) {
          throw new IllegalStateException("the record of entry " + (from + i) + " is for leaf "
              + record.leafIndex() + ": nothing was stored");
        }
        insert.setLong(1, record.leafIndex());
        insert.setString(2, record.recordId());
        insert.setString(3, record.kind());
        insert.setString(4, record.operator());
        if (record.e164() == 0) {
          insert.setNull(5, Types.BIGINT);
        } else {
          insert.setLong(5, record.e164());
        }
        insert.setBytes(6, record.salt());
        insert.setString(7, record.record());
        insert.setLong(8, EpochNanos.of(record.loggedAt(), "logged_at"));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public Optional<LedgerRecord> find(String recordId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM ledger_records WHERE record_id = ?")) {
      query.setString(1, recordId);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Failures.read("read a ledger record", database, e);
    }
  }

  @Override
  public void forEach(Consumer<LedgerRecord> consumer) {
    long from = 0;
    while (true) {
      List<LedgerRecord> page = fromLeaf(from, FETCH_ROWS);
      page.forEach(consumer);
      if (page.size() < FETCH_ROWS) {
        return;
      }
      from = page.get(page.size() - 1).leafIndex() + 1;
    }
  }

  @Override
  public List<LedgerRecord> fromLeaf(long from, int limit) {
    List<LedgerRecord> records = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM ledger_records WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?")) {
      query.setLong(1, from);
      query.setInt(2, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          records.add(read(rows));
        }
      }
    } catch (SQLException e) {
      throw Failures.read("read ledger records", database, e);
    }
    return records;
  }

  @Override
  public List<LedgerRecord> ofSubject(String operator, long e164) {
    List<LedgerRecord> records = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
            + " FROM ledger_records WHERE operator = ? AND e164 = ? ORDER BY leaf_index")) {
      query.setString(1, operator);
      query.setLong(2, e164);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          records.add(read(rows));
        }
      }
    } catch (SQLException e) {
      throw Failures.read("read ledger records", database, e);
    }
    return records;
  }

  @Override
  public List<LedgerRecord> ofOperator(String operator, long beforeLeaf, int limit) {
    List<LedgerRecord> records = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
            + " FROM ledger_records WHERE operator = ? AND leaf_index < ? ORDER BY leaf_index DESC LIMIT ?")) {
      query.setString(1, operator);
      query.setLong(2, beforeLeaf);
      query.setInt(3, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          records.add(read(rows));
        }
      }
    } catch (SQLException e) {
      throw Failures.read("read an operator's ledger records", database, e);
    }
    return records;
  }

  @Override
  public List<String> categories(String operator) {
    List<String> categories = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT category FROM ledger_operator_categories WHERE operator = ? ORDER BY category")) {
      query.setString(1, operator);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          categories.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw Failures.read("read an operator's categories", database, e);
    }
    return categories;
  }

  @Override
  public void addCategory(String operator, String category) {
    if (categories(operator).contains(category)) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO ledger_operator_categories (operator, category) VALUES (?, ?)")) {
      insert.setString(1, operator);
      insert.setString(2, category);
      insert.executeUpdate();
    } catch (SQLException e) {
      if (!Failures.isDuplicateKey(dialect, e)) {
        throw Failures.write("add an operator's category", database, e);
      }
    }
  }

  private static LedgerRecord read(ResultSet rows) throws SQLException {
    return new LedgerRecord(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
        rows.getLong(5), rows.getBytes(6), rows.getString(7), EpochNanos.toInstant(rows.getLong(8)));
  }
}
