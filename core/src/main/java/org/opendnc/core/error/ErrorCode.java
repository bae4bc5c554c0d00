package org.opendnc.core.error;

/**
 * Stable error codes. The names never change once released: scripts, problem responses and the
 * documentation (docs/errors.md) refer to them. Each code maps to one CLI exit code.
 */
public enum ErrorCode {
  /** A command-line argument or option, or a field of a request, is wrong. */
  INVALID_ARGUMENT(2),
  /** What is to be created exists already (an operator id, a username). */
  CONFLICT(2),
  /** The HTTP method is not supported on this path. */
  METHOD_NOT_ALLOWED(2),
  /** A named input file does not exist. */
  INPUT_NOT_FOUND(3),
  /** An input file exists but cannot be read. */
  INPUT_UNREADABLE(3),
  /** An input that should be text (CSV, JSON) holds binary data. */
  INPUT_BINARY(3),
  /** An input file has no header or no rows where they are required. */
  INPUT_EMPTY(3),
  /** The header has no column that can be used (e.g. no phone-number column). */
  COLUMN_NOT_FOUND(3),
  /** One record is longer than the allowed maximum, usually an unbalanced quote. */
  RECORD_TOO_LONG(3),
  /** A CSV file is malformed beyond one row, e.g. a quote that is never closed. */
  MALFORMED_CSV(3),
  /** An output file cannot be written. */
  OUTPUT_UNWRITABLE(3),
  /** A receipt file is not a well-formed receipt. */
  RECEIPT_MALFORMED(3),
  /** A jurisdiction profile file is not a valid profile (the message names the field). */
  PROFILE_MALFORMED(3),
  /** A request body is larger than the service accepts for that route. */
  REQUEST_TOO_LARGE(3),
  /** A request body has a media type the route does not accept (e.g. JSON where CSV is wanted). */
  UNSUPPORTED_MEDIA_TYPE(3),
  /**
   * An uploaded archive (a case as a .zip) holds an entry that could escape its folder: a path
   * with {@code ..}, an absolute path, a symbolic link; or it is not a readable zip.
   */
  ARCHIVE_UNSAFE(3),
  /**
   * An uploaded archive unpacks to more than allowed: too many entries, too many bytes in all, or
   * an entry that expands far more than data does (a zip bomb).
   */
  ARCHIVE_TOO_LARGE(3),
  /** A receipt's signature does not verify with the register's key. */
  RECEIPT_SIGNATURE_INVALID(1),
  /** A file's SHA-256 differs from the one the receipt attests. */
  RECEIPT_HASH_MISMATCH(1),
  // The transparency log (module ledger): offline verification of checkpoints, proofs and mirrors.
  /** A checkpoint file is not a signed note holding a C2SP checkpoint. */
  CHECKPOINT_MALFORMED(3),
  /** A proof file is not a proof: neither a c2sp.org/tlog-proof nor base64 hash lines. */
  PROOF_MALFORMED(3),
  /** A checkpoint is not validly signed by the log key given (altered, forged or another log's). */
  CHECKPOINT_SIGNATURE_INVALID(1),
  /** An inclusion or consistency proof does not verify against its checkpoints. */
  PROOF_INVALID(1),
  /** A mirrored log lacks a resource, or its entries and tiles do not recompute to its checkpoint. */
  MIRROR_INVALID(1),
  /** The data directory or the database cannot be opened or used. */
  /** The consent ledger: a consent, withdrawal, contract or transfer that cannot be recorded as given. */
  RECORD_INVALID(2),
  /** The consent ledger's records or entries in the database no longer match the signed log. */
  LEDGER_TAMPERED(1),
  STORE_UNAVAILABLE(4),
  /** The register's signing key exists but cannot be loaded. */
  KEY_UNUSABLE(4),
  // Citizen requests (org.opendnc.engine.citizen); none of them depends on whether a number is
  // registered, so they cannot be used to enumerate the register.
  /** A citizen request names more numbers than allowed (5 per request). */
  TOO_MANY_NUMBERS(2),
  /** A citizen's number is not a valid telephone number. */
  NUMBER_INVALID(2),
  /** A valid number of another country than the register's. */
  NUMBER_FOREIGN(2),
  /** A valid number of a kind the register does not cover (it covers fixed and mobile lines). */
  NUMBER_NOT_ELIGIBLE(2),
  /** A one-time code cannot be sent by SMS to a fixed line: prove it with a call instead. */
  SMS_NOT_POSSIBLE(2),
  /** Too many recent requests for the same number; wait before trying again. */
  TOO_MANY_REQUESTS(2),
  /** No request has this id. */
  REQUEST_NOT_FOUND(2),
  /** The request's codes or call window expired, or its status is no longer shown. */
  REQUEST_EXPIRED(1),
  /** Too many wrong codes: the request is locked; start a new one. */
  REQUEST_LOCKED(1),
  /** The one-time code is wrong. */
  CODE_WRONG(1),
  /** Status and history are shown only after every number of the request is proven. */
  PROOF_REQUIRED(1),
  /** A citizen's complaint has fields that cannot be used; the problem lists each (decision 0040). */
  COMPLAINT_INVALID(2),
  /** The SMS gateway could not send a one-time code. */
  SMS_UNAVAILABLE(4),
  /** The service cannot answer now (it is shutting down or overloaded); retry later. */
  SERVICE_UNAVAILABLE(4),
  /** No valid credentials: a missing, unknown or revoked API key, no session, a wrong password. */
  UNAUTHENTICATED(6),
  /** The credentials are valid but do not allow this (wrong role, disabled operator). */
  FORBIDDEN(6),
  /** The account's one-time password must be changed before anything else. */
  PASSWORD_CHANGE_REQUIRED(6),
  /** A request made with a session cookie lacks the session's CSRF token. */
  CSRF_TOKEN_INVALID(6),
  /** The resource does not exist, or belongs to someone else (the two are not told apart). */
  NOT_FOUND(6),
  /** The operator's plan allows no more numbers to be checked this year. */
  QUOTA_EXCEEDED(6),
  /** Too many requests in a short time from one address or key; retry after the given delay. */
  RATE_LIMITED(6),
  /** A fault in OpenDNC itself; please report it. */
  INTERNAL(5);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code the CLI uses for this error. */
  public int exitCode() {
    return exitCode;
  }
}
