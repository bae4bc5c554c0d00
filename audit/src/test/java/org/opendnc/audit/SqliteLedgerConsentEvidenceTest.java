package org.opendnc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.store.RegisterStore;

class SqliteLedgerConsentEvidenceTest extends BaseLedgerConsentEvidenceTest {

  @Override
  RegisterConfig config(Path dataDir) {
    return RegisterConfig.embedded(dataDir);
  }

  @Override
  RegisterStore openStore(Path dataDir) {
    return RegisterStore.openSqlite(dataDir);
  }

  @Test
  void aLedgerChangedInTheDatabaseIsRefusedAndTheAuditCanGoOnWithoutIt() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/register.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TRIGGER ledger_records_no_update");
      assertThat(statement.executeUpdate("UPDATE ledger_records SET record = replace(record, 'web_form', 'paper')"
          + " WHERE kind = 'consent'")).isEqualTo(3);
    }
    assertThatThrownBy(() -> audit(true)).isInstanceOfSatisfying(DncException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_TAMPERED);
      assertThat(e.getMessage()).contains("does not match its signed checkpoint").contains("--no-ledger");
    });
    assertThat(audit(false)).hasSize(6);
  }
}
