package org.opendnc.server;

import java.util.Map;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * A refusal that carries extra problem members (RFC 9457 extensions) and response headers, e.g.
 * the quota figures of {@code QUOTA_EXCEEDED} or the {@code Retry-After} of {@code RATE_LIMITED}.
 */
final class ProblemException extends DncException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, Object> members;
  private final transient Map<String, String> headers;

  ProblemException(
      ErrorCode code, String message, Map<String, Object> members, Map<String, String> headers) {
    super(code, message);
    this.members = Map.copyOf(members);
    this.headers = Map.copyOf(headers);
  }

  /** Extra members of the problem document (snake_case names). */
  Map<String, Object> members() {
    return members;
  }

  /** Extra response headers. */
  Map<String, String> headers() {
    return headers;
  }
}
