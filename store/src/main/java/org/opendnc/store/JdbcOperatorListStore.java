package org.opendnc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** Calling numbers and do-not-contact lists on a JDBC database (SQLite or PostgreSQL). */
final class JdbcOperatorListStore implements OperatorListStore {

  private static final int BATCH_ROWS = 4096;
  private static final int FETCH_ROWS = 10_000;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String database;

  JdbcOperatorListStore(DataSource dataSource, Dialect dialect, String database) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.database = database;
  }

  @Override
  public boolean declareCallingNumber(String operator, long e164, Instant declaredAt) {
    Objects.requireNonNull(operator, "operator");
    long at = EpochNanos.of(declaredAt, "declaredAt");
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        boolean open;
        try (PreparedStatement query = connection.prepareStatement(
            "SELECT 1 FROM operator_calling_numbers WHERE operator = ? AND e164 = ?"
                + " AND withdrawn_at_epoch_nanos IS NULL")) {
          query.setString(1, operator);
          query.setLong(2, e164);
          try (ResultSet rows = query.executeQuery()) {
            open = rows.next();
          }
        }
        if (!open) {
          try (PreparedStatement insert = connection.prepareStatement(
              "INSERT INTO operator_calling_numbers (operator, e164, declared_at_epoch_nanos)"
                  + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, operator);
            insert.setLong(2, e164);
            insert.setLong(3, at);
            open = insert.executeUpdate() == 0;
          }
        }
        connection.commit();
        return !open;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Failures.write("declare a calling number of " + operator, database, e);
    }
  }

  @Override
  public boolean withdrawCallingNumber(String operator, long e164, Instant withdrawnAt) {
    Objects.requireNonNull(operator, "operator");
    long at = EpochNanos.of(withdrawnAt, "withdrawnAt");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(
            "UPDATE operator_calling_numbers SET withdrawn_at_epoch_nanos ="
                + " CASE WHEN declared_at_epoch_nanos > ? THEN declared_at_epoch_nanos ELSE ? END"
                + " WHERE operator = ? AND e164 = ? AND withdrawn_at_epoch_nanos IS NULL")) {
      update.setLong(1, at);
      update.setLong(2, at);
      update.setString(3, operator);
      update.setLong(4, e164);
      return update.executeUpdate() > 0;
    } catch (SQLException e) {
      throw Failures.write("withdraw a calling number of " + operator, database, e);
    }
  }

  @Override
  public List<CallingNumber> callingNumbers(String operator) {
    List<CallingNumber> numbers = new ArrayList<>();
    streamCallingNumbers(operator, numbers::add);
    return numbers;
  }

  @Override
  public void forEachCallingNumber(Consumer<CallingNumber> sink) {
    streamCallingNumbers(null, sink);
  }

  private void streamCallingNumbers(String operator, Consumer<CallingNumber> sink) {
    String sql = "SELECT operator, e164, declared_at_epoch_nanos, withdrawn_at_epoch_nanos"
        + " FROM operator_calling_numbers" + (operator != null ? " WHERE operator = ?" : "")
        + " ORDER BY operator, e164, declared_at_epoch_nanos";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      if (operator != null) {
        query.setString(1, operator);
      }
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          long withdrawn = rows.getLong(4);
          boolean inForce = rows.wasNull();
          sink.accept(new CallingNumber(rows.getString(1), rows.getLong(2),
              EpochNanos.toInstant(rows.getLong(3)), inForce ? null : EpochNanos.toInstant(withdrawn)));
        }
      }
    } catch (SQLException e) {
      throw Failures.read("read declared calling numbers", database, e);
    }
  }

  @Override
  public int addDoNotContact(List<DoNotContactEntry> entries) {
    if (entries.isEmpty()) {
      return 0;
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      int added = 0;
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO operator_do_not_contact (operator, e164, added_at_epoch_nanos,"
              + " refused_at_epoch_nanos, source) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        int pending = 0;
        for (DoNotContactEntry entry : entries) {
          insert.setString(1, entry.operator());
          insert.setLong(2, entry.e164());
          insert.setLong(3, EpochNanos.of(entry.addedAt(), "addedAt"));
          if (entry.refusedAt() == null) {
            insert.setNull(4, Types.BIGINT);
          } else {
            insert.setLong(4, EpochNanos.of(entry.refusedAt(), "refusedAt"));
          }
          insert.setString(5, entry.source());
          insert.addBatch();
          if (++pending == BATCH_ROWS) {
            added += sum(insert.executeBatch());
            pending = 0;
          }
        }
        added += sum(insert.executeBatch());
        connection.commit();
        return added;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Failures.write("add " + entries.size() + " do-not-contact entries", database, e);
    }
  }

  static int sum(int[] counts) {
    int total = 0;
    for (int count : counts) {
      total += Math.max(count, 0);
    }
    return total;
  }

  @Override
  public void forEachDoNotContact(Consumer<DoNotContactEntry> sink) {
    try (Connection connection = dataSource.getConnection()) {
      boolean cursor = dialect == Dialect.POSTGRESQL;
      if (cursor) {
        connection.setAutoCommit(false);
      }
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT operator, e164, added_at_epoch_nanos, refused_at_epoch_nanos, source"
              + " FROM operator_do_not_contact")) {
        query.setFetchSize(FETCH_ROWS);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            long refused = rows.getLong(4);
            boolean noRefusal = rows.wasNull();
            sink.accept(new DoNotContactEntry(rows.getString(1), rows.getLong(2),
                EpochNanos.toInstant(rows.getLong(3)), noRefusal ? null : EpochNanos.toInstant(refused),
                rows.getString(5)));
          }
        }
      } finally {
        if (cursor) {
          connection.rollback();
        }
      }
    } catch (SQLException e) {
      throw Failures.read("read the do-not-contact lists", database, e);
    }
  }

  @Override
  public long countDoNotContact(String operator) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT count(*) FROM operator_do_not_contact WHERE operator = ?")) {
      query.setString(1, operator);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw Failures.read("count the do-not-contact list of " + operator, database, e);
    }
  }
}
