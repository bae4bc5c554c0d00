package org.opendnc.store;

import org.opendnc.testing.TestingPostgres;

class PostgresOperatorListAndComplaintStoreTest extends BaseOperatorListAndComplaintStoreTest {

  @Override
  RegisterStore openFreshStore() {
    return RegisterStore.open(TestingPostgres.freshDatabaseUrl(), "postgres", "postgres");
  }
}
