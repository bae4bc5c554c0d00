package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.opendnc.testing.TestingPostgres;

class PostgresRegisterStoreTest extends BaseRegisterStoreTest {

  private String database;

  @Override
  void createFreshDatabase() {
    database = TestingPostgres.freshDatabase();
  }

  private String url() {
    return TestingPostgres.jdbcUrl(database);
  }

  @Override
  RegisterStore openStore() {
    return RegisterStore.open(url(), "postgres", "postgres");
  }

  @Test
  void theLogRefusesTruncate() throws SQLException {
    store.events().append(registrations(393330000000L, 3));

    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute("TRUNCATE register_events"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }
    assertThat(store.events().count()).isEqualTo(3);
  }

  @Test
  void describeNamesTheServerAndUserWithoutSecrets() {
    try (RegisterStore withParameters = RegisterStore.open(url() + "&password=secret", "postgres", "secret")) {
      assertThat(withParameters.describe())
          .isEqualTo("PostgreSQL localhost:" + TestingPostgres.port() + "/" + database + " as postgres")
          .doesNotContain("secret");
    }
  }

  @Test
  void aMissingDatabaseGivesAClearError() {
    String missing = TestingPostgres.jdbcUrl("no_such_database");

    assertThatThrownBy(() -> RegisterStore.open(missing, "postgres", "postgres"))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.OPEN_FAILED))
        .hasMessageContaining("Cannot open PostgreSQL localhost:" + TestingPostgres.port() + "/no_such_database")
        .hasMessageContaining("does not exist")
        .hasMessageContaining("Check the URL");
  }

  @Test
  void aServerThatIsNotRunningGivesAClearError() {
    assertThatThrownBy(() -> RegisterStore.open("jdbc:postgresql://127.0.0.1:1/register", "u", "p"))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.OPEN_FAILED))
        .hasMessageContaining("Cannot open PostgreSQL 127.0.0.1:1/register as u")
        .hasMessageContaining("Check the URL, that the server is running");
  }
}
