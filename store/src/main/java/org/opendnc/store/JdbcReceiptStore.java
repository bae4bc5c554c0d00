package org.opendnc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.opendnc.core.receipt.Receipt;

/** Receipts on a JDBC database (SQLite or PostgreSQL). */
final class JdbcReceiptStore implements ReceiptStore {

  private static final String COLUMNS =
      "id, operator, profile, checked_at_epoch_nanos, register_version, input_sha256,"
          + " output_sha256, rows_total, rows_callable, rows_blocked, rows_invalid,"
          + " valid_until_epoch_nanos, key_id, signature, callable_set_sha256, signed_json,"
          + " callable_set";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM receipts";
  private static final String SUMMARY_COLUMNS =
      "id, operator, profile, checked_at_epoch_nanos, register_version, input_sha256,"
          + " output_sha256, rows_total, rows_callable, rows_blocked, rows_invalid,"
          + " valid_until_epoch_nanos, key_id, signature, callable_set_sha256";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String database;

  JdbcReceiptStore(DataSource dataSource, Dialect dialect, String database) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.database = database;
  }

  @Override
  public void save(Receipt receipt, String signedJson, byte[] callableSet) {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(signedJson, "signedJson");
    Objects.requireNonNull(callableSet, "callableSet");
    long checkedAt = EpochNanos.of(receipt.checkedAt(), "Receipt checkedAt");
    long validUntil = EpochNanos.of(receipt.validUntil(), "Receipt validUntil");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO receipts (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, receipt.id());
      insert.setString(2, receipt.operator());
      insert.setString(3, receipt.profile());
      insert.setLong(4, checkedAt);
      insert.setLong(5, receipt.registerVersion());
      insert.setString(6, receipt.inputSha256());
      insert.setString(7, receipt.outputSha256());
      insert.setLong(8, receipt.counts().rows());
      insert.setLong(9, receipt.counts().callable());
      insert.setLong(10, receipt.counts().blocked());
      insert.setLong(11, receipt.counts().invalid());
      insert.setLong(12, validUntil);
      insert.setString(13, receipt.keyId());
      insert.setString(14, receipt.signature());
      insert.setString(15, receipt.callableSetSha256());
      insert.setString(16, signedJson);
      insert.setBytes(17, callableSet);
      insert.executeUpdate();
    } catch (SQLException e) {
      if (isDuplicateKey(e)) {
        throw new StoreException(
            StoreException.Code.CONFLICT,
            "Receipt " + receipt.id() + " is already stored in " + database
                + "; a receipt is never replaced. Issue a new receipt with a new id.",
            e);
      }
      throw Failures.write("save receipt " + receipt.id(), database, e);
    }
  }

  private boolean isDuplicateKey(SQLException e) {
    if (dialect == Dialect.POSTGRESQL) {
      return "23505".equals(e.getSQLState());
    }
    String message = e.getMessage();
    return message != null && message.contains("SQLITE_CONSTRAINT_PRIMARYKEY");
  }

  @Override
  public Optional<StoredReceipt> find(String id) {
    Objects.requireNonNull(id, "id");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(SELECT + " WHERE id = ?")) {
      query.setString(1, id);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(storedReceipt(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Failures.read("read receipt " + id, database, e);
    }
  }

  @Override
  public List<StoredReceipt> findForOperator(
      String operator, Instant checkedFrom, Instant checkedTo) {
    Objects.requireNonNull(operator, "operator");
    long from = EpochNanos.of(checkedFrom, "checkedFrom");
    long to = EpochNanos.of(checkedTo, "checkedTo");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            SELECT + " WHERE operator = ? AND checked_at_epoch_nanos >= ?"
                + " AND checked_at_epoch_nanos < ? ORDER BY checked_at_epoch_nanos, id")) {
      query.setString(1, operator);
      query.setLong(2, from);
      query.setLong(3, to);
      List<StoredReceipt> receipts = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          receipts.add(storedReceipt(rows));
        }
      }
      return receipts;
    } catch (SQLException e) {
      throw Failures.read("read the receipts of operator " + operator, database, e);
    }
  }

  @Override
  public List<Receipt> listForOperator(String operator, Instant checkedBefore, int limit) {
    Objects.requireNonNull(operator, "operator");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    long before = EpochNanos.of(checkedBefore, "checkedBefore");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT " + SUMMARY_COLUMNS + " FROM receipts WHERE operator = ?"
                + " AND checked_at_epoch_nanos < ? ORDER BY checked_at_epoch_nanos DESC, id"
                + " LIMIT ?")) {
      query.setString(1, operator);
      query.setLong(2, before);
      query.setInt(3, limit);
      List<Receipt> receipts = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          receipts.add(receipt(rows));
        }
      }
      return receipts;
    } catch (SQLException e) {
      throw Failures.read("list the receipts of operator " + operator, database, e);
    }
  }

  private static StoredReceipt storedReceipt(ResultSet rows) throws SQLException {
    return new StoredReceipt(receipt(rows), rows.getString(16), rows.getBytes(17));
  }

  private static Receipt receipt(ResultSet rows) throws SQLException {
    return new Receipt(
        rows.getString(1),
        rows.getString(2),
        rows.getString(3),
        EpochNanos.toInstant(rows.getLong(4)),
        rows.getLong(5),
        rows.getString(6),
        rows.getString(7),
        rows.getString(15),
        new Receipt.Counts(rows.getLong(8), rows.getLong(9), rows.getLong(10), rows.getLong(11)),
        EpochNanos.toInstant(rows.getLong(12)),
        rows.getString(13),
        rows.getString(14));
  }
}
