package org.opendnc.audit;

import java.nio.file.Path;
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
}
