package org.opendnc.core.error;

import java.util.Objects;

/**
 * A failure a user can act on: a stable {@link ErrorCode} and a message that says what went wrong,
 * where (file, line, column) and what to do. The CLI prints the message without a stack trace.
 */
public class DncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public DncException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public DncException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
