package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.check.Reason;
import org.opendnc.core.check.Verdict;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.engine.ListCheck;
import org.opendnc.store.ApiKey;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.UsageDay;

/** The operators' API: pre-call and batch checks, receipts, usage and API keys. */
final class OperatorApi {

  static final int MAX_PAGE = 500;
  private static final int DEFAULT_PAGE = 100;

  private final RegisterGateway register;
  private final Accounts accounts;
  private final Quota quota;
  private final AuditTrail audit;
  private final CheckMetrics metrics;
  private final Path temporaryDirectory;
  private final ServerConfig config;

  OperatorApi(RegisterGateway register, Accounts accounts, Quota quota, AuditTrail audit,
      MeterRegistry registry, Path temporaryDirectory, ServerConfig config) {
    this.register = register;
    this.accounts = accounts;
    this.quota = quota;
    this.audit = audit;
    this.metrics = new CheckMetrics(registry);
    this.temporaryDirectory = temporaryDirectory;
    this.config = config;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/numbers/{number}/callable", this::checkNumber, Access.OPERATOR);
    routes.post("/api/v1/checks", this::checkList, Access.OPERATOR);
    routes.get("/api/v1/receipts", this::listReceipts, Access.OPERATOR);
    routes.get("/api/v1/receipts/{id}", this::receipt, Access.OPERATOR);
    routes.post("/api/v1/receipts/verify", this::verifyReceipt, Access.OPERATOR);
    routes.get("/api/v1/usage", this::showUsage, Access.OPERATOR);
    routes.get("/api/v1/keys", this::keys, Access.OPERATOR);
    routes.post("/api/v1/keys", this::issueKey, Access.OPERATOR);
    routes.delete("/api/v1/keys/{id}", this::revokeKey, Access.OPERATOR);
  }

  /** The answer of a pre-call check. */
  record CallableAnswer(String e164, Verdict verdict, Reason reason, long registerVersion,
      Instant checkedAt, String recordId, Long leafIndex) {}

  private AuditEntry entry(Context ctx, Principal principal, String action, String subject,
      long numbers, Long e164, String outcome, String detail) {
    return entry(RequestIds.of(ctx), principal, action, subject, numbers, e164, outcome, detail);
  }

  private static AuditEntry entry(String requestId, Principal principal, String action,
      String subject, long numbers, Long e164, String outcome, String detail) {
    return AuditEntry.of(Instant.now(), principal.actorType(), principal.name(), action, subject,
        numbers, e164, outcome, requestId, detail);
  }

  private void checkNumber(Context ctx) {
    ctx.json(checkNumber(HttpSecurity.principal(ctx), ctx.pathParam("number"), RequestIds.of(ctx)));
  }

  /**
   * The pre-call check of one number for an authorised operator: charged to its quota (valid
   * numbers only) and written to the audit log before it is answered. Also served by
   * {@link PreCallHandler}, through {@link #checkNumberAsync}.
   *
   * @throws ProblemException {@code QUOTA_EXCEEDED} past the plan's yearly quota (audited too)
   */
  CallableAnswer checkNumber(Principal principal, String number, String requestId) {
    PendingCheck pending = checkNumberAsync(principal, number, requestId);
    AuditTrail.await(pending.audited());
    return pending.answer();
  }

  /**
   * A pre-call check answered but not yet audited: its answer may be given once {@code audited}
   * completes; when {@code audited} fails, the failure is the problem to answer instead ({@code
   * answer} is then {@code null} if the check was refused).
   */
  record PendingCheck(CallableAnswer answer, CompletableFuture<Void> audited) {}

  /**
   * {@link #checkNumber} without waiting for the audit log: the number is checked and the quota
   * reserved on the calling thread; {@code audited} completes on the audit writer's thread once
   * the check's entry is committed (continuations on it must be short and must not block).
   */
  PendingCheck checkNumberAsync(Principal principal, String number, String requestId) {
    RegisterGateway.SingleCheck check = register.check(number, principal.name());
    Verdict verdict = check.reason().verdict();
    Long e164 = check.hasNumber() ? check.e164() : null;
    long charged = verdict == Verdict.INVALID ? 0 : 1;
    Quota.Reservation reservation = null;
    if (charged > 0) {
      try {
        reservation = quota.reserve(principal.name(), principal.yearlyQuota(), charged);
      } catch (ProblemException refused) {
        return new PendingCheck(null, audit.recordAsync(entry(requestId, principal,
            "CHECK_SINGLE", null, 0, null, refused.code().name(), null), null)
            .thenCompose(stored -> CompletableFuture.failedFuture(refused)));
      }
    }
    CallableAnswer answer = new CallableAnswer(e164 != null ? "+" + e164 : null, verdict,
        check.reason(), check.registerVersion(), Instant.now(),
        check.basis() == null ? null : check.basis().recordId(),
        check.basis() == null ? null : check.basis().leafIndex());
    Quota.Reservation held = reservation;
    CompletableFuture<Void> audited = audit.recordReadAsync(entry(requestId, principal,
            "CHECK_SINGLE", null, charged, e164, AuditEntry.OK, null),
            charged > 0 ? new UsageDay(principal.name(), quota.today(), 1, charged) : null)
        .whenComplete((stored, failure) -> {
          if (held != null) {
            if (failure == null) {
              held.commit();
            } else {
              held.release();
            }
          }
          if (failure == null) {
            metrics.single(verdict);
          }
        });
    return new PendingCheck(answer, audited);
  }

  private void checkList(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("text/csv") && !contentType.startsWith("text/plain")) {
      throw new DncException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the list as the request body"
          + " with Content-Type: text/csv (a header line, then one row per number).");
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > config.maxBatchBytes()) {
      throw tooLarge();
    }
    String column = ctx.queryParam("column");
    CheckOptions options = new CheckOptions(principal.name(),
        column == null || column.isBlank() ? null : column, booleanParameter(ctx, "only_callable"));
    try (InputStream body = ctx.bodyInputStream()) {
      send(ctx, check(ctx, body, options));
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "the list could not be received to its end (" + e.getMessage() + "); send it again.", e);
    }
  }

  /** A checked list: its signed receipt and the result file (deleted once sent). */
  record CheckedList(Receipt receipt, Path result) {}

  /**
   * Checks a list for the request's operator: spools {@code body} (at most the configured size),
   * checks it against one register version, reserves the charged numbers, issues and stores the
   * receipt and audits the check, in that order. The API's batch check and the portal's upload
   * both come here. The caller must {@link #send} the result (or delete it).
   *
   * @throws DncException REQUEST_TOO_LARGE, QUOTA_EXCEEDED (nothing kept, no receipt), the list
   *     codes (INPUT_EMPTY, COLUMN_NOT_FOUND, MALFORMED_CSV, ...), SERVICE_UNAVAILABLE
   */
  CheckedList check(Context ctx, InputStream body, CheckOptions options) {
    Principal principal = HttpSecurity.principal(ctx);
    if (quota.standing(principal.name(), principal.yearlyQuota()).remaining() == 0) {
      quota.reserve(principal.name(), principal.yearlyQuota(), 1); // throws QUOTA_EXCEEDED
    }
    // The body is spooled to a file first, so a slow upload never holds the register's read lock
    // (which would hold up every writer); the check then reads the file at disk speed.
    Path list = temporaryFile();
    Path result = temporaryFile();
    boolean handedOver = false;
    try {
      try (InputStream limited = new LimitedInputStream(body, config.maxBatchBytes())) {
        Files.copy(limited, list, StandardCopyOption.REPLACE_EXISTING);
      } catch (LimitedInputStream.LimitExceededException e) {
        throw tooLarge();
      } catch (IOException e) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT,
            "the list could not be received to its end (" + e.getMessage() + "); send it again.", e);
      }
      ListCheck.Completed completed;
      try (InputStream in = Files.newInputStream(list);
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(result), 1 << 16)) {
        completed = register.checkList(in, out, options);
      } catch (DncException e) {
        throw forHttp(e);
      } finally {
        deleteQuietly(list);
      }
      Receipt.Counts counts = completed.result().counts();
      long charged = counts.callable() + counts.blocked();
      Quota.Reservation reservation;
      try {
        reservation = quota.reserve(principal.name(), principal.yearlyQuota(), charged);
      } catch (ProblemException refused) {
        audit.record(entry(ctx, principal, "CHECK_BATCH", null, 0, null, refused.code().name(),
            "refused: " + charged + " numbers"), null);
        throw refused;
      }
      Receipt receipt;
      try {
        receipt = register.issue(completed);
        audit.record(entry(ctx, principal, "CHECK_BATCH", receipt.id(), charged, null,
                AuditEntry.OK, "rows " + counts.rows() + ", callable " + counts.callable()
                    + ", blocked " + counts.blocked() + ", invalid " + counts.invalid()),
            new UsageDay(principal.name(), quota.today(), 1, charged));
      } catch (RuntimeException e) {
        reservation.release();
        throw e;
      }
      reservation.commit();
      metrics.batch(counts);
      handedOver = true;
      return new CheckedList(receipt, result);
    } catch (IOException e) {
      throw new DncException(ErrorCode.INTERNAL, "the result could not be kept for sending: "
          + e.getMessage(), e);
    } finally {
      if (!handedOver) {
        deleteQuietly(result);
      }
    }
  }

  /** Streams a checked list's result (deleted once sent) with its receipt's id in the headers. */
  void send(Context ctx, CheckedList checked) {
    Receipt receipt = checked.receipt();
    ctx.header("X-Receipt-Id", receipt.id());
    ctx.header("X-Register-Version", Long.toString(receipt.registerVersion()));
    ctx.header("Link", "</api/v1/receipts/" + receipt.id() + ">; rel=\"receipt\"");
    ctx.header("Content-Disposition", "attachment; filename=\"checked.csv\"");
    ctx.contentType("text/csv");
    try {
      ctx.result(Files.newInputStream(checked.result(), StandardOpenOption.DELETE_ON_CLOSE));
    } catch (IOException e) {
      deleteQuietly(checked.result());
      throw new DncException(ErrorCode.INTERNAL, "the result could not be kept for sending: "
          + e.getMessage(), e);
    }
  }

  /** Whether a list's size, as declared by the client, is over the limit. */
  boolean tooLarge(long declaredBytes) {
    return declaredBytes > config.maxBatchBytes();
  }

  DncException tooLarge() {
    return new DncException(ErrorCode.REQUEST_TOO_LARGE, "the list is larger than "
        + config.maxBatchBytes() + " bytes, the most one check accepts. Split it into parts.");
  }

  /** The list checker's messages name CLI options; an HTTP client sets query parameters. */
  private static DncException forHttp(DncException e) {
    if (e.code() == ErrorCode.COLUMN_NOT_FOUND) {
      return new DncException(e.code(), e.getMessage().replace("--column",
          "the column query parameter (?column=NAME)"), e);
    }
    return e;
  }

  private Path temporaryFile() {
    try {
      return Files.createTempFile(temporaryDirectory, "check-", ".csv");
    } catch (IOException e) {
      throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, "the server cannot store the result"
          + " of a check now (" + e.getMessage() + "); retry later.", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover temporary file is removed at the next start.
    }
  }

  static boolean booleanParameter(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "query parameter " + name + " must be true or false, got '" + value + "'.");
    };
  }

  static int limitParameter(Context ctx) {
    String value = ctx.queryParam("limit");
    if (value == null) {
      return DEFAULT_PAGE;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_PAGE) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // falls through to the error
    }
    throw new DncException(ErrorCode.INVALID_ARGUMENT,
        "query parameter limit must be a whole number from 1 to " + MAX_PAGE + ", got '" + value + "'.");
  }

  /** A page of receipts; {@code next} is the URL of the following page, or null. */
  record ReceiptPage(List<Receipt> receipts, String next) {}

  private void listReceipts(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    int limit = limitParameter(ctx);
    Instant before = instantParameter(ctx, "before", Instant.parse("2262-01-01T00:00:00Z"));
    List<Receipt> receipts = register.store().receipts().listForOperator(principal.name(), before, limit);
    String next = receipts.size() < limit ? null : "/api/v1/receipts?before="
        + receipts.get(receipts.size() - 1).checkedAt() + "&limit=" + limit;
    ctx.json(new ReceiptPage(receipts, next));
  }

  static Instant instantParameter(Context ctx, String name, Instant absent) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return absent;
    }
    try {
      return Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "query parameter " + name
          + " must be an ISO-8601 UTC instant such as 2026-01-31T09:00:00Z, got '" + value + "'.");
    }
  }

  private void receipt(Context ctx) {
    ctx.contentType("application/json");
    ctx.result(signedReceipt(ctx, ctx.pathParam("id")));
  }

  /**
   * One of the request's operator's receipts, exactly as signed.
   *
   * @throws DncException NOT_FOUND for a missing receipt and for another operator's alike
   */
  String signedReceipt(Context ctx, String id) {
    Principal principal = HttpSecurity.principal(ctx);
    return register.store().receipts().find(id)
        .filter(receipt -> receipt.receipt().operator().equals(principal.name()))
        .orElseThrow(() -> new DncException(ErrorCode.NOT_FOUND,
            "you hold no receipt with id '" + id + "'."))
        .signedJson();
  }

  /** The request's operator's receipts checked before {@code before}, newest first. */
  List<Receipt> receipts(Context ctx, Instant before, int limit) {
    return register.store().receipts().listForOperator(HttpSecurity.principal(ctx).name(), before,
        limit);
  }

  /** The request's operator's standing this year and its usage per day. */
  Usage usage(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    Quota.Standing standing = quota.standing(principal.name(), principal.yearlyQuota());
    LocalDate start = LocalDate.of(standing.year(), 1, 1);
    return new Usage(principal.name(), standing.year(), standing.yearlyQuota(), standing.used(),
        standing.remaining(),
        register.store().audit().usage(principal.name(), start, start.plusYears(1)));
  }

  /** A receipt to verify and, optionally, the SHA-256 of the result it should attest. */
  record VerifyRequest(com.fasterxml.jackson.databind.JsonNode receipt, String resultSha256,
      String inputSha256) {}

  /** What verifying a receipt found. */
  record Verification(boolean valid, String receiptId, String keyId, List<String> problems) {}

  private void verifyReceipt(Context ctx) {
    VerifyRequest request = Json.read(ctx, VerifyRequest.class, config.maxJsonBytes());
    if (request.receipt() == null || !request.receipt().isObject()) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "field receipt is required: the receipt document as the check returned it.");
    }
    Receipt receipt;
    try {
      receipt = org.opendnc.core.receipt.ReceiptJson.read(request.receipt().toString());
    } catch (org.opendnc.core.receipt.MalformedReceiptException e) {
      throw new DncException(ErrorCode.RECEIPT_MALFORMED, "not a valid receipt: " + e.getMessage(), e);
    }
    List<String> problems = new java.util.ArrayList<>(
        org.opendnc.core.receipt.ReceiptVerifier.verify(receipt, register.key().publicKey())
            .problems().stream().map(Enum::name).toList());
    if (request.resultSha256() != null
        && !request.resultSha256().equalsIgnoreCase(receipt.outputSha256())) {
      problems.add("RESULT_HASH_MISMATCH");
    }
    if (request.inputSha256() != null
        && !request.inputSha256().equalsIgnoreCase(receipt.inputSha256())) {
      problems.add("INPUT_HASH_MISMATCH");
    }
    ctx.json(new Verification(problems.isEmpty(), receipt.id(), register.key().keyId(), problems));
  }

  /** An operator's usage this year. */
  record Usage(String operator, int year, long yearlyQuota, long used, long remaining,
      List<UsageDay> days) {}

  private void showUsage(Context ctx) {
    ctx.json(usage(ctx));
  }

  /** An API key as listed (never the secret). */
  record KeyView(String id, String prefix, Instant createdAt, Instant revokedAt, boolean active) {
    static KeyView of(ApiKey key) {
      return new KeyView(key.id(), key.prefix(), key.createdAt(), key.revokedAt(), key.active());
    }
  }

  record KeyList(List<KeyView> keys) {}

  /** A key as issued: {@code key} is the secret, shown this once. */
  record IssuedKeyView(String id, String prefix, Instant createdAt, String key) {
    static IssuedKeyView of(Accounts.IssuedKey issued) {
      return new IssuedKeyView(issued.key().id(), issued.key().prefix(), issued.key().createdAt(),
          issued.secret());
    }
  }

  static Actor actor(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    return new Actor(principal.actorType(),
        principal.username() != null ? principal.username() : principal.name(), RequestIds.of(ctx));
  }

  private void keys(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    ctx.json(new KeyList(accounts.apiKeys(principal.name()).stream().map(KeyView::of).toList()));
  }

  private void issueKey(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    ctx.status(201).json(IssuedKeyView.of(accounts.issueKey(principal.name(), actor(ctx))));
  }

  private void revokeKey(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    accounts.revokeKey(principal.name(), ctx.pathParam("id"), actor(ctx));
    ctx.status(204);
  }

  /** Counts of checks and verdicts for /metrics; the pre-call's counters are looked up once. */
  static final class CheckMetrics {
    private final MeterRegistry registry;
    private final Counter singleChecks;
    private final Map<Verdict, Counter> singleVerdicts = new EnumMap<>(Verdict.class);

    CheckMetrics(MeterRegistry registry) {
      this.registry = registry;
      this.singleChecks = registry.counter("dnc.checks", "kind", "single");
      for (Verdict verdict : Verdict.values()) {
        singleVerdicts.put(verdict,
            registry.counter("dnc.checked.numbers", "kind", "single", "verdict", verdict.name()));
      }
    }

    void single(Verdict verdict) {
      singleChecks.increment();
      singleVerdicts.get(verdict).increment();
    }

    void batch(Receipt.Counts counts) {
      registry.counter("dnc.checks", "kind", "batch").increment();
      registry.counter("dnc.checked.numbers", "kind", "batch", "verdict", "CALLABLE").increment(counts.callable());
      registry.counter("dnc.checked.numbers", "kind", "batch", "verdict", "BLOCKED").increment(counts.blocked());
      registry.counter("dnc.checked.numbers", "kind", "batch", "verdict", "INVALID").increment(counts.invalid());
    }
  }
}
