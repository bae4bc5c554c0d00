package org.opendnc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** The audit log and usage meter on a JDBC database (SQLite or PostgreSQL). */
final class JdbcAuditStore implements AuditStore {

  /*
   * Sequences: SQLite assigns the rowid (max + 1: appends are serialised by BEGIN IMMEDIATE, so it
   * is also commit order); PostgreSQL an identity column, which concurrent transactions may commit
   * out of order. The audit log is read newest-first by people, so a page that misses an entry
   * committed a moment late is acceptable here (unlike the register's event log, which nodes tail).
   */

  private static final String COLUMNS =
      "seq, at_epoch_nanos, actor_type, actor, action, subject, numbers, e164, outcome,"
          + " request_id, detail";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String database;

  JdbcAuditStore(DataSource dataSource, Dialect dialect, String database) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.database = database;
  }

  @Override
  public void record(List<AuditEntry> entries, List<UsageDay> usage) {
    record(entries, usage, true);
  }

  /*
   * Unflushed commits: SQLite's synchronous=NORMAL on this connection for this transaction (in WAL
   * mode the commit appends to the WAL without fsync; the next FULL commit of any connection, or a
   * checkpoint, syncs the WAL with it), then back to FULL before the connection returns to the
   * pool; PostgreSQL's SET LOCAL synchronous_commit = off (this transaction only).
   */
  @Override
  public void recordUnflushed(List<AuditEntry> entries, List<UsageDay> usage) {
    record(entries, usage, false);
  }

  private void record(List<AuditEntry> entries, List<UsageDay> usage, boolean flush) {
    Objects.requireNonNull(entries, "entries");
    Objects.requireNonNull(usage, "usage");
    long[] atNanos = new long[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).sequence() != 0) {
        throw new IllegalArgumentException("audit entry " + (i + 1) + " already has a sequence");
      }
      atNanos[i] = EpochNanos.of(entries.get(i).at(), "Audit entry time");
    }
    for (UsageDay day : usage) {
      Objects.requireNonNull(day.operator(), "usage operator");
    }
    if (entries.isEmpty() && usage.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      boolean sqliteNormal = !flush && dialect == Dialect.SQLITE;
      if (sqliteNormal) {
        synchronous(connection, "NORMAL");
      }
      connection.setAutoCommit(false);
      try {
        if (!flush && dialect == Dialect.POSTGRESQL) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit = off");
          }
        }
        insertEntries(connection, entries, atNanos);
        addUsage(connection, usage);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        connection.setAutoCommit(true);
        if (sqliteNormal) {
          synchronous(connection, "FULL");
        }
      }
    } catch (SQLException e) {
      throw Failures.write(
          "record " + entries.size() + " audit entries and " + usage.size() + " usage rows",
          database, e);
    }
  }

  private static void synchronous(Connection connection, String level) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA synchronous = " + level);
    }
  }

  private static void insertEntries(Connection connection, List<AuditEntry> entries, long[] atNanos)
      throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO audit_log (at_epoch_nanos, actor_type, actor, action, subject, numbers, e164,"
            + " outcome, request_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < entries.size(); i++) {
        AuditEntry entry = entries.get(i);
        insert.setLong(1, atNanos[i]);
        insert.setString(2, entry.actorType().name());
        insert.setString(3, entry.actor());
        insert.setString(4, entry.action());
        Jdbc.setNullableString(insert, 5, entry.subject());
        insert.setLong(6, entry.numbers());
        Jdbc.setNullableLong(insert, 7, entry.e164());
        insert.setString(8, entry.outcome());
        Jdbc.setNullableString(insert, 9, entry.requestId());
        Jdbc.setNullableString(insert, 10, entry.detail());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void addUsage(Connection connection, List<UsageDay> usage) throws SQLException {
    if (usage.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert = connection.prepareStatement(
        "INSERT INTO usage (operator, epoch_day, checks, numbers_checked) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (operator, epoch_day) DO UPDATE SET"
            + " checks = usage.checks + excluded.checks,"
            + " numbers_checked = usage.numbers_checked + excluded.numbers_checked")) {
      for (UsageDay day : usage) {
        upsert.setString(1, day.operator());
        upsert.setLong(2, day.day().toEpochDay());
        upsert.setLong(3, day.checks());
        upsert.setLong(4, day.numbersChecked());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  @Override
  public List<AuditEntry> page(long beforeSequence, String actor, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    String sql = "SELECT " + COLUMNS + " FROM audit_log WHERE seq < ?"
        + (actor != null ? " AND actor = ?" : "") + " ORDER BY seq DESC LIMIT ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      int parameter = 1;
      query.setLong(parameter++, beforeSequence);
      if (actor != null) {
        query.setString(parameter++, actor);
      }
      query.setInt(parameter, limit);
      List<AuditEntry> entries = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          entries.add(new AuditEntry(
              rows.getLong(1), EpochNanos.toInstant(rows.getLong(2)),
              AuditEntry.ActorType.valueOf(rows.getString(3)), rows.getString(4),
              rows.getString(5), rows.getString(6), rows.getLong(7), Jdbc.nullableLong(rows, 8),
              rows.getString(9), rows.getString(10), rows.getString(11)));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw Failures.read("read the audit log", database, e);
    }
  }

  @Override
  public List<UsageDay> usage(String operator, LocalDate from, LocalDate toExclusive) {
    Objects.requireNonNull(operator, "operator");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT epoch_day, checks, numbers_checked FROM usage WHERE operator = ?"
                + " AND epoch_day >= ? AND epoch_day < ? ORDER BY epoch_day")) {
      query.setString(1, operator);
      query.setLong(2, from.toEpochDay());
      query.setLong(3, toExclusive.toEpochDay());
      List<UsageDay> days = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          days.add(new UsageDay(
              operator, LocalDate.ofEpochDay(rows.getLong(1)), rows.getLong(2), rows.getLong(3)));
        }
      }
      return days;
    } catch (SQLException e) {
      throw Failures.read("read the usage of operator " + operator, database, e);
    }
  }

  @Override
  public long numbersChecked(String operator, LocalDate from, LocalDate toExclusive) {
    Objects.requireNonNull(operator, "operator");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT coalesce(sum(numbers_checked), 0) FROM usage WHERE operator = ?"
                + " AND epoch_day >= ? AND epoch_day < ?")) {
      query.setString(1, operator);
      query.setLong(2, from.toEpochDay());
      query.setLong(3, toExclusive.toEpochDay());
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw Failures.read("read the usage of operator " + operator, database, e);
    }
  }
}
