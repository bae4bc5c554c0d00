package org.opendnc.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.opendnc.core.register.RegisterEvent;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** The event log on a JDBC database (SQLite or PostgreSQL). */
final class JdbcEventLog implements EventLog {

  /*
   * Sequences: each append takes the database's write lock first (SQLite: BEGIN IMMEDIATE, set on
   * every connection; PostgreSQL: LOCK TABLE ... IN EXCLUSIVE MODE, which still lets readers in),
   * then reads max(seq) and numbers its events from there. Appends are therefore serialised, the
   * sequence is gap-free, and sequence order equals commit order. A database sequence would be
   * faster under concurrency but lets a later-committed transaction hold a smaller number, which
   * breaks nodes that tail the log by sequence.
   *
   * Bulk path: SQLite gets multi-row INSERTs (128 rows a statement, one prepared statement reused,
   * one more for the remainder), which step the statement once per 128 rows; when all events share
   * type, operator and evidence (an import's run), those are bound once per statement. PostgreSQL
   * gets COPY FROM STDIN in text format, streamed in chunks so a large append never builds one
   * huge buffer.
   */

  private static final String COLUMNS = "seq, e164, type, operator, at_epoch_nanos, channel, evidence";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM register_events";
  private static final int SQLITE_ROWS_PER_INSERT = 128;
  /** Shared-parameter INSERTs: type, operator and evidence once, then 4 parameters per row. */
  private static final int SHARED_PARAMETERS = 3;
  private static final int SHARED_ROW_PARAMETERS = 4;
  private static final int SORT_MIN_ROWS = 1024;
  private static final int SORT_POSITION_BITS = 20;
  private static final int SORT_BUCKET_BITS = 7;
  private static final long SORT_MAX_BUCKET = (1L << (63 - SORT_POSITION_BITS)) - 1;
  private static final int COPY_CHUNK_BYTES = 1 << 20;
  private static final int REPLAY_FETCH_ROWS = 10_000;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String database;

  JdbcEventLog(DataSource dataSource, Dialect dialect, String database) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.database = database;
  }

  @Override
  public List<RegisterEvent> append(List<RegisterEvent> events) {
    long[] atNanos = new long[events.size()];
    for (int i = 0; i < events.size(); i++) {
      RegisterEvent event = events.get(i);
      if (event.sequence() != RegisterEvent.UNSEQUENCED) {
        throw new IllegalArgumentException(
            "Event " + (i + 1) + " of " + events.size() + " already has sequence "
                + event.sequence() + ": only new events (sequence 0) can be appended");
      }
      try {
        atNanos[i] = EpochNanos.exactly(event.at());
      } catch (ArithmeticException e) {
        throw EpochNanos.outOfRange(event.at(), "Event " + (i + 1) + " time", e);
      }
    }
    if (events.isEmpty()) {
      return List.of();
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        long last = lockAndFindLatest(connection);
        if (dialect == Dialect.POSTGRESQL) {
          copyIn(connection, events, atNanos, last);
        } else {
          insertRows(connection, events, atNanos, last);
        }
        connection.commit();
        List<RegisterEvent> appended = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
          appended.add(events.get(i).withSequence(last + 1 + i));
        }
        return appended;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw Failures.write("append " + events.size() + " register events", database, e);
    }
  }

  private long lockAndFindLatest(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (dialect == Dialect.POSTGRESQL) {
        statement.execute("LOCK TABLE register_events IN EXCLUSIVE MODE");
      }
      try (ResultSet rows = statement.executeQuery("SELECT max(seq) FROM register_events")) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static void insertRows(
      Connection connection, List<RegisterEvent> events, long[] atNanos, long last)
      throws SQLException {
    int[] order = numberOrder(events);
    boolean shared = sharesTypeOperatorAndEvidence(events);
    int size = events.size();
    int statements = size / SQLITE_ROWS_PER_INSERT;
    int done = 0;
    if (statements > 0) {
      try (PreparedStatement insert =
          connection.prepareStatement(insertSql(SQLITE_ROWS_PER_INSERT, shared))) {
        for (int s = 0; s < statements; s++) {
          bindRows(insert, shared, events, atNanos, last, order, done, SQLITE_ROWS_PER_INSERT);
          insert.executeUpdate();
          done += SQLITE_ROWS_PER_INSERT;
        }
      }
    }
    if (done < size) {
      try (PreparedStatement tail = connection.prepareStatement(insertSql(size - done, shared))) {
        bindRows(tail, shared, events, atNanos, last, order, done, size - done);
        tail.executeUpdate();
      }
    }
  }

  /** Whether every event has the first one's type, operator and evidence (an import's run). */
  private static boolean sharesTypeOperatorAndEvidence(List<RegisterEvent> events) {
    RegisterEvent first = events.get(0);
    for (RegisterEvent event : events) {
      if (event.type() != first.type()
          || !Objects.equals(event.operator(), first.operator())
          || !Objects.equals(event.evidence(), first.evidence())) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code INSERT ... VALUES} with {@code rows} rows of 7 parameters, or, when {@code shared},
   * with type, operator and evidence as parameters 1 to 3 used by every row and 4 per row.
   */
  private static String insertSql(int rows, boolean shared) {
    StringBuilder sql = new StringBuilder("INSERT INTO register_events (" + COLUMNS + ") VALUES ");
    for (int row = 0; row < rows; row++) {
      sql.append(row == 0 ? "(" : ", (");
      if (shared) {
        int p = SHARED_PARAMETERS + 1 + row * SHARED_ROW_PARAMETERS;
        sql.append('?').append(p).append(", ?").append(p + 1).append(", ?1, ?2, ?")
            .append(p + 2).append(", ?").append(p + 3).append(", ?3)");
      } else {
        sql.append("?, ?, ?, ?, ?, ?, ?)");
      }
    }
    return sql.toString();
  }

  /** Binds {@code count} rows from position {@code from} (event {@code i} gets sequence last + 1 + i). */
  private static void bindRows(
      PreparedStatement insert, boolean shared, List<RegisterEvent> events, long[] atNanos,
      long last, int[] order, int from, int count)
      throws SQLException {
    if (shared) {
      RegisterEvent first = events.get(0);
      insert.setInt(1, EventCodes.code(first.type()));
      setNullableString(insert, 2, first.operator());
      setNullableString(insert, 3, first.evidence());
    }
    int p = shared ? SHARED_PARAMETERS + 1 : 1;
    for (int n = from; n < from + count; n++) {
      int i = order == null ? n : order[n];
      RegisterEvent event = events.get(i);
      insert.setLong(p++, last + 1 + i);
      insert.setLong(p++, event.e164());
      if (!shared) {
        insert.setInt(p++, EventCodes.code(event.type()));
        setNullableString(insert, p++, event.operator());
      }
      insert.setLong(p++, atNanos[i]);
      insert.setInt(p++, EventCodes.code(event.channel()));
      if (!shared) {
        setNullableString(insert, p++, event.evidence());
      }
    }
  }

  /**
   * The positions of the events roughly in number order (numbers that differ only in their last
   * bits share a bucket), so the inserts walk the number index forwards instead of jumping across
   * it: far fewer page visits for large random batches. Each row keeps the sequence of its list
   * position, so the result is the same as inserting in list order. {@code null} (list order) for
   * small batches, where it does not pay, for batches too large to pack, and for batches already
   * in number order (an import sorts its runs).
   */
  static int[] numberOrder(List<RegisterEvent> events) {
    int size = events.size();
    if (size < SORT_MIN_ROWS || size > (1 << SORT_POSITION_BITS) || inNumberOrder(events)) {
      return null;
    }
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      long bucket = Math.min(events.get(i).e164() >>> SORT_BUCKET_BITS, SORT_MAX_BUCKET);
      keys[i] = (bucket << SORT_POSITION_BITS) | i;
    }
    java.util.Arrays.sort(keys);
    int[] order = new int[size];
    for (int n = 0; n < size; n++) {
      order[n] = (int) (keys[n] & ((1L << SORT_POSITION_BITS) - 1));
    }
    return order;
  }

  private static boolean inNumberOrder(List<RegisterEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).e164() < events.get(i - 1).e164()) {
        return false;
      }
    }
    return true;
  }

  private static void setNullableString(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  private static void copyIn(
      Connection connection, List<RegisterEvent> events, long[] atNanos, long last)
      throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("COPY register_events (" + COLUMNS + ") FROM STDIN");
    try {
      StringBuilder chunk = new StringBuilder(COPY_CHUNK_BYTES + 4096);
      for (int i = 0; i < events.size(); i++) {
        RegisterEvent event = events.get(i);
        chunk.append(last + 1 + i).append('\t')
            .append(event.e164()).append('\t')
            .append(EventCodes.code(event.type())).append('\t');
        appendCopyText(chunk, event.operator());
        chunk.append('\t').append(atNanos[i]).append('\t')
            .append(EventCodes.code(event.channel())).append('\t');
        appendCopyText(chunk, event.evidence());
        chunk.append('\n');
        if (chunk.length() >= COPY_CHUNK_BYTES) {
          writeChunk(copy, chunk);
        }
      }
      writeChunk(copy, chunk);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void writeChunk(CopyIn copy, StringBuilder chunk) throws SQLException {
    byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    chunk.setLength(0);
  }

  /** COPY text format: {@code \N} is NULL; backslash, tab, newline and return are escaped. */
  private static void appendCopyText(StringBuilder out, String value) {
    if (value == null) {
      out.append("\\N");
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }

  private static void rollbackQuietly(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public long latestSequence() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT max(seq) FROM register_events")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw Failures.read("read the latest register sequence", database, e);
    }
  }

  @Override
  public void replay(long afterSequence, Consumer<RegisterEvent> sink) {
    try (Connection connection = dataSource.getConnection()) {
      // PostgreSQL streams with a cursor only outside autocommit; SQLite steps rows lazily anyway.
      boolean cursor = dialect == Dialect.POSTGRESQL;
      if (cursor) {
        connection.setAutoCommit(false);
      }
      try (PreparedStatement query = connection.prepareStatement(
          SELECT + " WHERE seq > ? ORDER BY seq",
          ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY)) {
        query.setFetchSize(REPLAY_FETCH_ROWS);
        query.setLong(1, afterSequence);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            sink.accept(event(rows));
          }
        }
      } finally {
        if (cursor) {
          connection.rollback();
        }
      }
    } catch (SQLException e) {
      throw Failures.read("replay register events after sequence " + afterSequence, database, e);
    }
  }

  @Override
  public void scan(long fromSequence, long toSequence, EventValues sink) {
    try (Connection connection = dataSource.getConnection()) {
      boolean cursor = dialect == Dialect.POSTGRESQL;
      if (cursor) {
        connection.setAutoCommit(false);
      }
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT seq, e164, type, operator, at_epoch_nanos FROM register_events WHERE seq > ? AND seq <= ? ORDER BY seq",
          ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY)) {
        query.setFetchSize(REPLAY_FETCH_ROWS);
        query.setLong(1, fromSequence);
        query.setLong(2, toSequence);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            sink.accept(rows.getLong(1), rows.getLong(2), EventCodes.type(rows.getInt(3)), rows.getString(4),
                rows.getLong(5));
          }
        }
      } finally {
        if (cursor) {
          connection.rollback();
        }
      }
    } catch (SQLException e) {
      throw Failures.read("scan register events " + fromSequence + " to " + toSequence, database, e);
    }
  }

  @Override
  public List<RegisterEvent> history(long e164) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(SELECT + " WHERE e164 = ? ORDER BY seq")) {
      query.setLong(1, e164);
      List<RegisterEvent> events = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          events.add(event(rows));
        }
      }
      return events;
    } catch (SQLException e) {
      throw Failures.read("read the history of a number", database, e);
    }
  }

  @Override
  public long count() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM register_events")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw Failures.read("count register events", database, e);
    }
  }

  private static RegisterEvent event(ResultSet rows) throws SQLException {
    return new RegisterEvent(
        rows.getLong(1),
        rows.getLong(2),
        EventCodes.type(rows.getInt(3)),
        rows.getString(4),
        EpochNanos.toInstant(rows.getLong(5)),
        EventCodes.channel(rows.getInt(6)),
        rows.getString(7));
  }
}
