package org.opendnc.server;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.BadMessageException;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Problem responses (RFC 9457 {@code application/problem+json}) carrying the stable error codes. */
final class Problems {

  /** The media type of problem documents. */
  static final String MEDIA_TYPE = "application/problem+json";
  /** The prefix of every problem type URI; the code follows it. */
  static final String TYPE_PREFIX = "urn:opendnc:error:";

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** A failure as answered: its code, the message for people, extra members and headers. */
  record Failure(ErrorCode code, String detail, Map<String, Object> members,
      Map<String, String> headers) {
    Failure(ErrorCode code, String detail) {
      this(code, detail, Map.of(), Map.of());
    }
  }

  /**
   * How a request's failure is answered; server-side faults are logged with the request id and
   * answered without their details.
   */
  static Failure failure(Exception exception, String requestId, String method) {
    if (exception instanceof ProblemException problem) {
      return new Failure(problem.code(), problem.getMessage(), problem.members(), problem.headers());
    } else if (exception instanceof DncException dnc) {
      if (status(dnc.code()) >= 500) {
        LOG.error("request {} failed: {}", requestId, dnc.getMessage(), dnc);
      }
      return new Failure(dnc.code(), dnc.getMessage());
    } else if (exception instanceof StoreException store) {
      LOG.error("request {}: store failure: {}", requestId, store.getMessage(), store);
      return new Failure(ErrorCode.STORE_UNAVAILABLE,
          "the register's database cannot be used right now; retry in a moment.");
    } else if (exception instanceof HttpResponseException http) {
      return httpFailure(requestId, method, http);
    } else if (badMessage(exception) instanceof BadMessageException bad) {
      return formFailure(bad);
    } else {
      LOG.error("request {} failed", requestId, exception);
      return new Failure(ErrorCode.INTERNAL, "an internal error occurred. Report it with the"
          + " request id " + requestId + ".");
    }
  }

  private static Failure httpFailure(String requestId, String method, HttpResponseException http) {
    return switch (http.getStatus()) {
      case 404 -> new Failure(ErrorCode.NOT_FOUND,
          "there is no such route. The API is described at /api/openapi.json.");
      case 405 -> new Failure(ErrorCode.METHOD_NOT_ALLOWED,
          "this route does not take " + method + ". See /api/openapi.json.");
      case 413 -> new Failure(ErrorCode.REQUEST_TOO_LARGE,
          "the request body is too large for this route.");
      case 415 -> new Failure(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "the request body's media type is not accepted here.");
      default -> {
        if (http.getStatus() < 500) {
          yield new Failure(ErrorCode.INVALID_ARGUMENT, "the request is not valid.");
        }
        LOG.error("request {} failed with HTTP {}", requestId, http.getStatus(), http);
        yield new Failure(ErrorCode.INTERNAL, "an internal error occurred. Report it with the"
            + " request id " + requestId + ".");
      }
    };
  }

  /** The BadMessageException behind an exception (Jetty wraps it in a ServletException), or null. */
  private static BadMessageException badMessage(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof BadMessageException bad) {
        return bad;
      }
    }
    return null;
  }

  /**
   * A request Jetty could not parse. It reports a multipart form over its limits (a file over the
   * upload limit, the whole form over its total) as a bad message; its cause's message says which.
   */
  private static Failure formFailure(BadMessageException bad) {
    for (Throwable cause = bad.getCause(); cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (cause instanceof IllegalStateException && message != null) {
        if (message.startsWith("max file size exceeded")) {
          return new Failure(ErrorCode.REQUEST_TOO_LARGE, "a file of the form is larger than this"
              + " server accepts (" + message + "); split it into parts.");
        }
        if (message.startsWith("max length exceeded")) {
          return new Failure(ErrorCode.REQUEST_TOO_LARGE, "the form as a whole is larger than this"
              + " server accepts (" + message + "); send fewer or smaller files.");
        }
      }
    }
    return new Failure(ErrorCode.INVALID_ARGUMENT, "the request cannot be read ("
        + bad.getMessage() + "); send it again.");
  }

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
    ctx.status(status(code));
    ctx.contentType(MEDIA_TYPE);
    ctx.result(Json.write(body(code, detail, RequestIds.of(ctx), members)));
  }

  /** The problem document of a failure. */
  static Map<String, Object> body(ErrorCode code, String detail, String requestId,
      Map<String, Object> members) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + code.name());
    body.put("title", title(code));
    body.put("status", status(code));
    body.put("detail", detail);
    body.put("code", code.name());
    if (requestId != null) {
      body.put("request_id", requestId);
      body.put("instance", "urn:opendnc:request:" + requestId);
    }
    body.putAll(members);
    return body;
  }
}
