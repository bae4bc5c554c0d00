package org.opendnc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Small JDBC helpers shared by the stores of this package. */
final class Jdbc {

  private Jdbc() {}

  static void setNullableString(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  static void setNullableLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  static void setNullableInstant(PreparedStatement statement, int index, Instant value, String what)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, EpochNanos.of(value, what));
    }
  }

  static Long nullableLong(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  static Instant nullableInstant(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : EpochNanos.toInstant(value);
  }

  /** Whether the driver refused a write because a primary key or unique value exists. */
  static boolean isDuplicateKey(Dialect dialect, SQLException e) {
    if (dialect == Dialect.POSTGRESQL) {
      return "23505".equals(e.getSQLState());
    }
    String message = e.getMessage();
    return message != null
        && (message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")
            || message.contains("SQLITE_CONSTRAINT_UNIQUE"));
  }
}
