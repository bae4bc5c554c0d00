package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * V8 rebuilds SQLite's users and audit_log tables to widen their checks: an existing database
 * keeps every account and audit entry (with its sequence), and the log stays append-only.
 */
class SqliteRegulatorMigrationTest {

  @TempDir Path temporary;

  @Test
  void aVersion7DatabaseKeepsItsAccountsAndAuditLogThroughV8() throws Exception {
    Path data = Files.createDirectories(temporary.resolve("data"));
    SQLiteDataSource old = new SQLiteDataSource();
    old.setUrl("jdbc:sqlite:" + data.resolve(RegisterStore.SQLITE_FILE_NAME));
    Flyway.configure().dataSource(old).locations(Dialect.SQLITE.migrations()).target("7").load()
        .migrate();
    try (Connection connection = old.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO operators VALUES ('acme', 'ACME', 'standard', 1, 0)");
      statement.execute("INSERT INTO users VALUES ('admin', 'h1', 'ADMIN', NULL, 0, 2),"
          + " ('clerk', 'h2', 'OPERATOR', 'acme', 1, 3)");
      statement.execute("INSERT INTO audit_log (seq, at_epoch_nanos, actor_type, actor, action,"
          + " subject, numbers, e164, outcome, request_id, detail) VALUES"
          + " (5, 10, 'ADMIN', 'admin', 'LOGIN', NULL, 0, NULL, 'OK', 'r1', NULL),"
          + " (9, 11, 'OPERATOR', 'acme', 'CHECK_SINGLE', NULL, 1, 393331234567, 'OK', 'r2', NULL)");
      assertThatThrownBy(() -> statement.execute("INSERT INTO users VALUES"
          + " ('garante', 'h3', 'REGULATOR', NULL, 1, 4)")).isInstanceOf(SQLException.class);
    }

    try (RegisterStore store = RegisterStore.openSqlite(data)) {
      assertThat(store.accounts().user("clerk")).hasValueSatisfying(user -> {
        assertThat(user.operator()).isEqualTo("acme");
        assertThat(user.mustChangePassword()).isTrue();
      });
      assertThat(store.accounts().user("admin")).isPresent();
      store.accounts().createUser(new User("garante", "h3", User.Role.REGULATOR, null, true,
          Instant.EPOCH));
      store.audit().record(List.of(AuditEntry.of(Instant.EPOCH, AuditEntry.ActorType.REGULATOR,
          "garante", "REGULATOR_DASHBOARD_VIEWED", null, 0, null, AuditEntry.OK, null, null)),
          List.of());
      List<AuditEntry> entries = store.audit().page(Long.MAX_VALUE, null, 10);
      assertThat(entries).extracting(AuditEntry::sequence).containsExactly(10L, 9L, 5L);
      assertThat(entries.get(1).e164()).isEqualTo(393331234567L);
      try (Connection connection = store.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        assertThatThrownBy(() -> statement.execute("DELETE FROM audit_log"))
            .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> statement.execute("UPDATE audit_log SET actor = 'x'"))
            .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> statement.execute("INSERT INTO users VALUES"
            + " ('bad', 'h', 'REGULATOR', 'acme', 1, 4)")).isInstanceOf(SQLException.class);
      }
    }
  }
}
