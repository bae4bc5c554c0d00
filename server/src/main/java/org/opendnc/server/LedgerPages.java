package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.consent.ConsentLedger;
import org.opendnc.engine.consent.LedgerImport;
import org.opendnc.ledger.Checkpoint;
import org.opendnc.ledger.TlogProof;
import org.opendnc.server.portal.Form;
import org.opendnc.server.portal.LedgerDetail;
import org.opendnc.server.portal.LedgerEntry;
import org.opendnc.server.portal.LedgerOutcome;
import org.opendnc.server.portal.Messages;
import org.opendnc.server.portal.Page;

/**
 * An operator's consent-ledger pages (decision 0046): its own records, newest first, a page at a
 * time; an upload form for a CSV of consents, withdrawals or contracts with the per-row report;
 * and one record with its inclusion proof, also as the API's JSON document. Through
 * {@link LedgerApi}, like the API: the same import, reads and audit entries.
 */
final class LedgerPages {

  /*
   * Plain HTML: no JavaScript, the upload is a multipart form (token in _csrf) within the batch
   * limit that Jetty's multipart configuration and LedgerApi's spool both apply. The list shows
   * each subject's number masked but for its last three digits: the operator recorded the numbers,
   * but the page must not become a way to list numbers in bulk (the detail page and its JSON give
   * one record at a time, each read audited with its number). Paging is by leaf index ("before"),
   * on the index (operator, leaf_index): no offset scans.
   */

  static final String PAGE = "/operator/ledger";
  static final int RECORDS_PER_PAGE = 50;
  /** How many rejected rows the result page lists (the counts are exact). */
  static final int REJECTS_SHOWN = 100;
  /** The kinds the form offers (transfers need a recipient: the API and CLI). */
  static final List<String> KINDS = List.of("consents", "withdrawals", "contracts");

  private final PageRenderer renderer;
  private final LedgerApi api;
  private final RegisterGateway register;

  LedgerPages(PageRenderer renderer, LedgerApi api, RegisterGateway register) {
    this.renderer = renderer;
    this.api = api;
    this.register = register;
  }

  void register(RoutesConfig routes) {
    routes.get(PAGE, this::list, Access.OPERATOR);
    routes.post(PAGE + "/imports", this::importFile, Access.OPERATOR);
    routes.get(PAGE + "/{id}", this::show, Access.OPERATOR);
    routes.get(PAGE + "/{id}/json", this::download, Access.OPERATOR);
  }

  private void list(Context ctx) {
    long before = beforeParameter(ctx);
    render(ctx, 200, page(ctx), Form.empty(), before, null);
  }

  private Page page(Context ctx) {
    return renderer.page(ctx, "operator.ledger.title", true);
  }

  private void render(Context ctx, int status, Page page, Form form, long before, LedgerOutcome outcome) {
    Principal principal = HttpSecurity.principal(ctx);
    List<LedgerEntry> entries = api.list(ctx, principal, before, RECORDS_PER_PAGE).stream()
        .map(listed -> LedgerEntry.of(listed.record(), listed.integrated())).toList();
    String older = entries.size() < RECORDS_PER_PAGE ? null
        : PAGE + "?before=" + entries.get(entries.size() - 1).leafIndex();
    String newest = before == Long.MAX_VALUE ? null : PAGE;
    renderer.render(ctx, status, "operator/ledger.jte", page, "entries", entries, "older", older,
        "newest", newest, "form", form, "outcome", outcome, "kinds", KINDS,
        "maxBytes", api.maxBatchBytes());
  }

  private static long beforeParameter(Context ctx) {
    String text = ctx.queryParam("before");
    if (text == null || text.isBlank()) {
      return Long.MAX_VALUE;
    }
    try {
      long before = Long.parseLong(text.strip());
      if (before < 0) {
        throw new NumberFormatException();
      }
      return before;
    } catch (NumberFormatException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "before must be a leaf index (a whole number"
          + " from 0), as the page's link to older records gives it; got '" + text + "'.");
    }
  }

  private void importFile(Context ctx) {
    Page page = page(ctx);
    Messages t = page.t();
    String kind = ctx.isMultipartFormData() ? ctx.formParam("kind") : null;
    Form form = Form.empty().value("kind", kind);
    if (kind == null || !KINDS.contains(kind)) {
      render(ctx, 400, page, form.error("kind", t.text("operator.ledger.error.kind")), Long.MAX_VALUE, null);
      return;
    }
    UploadedFile file = ctx.uploadedFile("file");
    if (file == null || file.size() == 0) {
      render(ctx, 400, page, form.error("file", t.text("operator.ledger.error.noFile")), Long.MAX_VALUE, null);
      return;
    }
    LedgerImport.Kind chosen = LedgerImport.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    try (InputStream in = file.content()) {
      LedgerApi.ImportView report = api.importRows(ctx, HttpSecurity.principal(ctx), chosen, null, in,
          LedgerImport.Format.CSV);
      render(ctx, 200, page, Form.empty().value("kind", kind), Long.MAX_VALUE,
          new LedgerOutcome(kind, report.rows(), report.recorded(), report.duplicates(), report.rejected(),
              report.rejects().stream().limit(REJECTS_SHOWN).toList()));
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the file could not be received to its end ("
          + e.getMessage() + "); send it again (rows already logged are found as duplicates).", e);
    } catch (DncException refused) {
      if (Problems.status(refused.code()) != 422 && refused.code() != ErrorCode.REQUEST_TOO_LARGE) {
        throw refused;
      }
      String specific = "operator.ledger.error." + refused.code().name();
      String general = "error." + refused.code().name();
      String message = t.has(specific) ? t.text(specific) : t.has(general) ? t.text(general) : t.text("error.generic");
      render(ctx, Problems.status(refused.code()), page, form.error("file",
          t.text("operator.ledger.error.file", message, refused.code().name())), Long.MAX_VALUE, null);
    }
  }

  private void show(Context ctx) {
    Page page = renderer.page(ctx, "operator.ledger.record.title", false);
    String id = ctx.pathParam("id");
    LedgerApi.Read read = api.read(ctx, HttpSecurity.principal(ctx), id);
    LedgerDetail detail;
    if (read.pending()) {
      detail = new LedgerDetail(pendingEntry(ctx, id, read.view().leafIndex()), null, null, List.of());
    } else {
      ConsentLedger.Proven proven = read.proven();
      TlogProof proof = TlogProof.parse(proven.tlogProof());
      Checkpoint checkpoint = Checkpoint.open(proven.checkpoint(), register.ledger().log().verifier());
      Base64.Encoder base64 = Base64.getEncoder();
      detail = new LedgerDetail(LedgerEntry.of(proven.record(), true), checkpoint.size(),
          base64.encodeToString(checkpoint.rootHash()),
          proof.proof().stream().map(base64::encodeToString).toList());
    }
    renderer.render(ctx, read.pending() ? 202 : 200, "operator/ledgerRecord.jte", page, "detail", detail);
  }

  /** A pending record of the operator as the list has it (the read has only its leaf). */
  private LedgerEntry pendingEntry(Context ctx, String id, long leaf) {
    return register.ledger().ofOperator(HttpSecurity.principal(ctx).name(), leaf + 1, 1).stream()
        .filter(listed -> listed.record().recordId().equals(id))
        .map(listed -> LedgerEntry.of(listed.record(), listed.integrated())).findFirst()
        .orElse(new LedgerEntry(null, id, leaf, null, null, null, null, null, null, false));
  }

  private void download(Context ctx) {
    String id = ctx.pathParam("id");
    LedgerApi.Read read = api.read(ctx, HttpSecurity.principal(ctx), id);
    ctx.header("Content-Disposition", "attachment; filename=\"ledger-record-"
        + id.replaceAll("[^A-Za-z0-9._-]", "_") + ".json\"");
    LedgerApi.send(ctx, read);
  }
}
