package org.opendnc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** The development SMS outbox on a JDBC database (SQLite or PostgreSQL). */
final class JdbcSmsOutbox implements SmsOutbox {
  private final DataSource dataSource;
  private final String database;

  JdbcSmsOutbox(DataSource dataSource, String database) {
    this.dataSource = dataSource;
    this.database = database;
  }

  @Override
  public void add(long toE164, String body, Instant createdAt) {
    Objects.requireNonNull(body, "body");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO sms_outbox (to_e164, body, created_at_epoch_nanos) VALUES (?, ?, ?)")) {
      insert.setLong(1, toE164);
      insert.setString(2, body);
      insert.setLong(3, EpochNanos.of(createdAt, "createdAt"));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw Failures.write("store an SMS in the outbox", database, e);
    }
  }

  @Override
  public List<Message> latest(int limit) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT id, to_e164, body, created_at_epoch_nanos FROM sms_outbox ORDER BY id DESC LIMIT ?")) {
      query.setInt(1, Math.max(0, limit));
      List<Message> messages = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          messages.add(new Message(
              rows.getLong(1), rows.getLong(2), rows.getString(3), EpochNanos.toInstant(rows.getLong(4))));
        }
      }
      return messages;
    } catch (SQLException e) {
      throw Failures.read("read the SMS outbox", database, e);
    }
  }
}
