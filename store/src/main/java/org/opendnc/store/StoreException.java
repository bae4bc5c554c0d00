package org.opendnc.store;

import java.util.Objects;

/**
 * A database operation of the store failed. The message says what failed, on which database and
 * what to do; it is meant for users and logs. The cause (usually a {@link java.sql.SQLException})
 * is kept for diagnosis.
 */
public final class StoreException extends RuntimeException {

  /** Stable error codes, for HTTP problem types and CLI exit codes. */
  public enum Code {
    /** The database could not be opened or reached (path, URL, credentials, permissions). */
    OPEN_FAILED,
    /** The schema migrations could not be applied. */
    MIGRATION_FAILED,
    /** A write was refused or failed; nothing of it was stored. */
    WRITE_FAILED,
    /** A write conflicts with stored data (e.g. a receipt id that already exists). */
    CONFLICT,
    /** A read failed. */
    READ_FAILED
  }

  private final Code code;

  StoreException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** What kind of failure this is. */
  public Code code() {
    return code;
  }
}
