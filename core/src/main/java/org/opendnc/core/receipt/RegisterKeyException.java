package org.opendnc.core.receipt;

/**
 * The register's signing key cannot be loaded or created: unreadable, damaged, half present. Never
 * answered by generating a new key, which would orphan every receipt signed so far.
 */
public final class RegisterKeyException extends RuntimeException {

  RegisterKeyException(String message) {
    super(message);
  }

  RegisterKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
