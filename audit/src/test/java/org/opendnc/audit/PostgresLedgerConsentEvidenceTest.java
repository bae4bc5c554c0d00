package org.opendnc.audit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.store.RegisterStore;
import org.opendnc.testing.TestingPostgres;

class PostgresLedgerConsentEvidenceTest extends BaseLedgerConsentEvidenceTest {

  /** One fresh database per data directory, so a reopened register finds its own. */
  private final Map<Path, String> urlOf = new HashMap<>();

  private String url(Path dataDir) {
    return urlOf.computeIfAbsent(dataDir, d -> TestingPostgres.freshDatabaseUrl());
  }

  @Override
  RegisterConfig config(Path dataDir) {
    return new RegisterConfig(dataDir, url(dataDir), "postgres", "postgres", "IT");
  }

  @Override
  RegisterStore openStore(Path dataDir) {
    return RegisterStore.open(url(dataDir), "postgres", "postgres");
  }
}
