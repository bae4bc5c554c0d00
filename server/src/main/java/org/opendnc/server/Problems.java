package org.opendnc.server;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.opendnc.core.error.ErrorCode;

/** Problem responses (RFC 9457 {@code application/problem+json}) carrying the stable error codes. */
final class Problems {

  /** The media type of problem documents. */
  static final String MEDIA_TYPE = "application/problem+json";
  /** The prefix of every problem type URI; the code follows it. */
  static final String TYPE_PREFIX = "urn:opendnc:error:";

  private Problems() {}

  /** The HTTP status of each code. Exhaustive: a new code does not compile until it has one. */
  static int status(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, TOO_MANY_NUMBERS, NUMBER_INVALID, NUMBER_FOREIGN, NUMBER_NOT_ELIGIBLE,
          SMS_NOT_POSSIBLE, CODE_WRONG, COMPLAINT_INVALID -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN, PASSWORD_CHANGE_REQUIRED, CSRF_TOKEN_INVALID, QUOTA_EXCEEDED, PROOF_REQUIRED -> 403;
      case NOT_FOUND, INPUT_NOT_FOUND, REQUEST_NOT_FOUND -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case CONFLICT -> 409;
      case REQUEST_EXPIRED -> 410;
      case REQUEST_TOO_LARGE, ARCHIVE_TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case INPUT_UNREADABLE, INPUT_BINARY, INPUT_EMPTY, COLUMN_NOT_FOUND, RECORD_TOO_LONG,
          MALFORMED_CSV, RECEIPT_MALFORMED, RECEIPT_SIGNATURE_INVALID, RECEIPT_HASH_MISMATCH,
          CHECKPOINT_MALFORMED, PROOF_MALFORMED, CHECKPOINT_SIGNATURE_INVALID, PROOF_INVALID,
          MIRROR_INVALID, PROFILE_MALFORMED, RECORD_INVALID, ARCHIVE_UNSAFE -> 422;
      case REQUEST_LOCKED -> 423;
      case RATE_LIMITED, TOO_MANY_REQUESTS -> 429;
      case INTERNAL, OUTPUT_UNWRITABLE, KEY_UNUSABLE, LEDGER_TAMPERED -> 500;
      case STORE_UNAVAILABLE, SERVICE_UNAVAILABLE, SMS_UNAVAILABLE -> 503;
    };
  }

  /** A short title for a code: {@code QUOTA_EXCEEDED} gives "Quota exceeded". */
  static String title(ErrorCode code) {
    String words = code.name().replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** Writes a problem response; never a stack trace, never a secret. */
  static void write(Context ctx, ErrorCode code, String detail, Map<String, Object> members) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + code.name());
    body.put("title", title(code));
    body.put("status", status(code));
    body.put("detail", detail);
    body.put("code", code.name());
    String requestId = RequestIds.of(ctx);
    if (requestId != null) {
      body.put("request_id", requestId);
      body.put("instance", "urn:opendnc:request:" + requestId);
    }
    body.putAll(members);
    ctx.status(status(code));
    ctx.contentType(MEDIA_TYPE);
    ctx.result(Json.write(body));
  }
}
