package org.opendnc.store;

/** The database products the store runs on, with what differs between them. */
enum Dialect {
  SQLITE("SQLite", "classpath:org/opendnc/store/migration/sqlite"),
  POSTGRESQL("PostgreSQL", "classpath:org/opendnc/store/migration/postgresql");

  private final String displayName;
  private final String migrations;

  Dialect(String displayName, String migrations) {
    this.displayName = displayName;
    this.migrations = migrations;
  }

  String displayName() {
    return displayName;
  }

  /** The Flyway location of this dialect's migrations. */
  String migrations() {
    return migrations;
  }
}
