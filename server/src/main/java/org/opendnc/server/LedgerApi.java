package org.opendnc.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.consent.ConsentLedger;
import org.opendnc.engine.consent.LedgerImport;
import org.opendnc.engine.consent.LedgerIntegrationPending;
import org.opendnc.engine.consent.LedgerRecordRejected;
import org.opendnc.store.AuditEntry;

/**
 * The operators' consent-ledger API: consents, withdrawals, contracts and transfers, one by one
 * (JSON) or in bulk (CSV, JSON lines), and each record with its inclusion proof.
 */
final class LedgerApi {

  /*
   * Every route acts for the calling operator only: records are written with its id as operator,
   * and a record is read only by the operator that recorded it (or, for a transfer, received it);
   * another operator's record answers NOT_FOUND like a missing one. Every write and read is
   * audited (action LEDGER_*, subject the record id, e164 the subject's number) before the answer
   * is sent; ledger records are not checks, so they charge no quota.
   *
   * A POST answers once its records are integrated (in a signed checkpoint): the answer is an
   * acknowledgement. A record whose integration is still under way (a caller that timed out) is
   * answered 202 pending_integration by GET until it is.
   */

  static final String NDJSON = "application/x-ndjson";

  private final RegisterGateway register;
  private final AuditTrail audit;
  private final Path temporaryDirectory;
  private final ServerConfig config;

  LedgerApi(RegisterGateway register, AuditTrail audit, Path temporaryDirectory, ServerConfig config) {
    this.register = register;
    this.audit = audit;
    this.temporaryDirectory = temporaryDirectory;
    this.config = config;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/ledger/consents", ctx -> record(ctx, LedgerImport.Kind.CONSENTS), Access.OPERATOR);
    routes.post("/api/v1/ledger/withdrawals", ctx -> record(ctx, LedgerImport.Kind.WITHDRAWALS), Access.OPERATOR);
    routes.post("/api/v1/ledger/contracts", ctx -> record(ctx, LedgerImport.Kind.CONTRACTS), Access.OPERATOR);
    routes.post("/api/v1/ledger/transfers", this::transfer, Access.OPERATOR);
    routes.get("/api/v1/ledger/records/{id}", this::fetch, Access.OPERATOR);
  }

  /** A record as logged. */
  record RecordView(String recordId, String kind, long leafIndex, Instant loggedAt,
      boolean possiblyBackdated, boolean created, JsonNode record, String link) {
    static RecordView of(ConsentLedger.Logged logged, boolean created) {
      return new RecordView(logged.recordId(), logged.kind(), logged.leafIndex(), logged.loggedAt(),
          logged.possiblyBackdated(), created, tree(logged.record()),
          "/api/v1/ledger/records/" + logged.recordId());
    }
  }

  /** The outcome of a bulk import. */
  record ImportView(String kind, long rows, long recorded, long duplicates, long rejected,
      List<String> transferIds, List<LedgerImport.Reject> rejects) {}

  /** A transfer asked as JSON: the recipient and either consent ids or numbers. */
  record TransferRequest(String to, List<String> consentIds, List<String> numbers) {}

  /** A record with what proves it. */
  record ProvenView(String status, String recordId, String kind, long leafIndex, Instant loggedAt,
      JsonNode record, String recordCanonical, String salt, String entry, String checkpoint,
      String inclusionProof) {}

  private void record(Context ctx, LedgerImport.Kind kind) {
    Principal principal = HttpSecurity.principal(ctx);
    String type = mediaType(ctx);
    if (type.equals("text/csv") || type.equals(NDJSON)) {
      importRows(ctx, principal, kind, null, type);
      return;
    }
    if (!type.equals("application/json")) {
      throw new DncException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send one " + kind.record()
          + " as application/json, or many as text/csv or " + NDJSON + ".");
    }
    JsonNode body = Json.read(ctx, JsonNode.class, config.maxJsonBytes());
    String action = "LEDGER_" + kind.record().toUpperCase(Locale.ROOT);
    ConsentLedger.Recorded recorded;
    try {
      recorded = ledger().record(kind.record(), principal.name(), body);
    } catch (LedgerIntegrationPending e) {
      pending(ctx, principal, action, e);
      return;
    } catch (LedgerRecordRejected e) {
      audit.record(entry(ctx, principal, action, null, null, ErrorCode.RECORD_INVALID.name(),
          String.join("; ", e.reasons())), null);
      throw new ProblemException(ErrorCode.RECORD_INVALID, e.getMessage(),
          Map.of("reasons", e.reasons()), Map.of());
    }
    ConsentLedger.Logged logged = recorded.logged();
    audit.record(entry(ctx, principal, action, logged.recordId(), subjectOf(logged.record()),
        AuditEntry.OK, (recorded.created() ? "logged at leaf " : "duplicate of leaf ") + logged.leafIndex()), null);
    ctx.header("Location", "/api/v1/ledger/records/" + logged.recordId());
    ctx.status(recorded.created() ? 201 : 200).json(RecordView.of(logged, recorded.created()));
  }

  private void transfer(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    String type = mediaType(ctx);
    if (type.equals("text/csv") || type.equals(NDJSON)) {
      importRows(ctx, principal, LedgerImport.Kind.TRANSFERS, ctx.queryParam("to"), type);
      return;
    }
    if (!type.equals("application/json")) {
      throw new DncException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the transfer as application/json"
          + " ({\"to\", \"consent_ids\" or \"numbers\"}), or as a file of numbers or consent ids"
          + " (text/csv with a header, ?to=OPERATOR).");
    }
    TransferRequest request = Json.read(ctx, TransferRequest.class, config.maxJsonBytes());
    boolean byIds = request.consentIds() != null;
    if (byIds == (request.numbers() != null)) {
      throw new ProblemException(ErrorCode.RECORD_INVALID, "the transfer was refused: give"
          + " consent_ids or numbers, not both and not neither.",
          Map.of("reasons", List.of("consent_ids: give consent_ids or numbers")), Map.of());
    }
    ConsentLedger.TransferReport report;
    try {
      report = ledger().transfer(principal.name(), request.to(),
          byIds ? request.consentIds() : request.numbers(), byIds);
    } catch (LedgerIntegrationPending e) {
      pending(ctx, principal, "LEDGER_TRANSFER", e);
      return;
    } catch (LedgerRecordRejected e) {
      audit.record(entry(ctx, principal, "LEDGER_TRANSFER", null, null, ErrorCode.RECORD_INVALID.name(),
          String.join("; ", e.reasons())), null);
      throw new ProblemException(ErrorCode.RECORD_INVALID, e.getMessage(),
          Map.of("reasons", e.reasons()), Map.of());
    }
    audit.record(entry(ctx, principal, "LEDGER_TRANSFER", report.transferId(), null, AuditEntry.OK,
        "to " + report.to() + ": accepted " + report.acceptedRows() + ", refused " + report.refusedRows()), null);
    ctx.status(report.transferId() == null ? 200 : 201).json(report);
  }

  /**
   * Answers 202 for records appended but not yet integrated: the last one (the transfer's own
   * record for a transfer) with its id, to fetch until it is integrated.
   */
  private void pending(Context ctx, Principal principal, String action, LedgerIntegrationPending e) {
    ConsentLedger.Logged last = e.records().get(e.records().size() - 1);
    audit.record(entry(ctx, principal, action, last.recordId(), subjectOf(last.record()), "PENDING",
        "appended at leaf " + last.leafIndex() + ", not yet integrated"), null);
    ctx.header("Location", "/api/v1/ledger/records/" + last.recordId());
    ctx.header("Retry-After", "1");
    ctx.status(202).json(new ProvenView("pending_integration", last.recordId(), last.kind(), last.leafIndex(),
        last.loggedAt(), tree(last.record()), null, null, null, null, null));
  }

  private void importRows(Context ctx, Principal principal, LedgerImport.Kind kind, String to, String type) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > config.maxBatchBytes()) {
      throw tooLarge();
    }
    try (InputStream body = ctx.bodyInputStream()) {
      ctx.json(importRows(ctx, principal, kind, to, body,
          type.equals(NDJSON) ? LedgerImport.Format.JSON_LINES : LedgerImport.Format.CSV));
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the rows could not be received to their end ("
          + e.getMessage() + "); send them again (rows already logged are found as duplicates).", e);
    }
  }

  /**
   * Spools rows (at most the batch limit), imports them for {@code principal} and audits the
   * import: the API's bulk routes and the operator's ledger page both come here.
   *
   * @throws DncException REQUEST_TOO_LARGE, INPUT_UNREADABLE, and the codes of a file that cannot
   *     be read as a whole
   */
  ImportView importRows(Context ctx, Principal principal, LedgerImport.Kind kind, String to,
      InputStream body, LedgerImport.Format format) {
    Path spooled = spool(body);
    List<LedgerImport.Reject> rejects = new ArrayList<>();
    LedgerImport.Report report;
    try (InputStream in = Files.newInputStream(spooled)) {
      report = new LedgerImport(ledger(), principal.name(), kind, to, rejects::add).run(in, format);
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, "the rows cannot be read: " + e.getMessage(), e);
    } finally {
      deleteQuietly(spooled);
    }
    audit.record(entry(ctx, principal, "LEDGER_IMPORT", kind.name().toLowerCase(Locale.ROOT), null,
        AuditEntry.OK, "rows " + report.rows() + ", recorded " + report.recorded() + ", duplicates "
            + report.duplicates() + ", rejected " + report.rejected()), null);
    return new ImportView(report.kind(), report.rows(), report.recorded(), report.duplicates(),
        report.rejected(), report.transferIds(), rejects);
  }

  private void fetch(Context ctx) {
    send(ctx, read(ctx, HttpSecurity.principal(ctx), ctx.pathParam("id")));
  }

  /** Answers a read as GET /api/v1/ledger/records/{id} does: 202 with Retry-After while pending. */
  static void send(Context ctx, Read read) {
    if (read.pending()) {
      ctx.header("Retry-After", "1");
      ctx.status(202);
    }
    ctx.json(read.view());
  }

  /**
   * A record read by its operator (or, for a transfer, its recipient), as GET
   * /api/v1/ledger/records/{id} answers it; audited (LEDGER_READ) like every read.
   *
   * @param proven the record with its proof when integrated, else null
   */
  record Read(ProvenView view, ConsentLedger.Proven proven) {
    boolean pending() {
      return proven == null;
    }
  }

  /**
   * Reads a record for the API's GET and the operator's pages alike, and audits the read.
   *
   * @throws DncException NOT_FOUND for an unknown id and another operator's record alike
   */
  Read read(Context ctx, Principal principal, String id) {
    Optional<ConsentLedger.Proven> proven = ledger().fetch(id, principal.name());
    if (proven.isEmpty()) {
      Optional<Long> pending = ledger().pendingLeaf(id, principal.name());
      if (pending.isPresent()) {
        audit.record(entry(ctx, principal, "LEDGER_READ", id, null, "PENDING", null), null);
        return new Read(new ProvenView("pending_integration", id, null, pending.get(), null,
            null, null, null, null, null, null), null);
      }
      audit.record(entry(ctx, principal, "LEDGER_READ", id, null, ErrorCode.NOT_FOUND.name(), null), null);
      throw new DncException(ErrorCode.NOT_FOUND, "you hold no ledger record with id '" + id + "'.");
    }
    ConsentLedger.Proven found = proven.get();
    var row = found.record();
    audit.record(entry(ctx, principal, "LEDGER_READ", id, row.e164() == 0 ? null : row.e164(),
        AuditEntry.OK, null), null);
    Base64.Encoder base64 = Base64.getEncoder();
    return new Read(new ProvenView("integrated", row.recordId(), row.kind(), row.leafIndex(), row.loggedAt(),
        tree(row.record()), row.record(), base64.encodeToString(row.salt()),
        base64.encodeToString(found.entry()), found.checkpoint(), found.tlogProof()), found);
  }

  /**
   * One page of the operator's records, newest first, below {@code beforeLeaf}; audited
   * (LEDGER_LIST, the count of records shown).
   */
  List<ConsentLedger.Listed> list(Context ctx, Principal principal, long beforeLeaf, int limit) {
    List<ConsentLedger.Listed> listed = ledger().ofOperator(principal.name(), beforeLeaf, limit);
    audit.record(AuditEntry.of(Instant.now(), principal.actorType(), principal.name(), "LEDGER_LIST",
        beforeLeaf == Long.MAX_VALUE ? null : "before " + beforeLeaf, listed.size(), null, AuditEntry.OK,
        RequestIds.of(ctx), listed.isEmpty() ? "no records" : "leaves " + listed.get(0).record().leafIndex()
            + " down to " + listed.get(listed.size() - 1).record().leafIndex()), null);
    return listed;
  }

  long maxBatchBytes() {
    return config.maxBatchBytes();
  }

  private ConsentLedger ledger() {
    return register.ledger();
  }

  private static String mediaType(Context ctx) {
    String type = ctx.contentType();
    if (type == null) {
      return "";
    }
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  private Path spool(InputStream received) {
    Path file;
    try {
      file = Files.createTempFile(temporaryDirectory, "check-ledger-", ".csv");
    } catch (IOException e) {
      throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, "the server cannot receive the rows now ("
          + e.getMessage() + "); retry later.", e);
    }
    try (InputStream body = received;
        InputStream limited = new LimitedInputStream(body, config.maxBatchBytes())) {
      Files.copy(limited, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (LimitedInputStream.LimitExceededException e) {
      deleteQuietly(file);
      throw tooLarge();
    } catch (IOException e) {
      deleteQuietly(file);
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the rows could not be received to their end ("
          + e.getMessage() + "); send them again (rows already logged are found as duplicates).", e);
    }
  }

  private DncException tooLarge() {
    return new DncException(ErrorCode.REQUEST_TOO_LARGE, "the import is larger than "
        + config.maxBatchBytes() + " bytes, the most one request accepts. Split it into parts.");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover temporary file is removed at the next start (check-*.csv).
    }
  }

  private static JsonNode tree(String canonical) {
    try {
      return Json.MAPPER.readTree(canonical);
    } catch (IOException e) {
      throw new IllegalStateException("a logged record is not JSON", e);
    }
  }

  private static Long subjectOf(String canonical) {
    JsonNode subject = tree(canonical).get("subject");
    return subject == null || !subject.isTextual() ? null : Long.parseLong(subject.asText().substring(1));
  }

  private static AuditEntry entry(Context ctx, Principal principal, String action, String subject,
      Long e164, String outcome, String detail) {
    return AuditEntry.of(Instant.now(), principal.actorType(), principal.name(), action, subject,
        0, e164, outcome, RequestIds.of(ctx), detail);
  }
}
