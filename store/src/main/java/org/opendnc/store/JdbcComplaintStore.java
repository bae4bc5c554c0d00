package org.opendnc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** Complaints on a JDBC database (SQLite or PostgreSQL). */
final class JdbcComplaintStore implements ComplaintStore {

  private static final String COLUMNS = "id, source, caller_id, caller_e164, called_e164,"
      + " consumer_area_code, at_epoch_nanos, created_at_epoch_nanos, company, subject, robocall,"
      + " city, state, text, file_name, line";
  private static final int BATCH_ROWS = 4096;
  private static final int FETCH_ROWS = 10_000;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String database;

  JdbcComplaintStore(DataSource dataSource, Dialect dialect, String database) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.database = database;
  }

  @Override
  public int add(List<Complaint> complaints) {
    if (complaints.isEmpty()) {
      return 0;
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      int added = 0;
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO complaints (" + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        int pending = 0;
        for (Complaint c : complaints) {
          insert.setString(1, c.id());
          insert.setString(2, c.source());
          insert.setString(3, c.callerId());
          setNumber(insert, 4, c.callerE164());
          setNumber(insert, 5, c.calledE164());
          insert.setString(6, c.consumerAreaCode());
          insert.setLong(7, EpochNanos.of(c.at(), "complaint time"));
          if (c.createdAt() == null) {
            insert.setNull(8, Types.BIGINT);
          } else {
            insert.setLong(8, EpochNanos.of(c.createdAt(), "complaint creation time"));
          }
          insert.setString(9, c.company());
          insert.setString(10, c.subject());
          insert.setString(11, c.robocall());
          insert.setString(12, c.city());
          insert.setString(13, c.state());
          insert.setString(14, c.text());
          insert.setString(15, c.file());
          insert.setLong(16, c.line());
          insert.addBatch();
          if (++pending == BATCH_ROWS) {
            added += JdbcOperatorListStore.sum(insert.executeBatch());
            pending = 0;
          }
        }
        added += JdbcOperatorListStore.sum(insert.executeBatch());
        connection.commit();
        return added;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Failures.write("store " + complaints.size() + " complaints", database, e);
    }
  }

  private static void setNumber(PreparedStatement statement, int index, long e164) throws SQLException {
    if (e164 <= 0) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, e164);
    }
  }

  @Override
  public void forEach(Consumer<Complaint> sink) {
    try (Connection connection = dataSource.getConnection()) {
      boolean cursor = dialect == Dialect.POSTGRESQL;
      if (cursor) {
        connection.setAutoCommit(false);
      }
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM complaints ORDER BY at_epoch_nanos, id")) {
        query.setFetchSize(FETCH_ROWS);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            long created = rows.getLong(8);
            boolean noCreated = rows.wasNull();
            sink.accept(new Complaint(rows.getString(1), rows.getString(2), rows.getString(3),
                rows.getLong(4), rows.getLong(5), rows.getString(6),
                EpochNanos.toInstant(rows.getLong(7)), noCreated ? null : EpochNanos.toInstant(created),
                rows.getString(9), rows.getString(10), rows.getString(11), rows.getString(12),
                rows.getString(13), rows.getString(14), rows.getString(15), rows.getLong(16)));
          }
        }
      } finally {
        if (cursor) {
          connection.rollback();
        }
      }
    } catch (SQLException e) {
      throw Failures.read("read the complaints", database, e);
    }
  }

  @Override
  public long count() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM complaints")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw Failures.read("count the complaints", database, e);
    }
  }
}
