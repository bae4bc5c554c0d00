package org.opendnc.store;

import org.opendnc.testing.TestingPostgres;

class PostgresAccountAndAuditStoreTest extends BaseAccountAndAuditStoreTest {

  @Override
  RegisterStore openFreshStore() {
    return RegisterStore.open(TestingPostgres.freshDatabaseUrl(), "postgres", "postgres");
  }
}
