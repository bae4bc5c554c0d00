package org.opendnc.engine;

import java.nio.file.Path;
import java.util.Objects;
import org.opendnc.engine.consent.LedgerSettings;

/**
 * Where a register lives.
 *
 * @param dataDir holds the signing key and the index snapshot, and the SQLite database unless
 *     {@code databaseUrl} is given
 * @param databaseUrl a JDBC URL (PostgreSQL) or {@code null} for the embedded SQLite file
 * @param databaseUser user for {@code databaseUrl}, may be {@code null}
 * @param databasePassword password for {@code databaseUrl}, may be {@code null}
 * @param profileCode the jurisdiction profile, e.g. {@code IT}
 */
public record RegisterConfig(
    Path dataDir, String databaseUrl, String databaseUser, String databasePassword, String profileCode) {
  public RegisterConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(profileCode, "profileCode");
  }

  /** How the consent ledger runs: from the environment (DNC_LEDGER_NAME, DNC_BACKDATED_AFTER). */
  public LedgerSettings ledger() {
    return LedgerSettings.fromEnvironment();
  }

  /** The embedded default: SQLite in {@code dataDir}, profile IT. */
  public static RegisterConfig embedded(Path dataDir) {
    return new RegisterConfig(dataDir, null, null, null, "IT");
  }
}
