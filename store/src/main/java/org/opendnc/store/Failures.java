package org.opendnc.store;

import java.sql.SQLException;

/** Builds the store's user-facing error messages from driver exceptions. */
final class Failures {

  private Failures() {}

  static StoreException write(String what, String database, SQLException e) {
    return new StoreException(
        StoreException.Code.WRITE_FAILED,
        "Could not " + what + " in " + database + ": " + reason(e)
            + ". Nothing was stored; check that the database is reachable, writable and not full,"
            + " then retry.",
        e);
  }

  static StoreException read(String what, String database, SQLException e) {
    return new StoreException(
        StoreException.Code.READ_FAILED,
        "Could not " + what + " from " + database + ": " + reason(e)
            + ". Check that the database is reachable, then retry.",
        e);
  }

  /** Whether the write failed on a primary key or unique constraint. */
  static boolean isDuplicateKey(Dialect dialect, SQLException e) {
    if (dialect == Dialect.POSTGRESQL) {
      return "23505".equals(e.getSQLState());
    }
    String message = e.getMessage();
    return message != null
        && (message.contains("SQLITE_CONSTRAINT_PRIMARYKEY") || message.contains("SQLITE_CONSTRAINT_UNIQUE"));
  }

  /** The driver's own words, without the stack: the innermost useful message. */
  static String reason(Throwable e) {
    Throwable deepest = e;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String message = deepest.getMessage() != null ? deepest.getMessage() : e.getMessage();
    if (message == null) {
      message = deepest.getClass().getSimpleName();
    }
    return message.strip();
  }
}
