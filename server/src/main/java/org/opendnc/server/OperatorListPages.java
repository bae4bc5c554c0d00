package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.opendnc.audit.CallingNumbers;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.server.portal.DeclarationsOutcome;
import org.opendnc.server.portal.Form;
import org.opendnc.server.portal.Messages;
import org.opendnc.server.portal.Page;

/**
 * An operator's page for what it declares to the register: its calling numbers (declare,
 * withdraw) and its internal do-not-contact list (upload). Through {@link OperatorListsApi}, like
 * the API: same rules, times and audit entries.
 */
final class OperatorListPages {

  /*
   * Plain forms (no JavaScript needed): each POST answers the page again with a notice of what was
   * done, or the form's error in the page's language. The list is uploaded as multipart form data
   * and spooled like the API's body; the page lists the first rejected rows.
   */

  static final String PAGE = "/operator/declarations";
  /** How many rejected rows the page lists (the answer's count is exact). */
  static final int REJECTS_SHOWN = 100;

  private final PageRenderer renderer;
  private final OperatorListsApi api;

  OperatorListPages(PageRenderer renderer, OperatorListsApi api) {
    this.renderer = renderer;
    this.api = api;
  }

  void register(RoutesConfig routes) {
    routes.get(PAGE, this::show, Access.OPERATOR);
    routes.post("/operator/calling-numbers", this::declare, Access.OPERATOR);
    routes.post("/operator/calling-numbers/withdraw", this::withdraw, Access.OPERATOR);
    routes.post("/operator/do-not-contact", this::importList, Access.OPERATOR);
  }

  private void show(Context ctx) {
    render(ctx, 200, page(ctx), Form.empty(), null);
  }

  private Page page(Context ctx) {
    return renderer.page(ctx, "operator.declarations.title", true);
  }

  private void render(Context ctx, int status, Page page, Form form, DeclarationsOutcome outcome) {
    Instant now = api.now();
    renderer.render(ctx, status, "operator/declarations.jte", page, "form", form, "outcome", outcome,
        "numbers", api.callingNumbers(ctx), "now", now,
        "doNotContact", api.countDoNotContact(ctx, HttpSecurity.principal(ctx)));
  }

  private void declare(Context ctx) {
    Page page = page(ctx);
    Messages t = page.t();
    String text = ctx.formParam("numbers");
    Form form = Form.empty().value("numbers", text);
    List<String> numbers = text == null ? List.of() : Arrays.stream(text.split("[\\r\\n,;]+"))
        .map(String::strip).filter(n -> !n.isEmpty()).toList();
    if (numbers.isEmpty()) {
      form.error("numbers", t.text("operator.declarations.error.none"));
      render(ctx, 400, page, form, null);
      return;
    }
    if (numbers.size() > CallingNumbers.MAX_PER_DECLARATION) {
      form.error("numbers", t.text("operator.declarations.error.tooMany", CallingNumbers.MAX_PER_DECLARATION));
      render(ctx, 400, page, form, null);
      return;
    }
    try {
      List<CallingNumbers.Declared> declared = api.declare(ctx, numbers, api.now());
      long added = declared.stream().filter(CallingNumbers.Declared::added).count();
      render(ctx, 200, page, Form.empty(), DeclarationsOutcome.of(t.text("operator.declarations.declared", declared.size(),
          added)));
    } catch (DncException refused) {
      if (refused.code() != ErrorCode.INVALID_ARGUMENT) {
        throw refused;
      }
      form.error("numbers", t.text("operator.declarations.error.unreadable", refused.getMessage()));
      render(ctx, 400, page, form, null);
    }
  }

  private void withdraw(Context ctx) {
    Page page = page(ctx);
    Messages t = page.t();
    String number = ctx.formParam("number");
    try {
      long e164 = api.withdraw(ctx, number, api.now());
      render(ctx, 200, page, Form.empty(), DeclarationsOutcome.of(t.text("operator.declarations.withdrawn", t.phone(e164))));
    } catch (DncException refused) {
      if (refused.code() != ErrorCode.NOT_FOUND && refused.code() != ErrorCode.INVALID_ARGUMENT) {
        throw refused;
      }
      render(ctx, 404, page, Form.empty().formError(t.text("operator.declarations.error.notDeclared")), null);
    }
  }

  private void importList(Context ctx) {
    Page page = page(ctx);
    Messages t = page.t();
    UploadedFile file = ctx.isMultipartFormData() ? ctx.uploadedFile("list") : null;
    if (file == null || file.size() == 0) {
      render(ctx, 400, page, Form.empty().error("list", t.text("operator.declarations.error.noFile")), null);
      return;
    }
    try (InputStream in = file.content()) {
      OperatorListsApi.ImportView imported = api.importDoNotContact(ctx, in, "portal");
      List<DeclarationsOutcome.Reject> rejects = imported.rejects().stream().limit(REJECTS_SHOWN)
          .map(r -> new DeclarationsOutcome.Reject(r.line(), r.reason(), r.detail())).toList();
      render(ctx, 200, page, Form.empty(), new DeclarationsOutcome(t.text("operator.declarations.imported",
          imported.rows(), imported.added(), imported.alreadyListed(), imported.rejected()), imported.rejected(),
          rejects));
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the list could not be received to its end ("
          + e.getMessage() + "); send it again.", e);
    } catch (DncException refused) {
      if (Problems.status(refused.code()) != 422 && refused.code() != ErrorCode.REQUEST_TOO_LARGE) {
        throw refused;
      }
      String specific = "operator.declarations.error." + refused.code().name();
      String general = "error." + refused.code().name();
      render(ctx, Problems.status(refused.code()), page, Form.empty().error("list",
          t.has(specific) ? t.text(specific) : t.has(general) ? t.text(general) : t.text("error.generic")), null);
    }
  }
}
