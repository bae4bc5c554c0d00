package org.opendnc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Statistics on a JDBC database (SQLite or PostgreSQL). */
final class JdbcStatistics implements Statistics {

  private static final long NANOS_PER_HOUR = 3_600_000_000_000L;

  private final DataSource dataSource;
  private final String database;

  JdbcStatistics(DataSource dataSource, String database) {
    this.dataSource = dataSource;
    this.database = database;
  }

  @Override
  public List<EventCount> eventsPerHour(Instant from, Instant to) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT at_epoch_nanos / " + NANOS_PER_HOUR + " AS hour, type, channel, count(*)"
                + " FROM register_events WHERE at_epoch_nanos >= ? AND at_epoch_nanos < ?"
                + " GROUP BY at_epoch_nanos / " + NANOS_PER_HOUR + ", type, channel"
                + " ORDER BY 1, 2, 3")) {
      query.setLong(1, EpochNanos.of(from, "from"));
      query.setLong(2, EpochNanos.of(to, "to"));
      List<EventCount> counts = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          counts.add(new EventCount(
              Instant.ofEpochSecond(rows.getLong(1) * 3600),
              EventCodes.type(rows.getInt(2)), EventCodes.channel(rows.getInt(3)),
              rows.getLong(4)));
        }
      }
      return counts;
    } catch (SQLException e) {
      throw Failures.read("count the register events", database, e);
    }
  }

  @Override
  public List<UsageDay> checksPerDay(LocalDate from, LocalDate toExclusive) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT epoch_day, sum(checks), sum(numbers_checked) FROM usage"
                + " WHERE epoch_day >= ? AND epoch_day < ? GROUP BY epoch_day ORDER BY epoch_day")) {
      query.setLong(1, from.toEpochDay());
      query.setLong(2, toExclusive.toEpochDay());
      List<UsageDay> days = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          days.add(new UsageDay(
              null, LocalDate.ofEpochDay(rows.getLong(1)), rows.getLong(2), rows.getLong(3)));
        }
      }
      return days;
    } catch (SQLException e) {
      throw Failures.read("count the checks per day", database, e);
    }
  }

  @Override
  public List<OperatorUsage> topOperators(LocalDate from, LocalDate toExclusive, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT operator, sum(checks), sum(numbers_checked) FROM usage"
                + " WHERE epoch_day >= ? AND epoch_day < ? GROUP BY operator"
                + " ORDER BY sum(numbers_checked) DESC, operator LIMIT ?")) {
      query.setLong(1, from.toEpochDay());
      query.setLong(2, toExclusive.toEpochDay());
      query.setInt(3, limit);
      List<OperatorUsage> top = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          top.add(new OperatorUsage(rows.getString(1), rows.getLong(2), rows.getLong(3)));
        }
      }
      return top;
    } catch (SQLException e) {
      throw Failures.read("rank the operators by usage", database, e);
    }
  }
}
