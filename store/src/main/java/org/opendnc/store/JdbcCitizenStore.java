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
import java.util.Optional;
import javax.sql.DataSource;

/** Citizen requests, challenges and IVR calls on a JDBC database (SQLite or PostgreSQL). */
final class JdbcCitizenStore implements CitizenStore {

  private static final String REQUEST_COLUMNS =
      "ref, action, operator, channel, proof, state, created_at_epoch_nanos, expires_at_epoch_nanos,"
          + " completed_at_epoch_nanos, readable_until_epoch_nanos, first_seq, last_seq";
  private static final String CHALLENGE_COLUMNS =
      "request_ref, position, e164, code_salt, code_hash, call_to, attempts, created_at_epoch_nanos,"
          + " expires_at_epoch_nanos, proven_at_epoch_nanos, proof";
  private static final String CALL_COLUMNS =
      "id, caller, called, at_epoch_nanos, received_at_epoch_nanos, outcome, request_ref, seq";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String database;

  JdbcCitizenStore(DataSource dataSource, Dialect dialect, String database) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.database = database;
  }

  @Override
  public void create(Request request, List<Challenge> challenges) {
    Objects.requireNonNull(request, "request");
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO citizen_requests (" + REQUEST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          insert.setString(1, request.ref());
          insert.setString(2, request.action());
          setNullableString(insert, 3, request.operator());
          insert.setString(4, request.channel());
          insert.setString(5, request.proof());
          insert.setString(6, request.state());
          insert.setLong(7, EpochNanos.of(request.createdAt(), "createdAt"));
          insert.setLong(8, EpochNanos.of(request.expiresAt(), "expiresAt"));
          setNullableInstant(insert, 9, request.completedAt());
          setNullableInstant(insert, 10, request.readableUntil());
          setNullableLong(insert, 11, request.firstSequence());
          setNullableLong(insert, 12, request.lastSequence());
          insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO citizen_challenges (" + CHALLENGE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (Challenge challenge : challenges) {
            insert.setString(1, challenge.requestRef());
            insert.setInt(2, challenge.position());
            insert.setLong(3, challenge.e164());
            insert.setBytes(4, challenge.codeSalt());
            insert.setBytes(5, challenge.codeHash());
            setNullableLong(insert, 6, challenge.callTo());
            insert.setInt(7, challenge.attempts());
            insert.setLong(8, EpochNanos.of(challenge.createdAt(), "createdAt"));
            insert.setLong(9, EpochNanos.of(challenge.expiresAt(), "expiresAt"));
            setNullableInstant(insert, 10, challenge.provenAt());
            setNullableString(insert, 11, challenge.proof());
            insert.addBatch();
          }
          insert.executeBatch();
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      if (Failures.isDuplicateKey(dialect, e)) {
        throw new StoreException(
            StoreException.Code.CONFLICT, "Citizen request " + request.ref() + " already exists in " + database, e);
      }
      throw Failures.write("store a citizen request", database, e);
    }
  }

  @Override
  public Optional<Request> find(String ref) {
    List<Request> found = query(
        "SELECT " + REQUEST_COLUMNS + " FROM citizen_requests WHERE ref = ?",
        statement -> statement.setString(1, ref), JdbcCitizenStore::request, "read a citizen request");
    return found.stream().findFirst();
  }

  @Override
  public List<Challenge> challenges(String ref) {
    return query(
        "SELECT " + CHALLENGE_COLUMNS + " FROM citizen_challenges WHERE request_ref = ? ORDER BY position",
        statement -> statement.setString(1, ref), JdbcCitizenStore::challenge, "read a request's challenges");
  }

  @Override
  public int countChallengesSince(long e164, Instant since) {
    List<Integer> count = query(
        "SELECT count(*) FROM citizen_challenges WHERE e164 = ? AND created_at_epoch_nanos >= ?",
        statement -> {
          statement.setLong(1, e164);
          statement.setLong(2, EpochNanos.of(since, "since"));
        },
        rows -> rows.getInt(1), "count a number's recent challenges");
    return count.get(0);
  }

  @Override
  public List<Challenge> pendingCallChallenges(long e164, Instant since) {
    return query(
        "SELECT " + prefixed("c.", CHALLENGE_COLUMNS) + " FROM citizen_challenges c"
            + " JOIN citizen_requests r ON r.ref = c.request_ref"
            + " WHERE c.e164 = ? AND c.created_at_epoch_nanos >= ? AND c.call_to IS NOT NULL"
            + " AND c.proven_at_epoch_nanos IS NULL AND r.state = 'PENDING'"
            + " ORDER BY c.created_at_epoch_nanos DESC",
        statement -> {
          statement.setLong(1, e164);
          statement.setLong(2, EpochNanos.of(since, "since"));
        },
        JdbcCitizenStore::challenge, "read a number's pending call challenges");
  }

  @Override
  public int reserveAttempt(String ref, long e164, int maxAttempts) {
    // One statement, so concurrent attempts each get their own number and never pass the limit.
    List<Integer> reserved = query(
        "UPDATE citizen_challenges SET attempts = attempts + 1"
            + " WHERE request_ref = ? AND e164 = ? AND attempts < ? AND proven_at_epoch_nanos IS NULL"
            + " RETURNING attempts",
        statement -> {
          statement.setString(1, ref);
          statement.setLong(2, e164);
          statement.setInt(3, maxAttempts);
        },
        rows -> rows.getInt(1), "count a code attempt", true);
    return reserved.isEmpty() ? 0 : reserved.get(0);
  }

  @Override
  public boolean markProven(String ref, long e164, Instant at, String proof) {
    return update(
        "UPDATE citizen_challenges SET proven_at_epoch_nanos = ?, proof = ?"
            + " WHERE request_ref = ? AND e164 = ? AND proven_at_epoch_nanos IS NULL",
        statement -> {
          statement.setLong(1, EpochNanos.of(at, "provenAt"));
          statement.setString(2, proof);
          statement.setString(3, ref);
          statement.setLong(4, e164);
        },
        "mark a line proven") == 1;
  }

  @Override
  public boolean changeState(String ref, String from, String to, Instant at) {
    boolean claim = "APPLYING".equals(to);
    return update(
        "UPDATE citizen_requests SET state = ?"
            + (claim ? ", completed_at_epoch_nanos = ?" : "")
            + " WHERE ref = ? AND state = ?",
        statement -> {
          int i = 1;
          statement.setString(i++, to);
          if (claim) {
            statement.setLong(i++, EpochNanos.of(at, "completedAt"));
          }
          statement.setString(i++, ref);
          statement.setString(i, from);
        },
        "change a request's state") == 1;
  }

  @Override
  public boolean reclaim(String ref, Instant claimedAt, Instant at) {
    return update(
        "UPDATE citizen_requests SET completed_at_epoch_nanos = ?"
            + " WHERE ref = ? AND state = 'APPLYING' AND completed_at_epoch_nanos = ?",
        statement -> {
          statement.setLong(1, EpochNanos.of(at, "completedAt"));
          statement.setString(2, ref);
          statement.setLong(3, EpochNanos.of(claimedAt, "claimedAt"));
        },
        "reclaim a request") == 1;
  }

  @Override
  public boolean markDone(String ref, Instant readableUntil, long firstSequence, long lastSequence) {
    return update(
        "UPDATE citizen_requests SET state = 'DONE', readable_until_epoch_nanos = ?, first_seq = ?, last_seq = ?"
            + " WHERE ref = ? AND state = 'APPLYING'",
        statement -> {
          statement.setLong(1, EpochNanos.of(readableUntil, "readableUntil"));
          setNullableLong(statement, 2, firstSequence);
          setNullableLong(statement, 3, lastSequence);
          statement.setString(4, ref);
        },
        "mark a request done") == 1;
  }

  @Override
  public List<IvrCall> recordCalls(List<IvrCall> calls) {
    Objects.requireNonNull(calls, "calls");
    if (calls.isEmpty()) {
      return List.of();
    }
    // ON CONFLICT DO NOTHING (SQLite and PostgreSQL): a retried report leaves the transaction
    // usable, where a duplicate-key error would abort it on PostgreSQL.
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ivr_calls ("
              + CALL_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
          PreparedStatement earlier = connection.prepareStatement("SELECT " + CALL_COLUMNS
              + " FROM ivr_calls WHERE caller = ? AND called = ? AND at_epoch_nanos = ?")) {
        List<IvrCall> stored = new ArrayList<>(calls.size());
        for (IvrCall call : calls) {
          long at = EpochNanos.of(call.at(), "call time");
          insert.setString(1, call.id());
          insert.setString(2, call.caller());
          insert.setString(3, call.called());
          insert.setLong(4, at);
          insert.setLong(5, EpochNanos.of(call.receivedAt(), "receivedAt"));
          insert.setString(6, call.outcome());
          setNullableString(insert, 7, call.requestRef());
          setNullableLong(insert, 8, call.sequence());
          if (insert.executeUpdate() == 1) {
            stored.add(call);
            continue;
          }
          earlier.setString(1, call.caller());
          earlier.setString(2, call.called());
          earlier.setLong(3, at);
          try (ResultSet rows = earlier.executeQuery()) {
            if (!rows.next()) {
              throw new SQLException("call " + call.id() + " was neither stored nor found stored");
            }
            stored.add(call(rows));
          }
        }
        connection.commit();
        return stored;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Failures.write("record " + calls.size() + " IVR calls", database, e);
    }
  }

  @Override
  public void updateCalls(List<CallOutcome> outcomes) {
    Objects.requireNonNull(outcomes, "outcomes");
    if (outcomes.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE ivr_calls SET outcome = ?, request_ref = ?, seq = ? WHERE id = ?")) {
        for (CallOutcome outcome : outcomes) {
          update.setString(1, outcome.outcome());
          setNullableString(update, 2, outcome.requestRef());
          setNullableLong(update, 3, outcome.sequence());
          update.setString(4, outcome.id());
          update.addBatch();
        }
        update.executeBatch();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Failures.write("update " + outcomes.size() + " IVR calls", database, e);
    }
  }

  // --- JDBC plumbing ---

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rows) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper, String what) {
    return query(sql, binder, mapper, what, false);
  }

  /** A statement that returns rows; {@code writes} for UPDATE ... RETURNING (error wording). */
  private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper, String what, boolean writes) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      List<T> result = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          result.add(mapper.map(rows));
        }
      }
      return result;
    } catch (SQLException e) {
      throw writes ? Failures.write(what, database, e) : Failures.read(what, database, e);
    }
  }

  private int update(String sql, Binder binder, String what) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw Failures.write(what, database, e);
    }
  }

  private static String prefixed(String prefix, String columns) {
    return prefix + columns.replace(", ", ", " + prefix);
  }

  private static Request request(ResultSet rows) throws SQLException {
    return new Request(
        rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
        rows.getString(6), EpochNanos.toInstant(rows.getLong(7)), EpochNanos.toInstant(rows.getLong(8)),
        nullableInstant(rows, 9), nullableInstant(rows, 10), rows.getLong(11), rows.getLong(12));
  }

  private static Challenge challenge(ResultSet rows) throws SQLException {
    return new Challenge(
        rows.getString(1), rows.getInt(2), rows.getLong(3), rows.getBytes(4), rows.getBytes(5),
        rows.getLong(6), rows.getInt(7), EpochNanos.toInstant(rows.getLong(8)),
        EpochNanos.toInstant(rows.getLong(9)), nullableInstant(rows, 10), rows.getString(11));
  }

  private static IvrCall call(ResultSet rows) throws SQLException {
    return new IvrCall(
        rows.getString(1), rows.getString(2), rows.getString(3), EpochNanos.toInstant(rows.getLong(4)),
        EpochNanos.toInstant(rows.getLong(5)), rows.getString(6), rows.getString(7), rows.getLong(8));
  }

  private static Instant nullableInstant(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : EpochNanos.toInstant(value);
  }

  private static void setNullableString(PreparedStatement statement, int index, String value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /** 0 is stored as NULL (no sequence, no call-to number). */
  private static void setNullableLong(PreparedStatement statement, int index, long value) throws SQLException {
    if (value == 0) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static void setNullableInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, EpochNanos.of(value, "time"));
    }
  }
}
