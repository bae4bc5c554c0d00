package org.opendnc.ledger;

/**
 * A mirrored log does not hold together: a missing or malformed resource, a tile that does not
 * match what it covers, or tiles that do not lead to the checkpoint's root. The message names the
 * resource.
 */
public final class AuditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AuditException(String message) {
    super(message);
  }

  AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
