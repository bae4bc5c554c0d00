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

/** Plans, operators, API keys and users on a JDBC database (SQLite or PostgreSQL). */
final class JdbcAccountStore implements AccountStore {

  private static final String OPERATOR_COLUMNS =
      "id, name, plan, created_at_epoch_nanos, disabled";
  private static final String KEY_COLUMNS =
      "id, operator, prefix, created_at_epoch_nanos, revoked_at_epoch_nanos";
  private static final String USER_COLUMNS =
      "username, password_hash, role, operator, must_change_password, created_at_epoch_nanos";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String database;

  JdbcAccountStore(DataSource dataSource, Dialect dialect, String database) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.database = database;
  }

  /** Binds a statement's parameters. */
  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Maps the current row. */
  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rows) throws SQLException;
  }

  private <T> List<T> query(String what, String sql, Binder binder, RowMapper<T> mapper) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      List<T> found = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(mapper.map(rows));
        }
      }
      return found;
    } catch (SQLException e) {
      throw Failures.read(what, database, e);
    }
  }

  private <T> Optional<T> queryOne(String what, String sql, Binder binder, RowMapper<T> mapper) {
    List<T> found = query(what, sql, binder, mapper);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private int update(String what, String conflict, String sql, Binder binder) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    } catch (SQLException e) {
      if (conflict != null && Jdbc.isDuplicateKey(dialect, e)) {
        throw new StoreException(StoreException.Code.CONFLICT, conflict, e);
      }
      throw Failures.write(what, database, e);
    }
  }

  @Override
  public List<Plan> plans() {
    return query("read the plans", "SELECT name, yearly_quota FROM plans ORDER BY name",
        statement -> {}, JdbcAccountStore::plan);
  }

  @Override
  public Optional<Plan> plan(String name) {
    Objects.requireNonNull(name, "name");
    return queryOne("read plan " + name, "SELECT name, yearly_quota FROM plans WHERE name = ?",
        statement -> statement.setString(1, name), JdbcAccountStore::plan);
  }

  private static Plan plan(ResultSet rows) throws SQLException {
    return new Plan(rows.getString(1), rows.getLong(2));
  }

  @Override
  public void savePlan(Plan plan) {
    Objects.requireNonNull(plan, "plan");
    update("save plan " + plan.name(), null,
        "INSERT INTO plans (name, yearly_quota) VALUES (?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET yearly_quota = excluded.yearly_quota",
        statement -> {
          statement.setString(1, plan.name());
          statement.setLong(2, plan.yearlyQuota());
        });
  }

  @Override
  public void createOperator(Operator operator) {
    Objects.requireNonNull(operator, "operator");
    update("create operator " + operator.id(),
        "Operator " + operator.id() + " already exists in " + database + ". Choose another id.",
        "INSERT INTO operators (" + OPERATOR_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
        statement -> {
          statement.setString(1, operator.id());
          statement.setString(2, operator.name());
          statement.setString(3, operator.plan());
          statement.setLong(4, EpochNanos.of(operator.createdAt(), "Operator createdAt"));
          statement.setBoolean(5, operator.disabled());
        });
  }

  @Override
  public Optional<Operator> operator(String id) {
    Objects.requireNonNull(id, "id");
    return queryOne("read operator " + id,
        "SELECT " + OPERATOR_COLUMNS + " FROM operators WHERE id = ?",
        statement -> statement.setString(1, id), JdbcAccountStore::operator);
  }

  @Override
  public List<Operator> operators() {
    return query("read the operators",
        "SELECT " + OPERATOR_COLUMNS + " FROM operators ORDER BY id",
        statement -> {}, JdbcAccountStore::operator);
  }

  private static Operator operator(ResultSet rows) throws SQLException {
    return new Operator(rows.getString(1), rows.getString(2), rows.getString(3),
        EpochNanos.toInstant(rows.getLong(4)), rows.getBoolean(5));
  }

  @Override
  public boolean updateOperator(String id, String plan, boolean disabled) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(plan, "plan");
    return update("update operator " + id, null,
        "UPDATE operators SET plan = ?, disabled = ? WHERE id = ?",
        statement -> {
          statement.setString(1, plan);
          statement.setBoolean(2, disabled);
          statement.setString(3, id);
        }) > 0;
  }

  @Override
  public void createApiKey(ApiKey key, String sha256) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
    update("store an API key of operator " + key.operator(),
        "An API key with id " + key.id() + " or the same hash already exists in " + database
            + ". Issue a new key.",
        "INSERT INTO api_keys (" + KEY_COLUMNS + ", sha256) VALUES (?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setString(1, key.id());
          statement.setString(2, key.operator());
          statement.setString(3, key.prefix());
          statement.setLong(4, EpochNanos.of(key.createdAt(), "API key createdAt"));
          Jdbc.setNullableInstant(statement, 5, key.revokedAt(), "API key revokedAt");
          statement.setString(6, sha256);
        });
  }

  @Override
  public Optional<ApiKey> findActiveApiKey(String sha256) {
    Objects.requireNonNull(sha256, "sha256");
    return queryOne("look up an API key",
        "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE sha256 = ?"
            + " AND revoked_at_epoch_nanos IS NULL",
        statement -> statement.setString(1, sha256), JdbcAccountStore::apiKey);
  }

  @Override
  public List<ApiKey> apiKeys(String operator) {
    Objects.requireNonNull(operator, "operator");
    return query("read the API keys of operator " + operator,
        "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE operator = ?"
            + " ORDER BY created_at_epoch_nanos, id",
        statement -> statement.setString(1, operator), JdbcAccountStore::apiKey);
  }

  private static ApiKey apiKey(ResultSet rows) throws SQLException {
    return new ApiKey(rows.getString(1), rows.getString(2), rows.getString(3),
        EpochNanos.toInstant(rows.getLong(4)), Jdbc.nullableInstant(rows, 5));
  }

  @Override
  public Optional<ApiKey> revokeApiKey(String operator, String keyId, Instant at) {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(at, "at");
    update("revoke API key " + keyId, null,
        "UPDATE api_keys SET revoked_at_epoch_nanos = ? WHERE operator = ? AND id = ?"
            + " AND revoked_at_epoch_nanos IS NULL",
        statement -> {
          statement.setLong(1, EpochNanos.of(at, "revokedAt"));
          statement.setString(2, operator);
          statement.setString(3, keyId);
        });
    return queryOne("read API key " + keyId,
        "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE operator = ? AND id = ?",
        statement -> {
          statement.setString(1, operator);
          statement.setString(2, keyId);
        },
        JdbcAccountStore::apiKey);
  }

  @Override
  public void createUser(User user) {
    Objects.requireNonNull(user, "user");
    update("create account " + user.username(),
        "An account named " + user.username() + " already exists in " + database
            + ". Choose another username.",
        "INSERT INTO users (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setString(1, user.username());
          statement.setString(2, user.passwordHash());
          statement.setString(3, user.role().name());
          Jdbc.setNullableString(statement, 4, user.operator());
          statement.setBoolean(5, user.mustChangePassword());
          statement.setLong(6, EpochNanos.of(user.createdAt(), "User createdAt"));
        });
  }

  @Override
  public Optional<User> user(String username) {
    Objects.requireNonNull(username, "username");
    return queryOne("read account " + username,
        "SELECT " + USER_COLUMNS + " FROM users WHERE username = ?",
        statement -> statement.setString(1, username),
        rows -> new User(rows.getString(1), rows.getString(2), User.Role.valueOf(rows.getString(3)),
            rows.getString(4), rows.getBoolean(5), EpochNanos.toInstant(rows.getLong(6))));
  }

  @Override
  public long countUsers(User.Role role) {
    Objects.requireNonNull(role, "role");
    return queryOne("count the " + role + " accounts", "SELECT count(*) FROM users WHERE role = ?",
        statement -> statement.setString(1, role.name()), rows -> rows.getLong(1)).orElse(0L);
  }

  @Override
  public boolean updatePassword(String username, String passwordHash, boolean mustChangePassword) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(passwordHash, "passwordHash");
    return update("change the password of " + username, null,
        "UPDATE users SET password_hash = ?, must_change_password = ? WHERE username = ?",
        statement -> {
          statement.setString(1, passwordHash);
          statement.setBoolean(2, mustChangePassword);
          statement.setString(3, username);
        }) > 0;
  }
}
