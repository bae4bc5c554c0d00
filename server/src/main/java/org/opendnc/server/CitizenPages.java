package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.register.Channel;
import org.opendnc.engine.citizen.CitizenAction;
import org.opendnc.engine.citizen.ProofMethod;
import org.opendnc.engine.citizen.RequestProgress;
import org.opendnc.engine.citizen.RequestStatus;
import org.opendnc.server.portal.Form;
import org.opendnc.server.portal.Messages;
import org.opendnc.server.portal.Page;

/**
 * Citizens' pages: start a request (register, renew, allow or disallow an operator, cancel, or
 * see the status) for up to five numbers, prove each line by its SMS code or by a call, then see
 * the status and history. Through {@link CitizenApi}, like the API: same rules, limits and audit.
 */
final class CitizenPages {

  /*
   * The request id (a bearer secret) stays in the visitor's session, never in a URL, so it is
   * not in the browser's history or a proxy's log. The session is the one the form's CSRF token
   * lives in; it lasts 30 minutes idle, as long as a proven request's status is readable.
   * Nothing shown before proof depends on the register (decision 0010); the status page answers
   * PROOF_REQUIRED until every line is proven.
   */

  /** The session attribute holding the visitor's current request id. */
  static final String REQUEST_ATTRIBUTE = "opendnc.citizen.request";
  /** The form's number fields: number1 to number5. */
  static final int NUMBER_FIELDS = 5;
  /** The actions a citizen may choose, in the form's order. */
  static final List<String> ACTIONS = List.of("REGISTER", "RENEW", "ALLOW", "DISALLOW", "CANCEL",
      "STATUS");

  private final PageRenderer renderer;
  private final CitizenApi api;
  private final CitizenGateway citizens;

  CitizenPages(PageRenderer renderer, CitizenApi api, CitizenGateway citizens) {
    this.renderer = renderer;
    this.api = api;
    this.citizens = citizens;
  }

  void register(RoutesConfig routes) {
    routes.get("/citizen", this::startForm, Access.VISITOR);
    routes.post("/citizen/requests", this::start, Access.VISITOR);
    routes.get("/citizen/request", this::progress, Access.VISITOR);
    routes.post("/citizen/request/codes", this::submitCodes, Access.VISITOR);
    routes.get("/citizen/request/status", this::status, Access.VISITOR);
  }

  private static String currentRequest(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    return session == null ? null : (String) session.getAttribute(REQUEST_ATTRIBUTE);
  }

  private static void forgetRequest(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    if (session != null) {
      session.removeAttribute(REQUEST_ATTRIBUTE);
    }
  }

  // --- start ---

  private void startForm(Context ctx) {
    String action = ctx.queryParam("action");
    Form form = Form.empty()
        .value("action", action != null && ACTIONS.contains(action) ? action : "REGISTER")
        .value("proof", "SMS_CODE");
    renderStart(ctx, 200, renderer.page(ctx, "citizen.start.title", true), form);
  }

  private void renderStart(Context ctx, int status, Page page, Form form) {
    renderer.render(ctx, status, "citizen/start.jte", page, "form", form,
        "actions", ACTIONS, "fields", NUMBER_FIELDS,
        "registerLine", citizens.config().registerLine(),
        "hasRequest", currentRequest(ctx) != null);
  }

  private void start(Context ctx) {
    Page page = renderer.page(ctx, "citizen.start.title", true);
    Messages t = page.t();
    Form form = Form.empty();
    String action = upper(ctx.formParam("action"));
    String proofName = upper(ctx.formParam("proof"));
    String operator = ctx.formParam("operator");
    form.value("action", action).value("proof", proofName).value("operator", operator);
    CitizenAction chosen = null;
    try {
      chosen = CitizenApi.action(action);
    } catch (DncException e) {
      form.error("action", t.text("citizen.error.action"));
    }
    ProofMethod proof = null;
    try {
      proof = CitizenApi.proof(proofName);
    } catch (DncException e) {
      form.error("proof", t.text("citizen.error.proof"));
    }
    List<String> numbers = new ArrayList<>();
    for (int i = 1; i <= NUMBER_FIELDS; i++) {
      String field = "number" + i;
      String text = ctx.formParam(field);
      form.value(field, text);
      if (text == null || text.isBlank()) {
        continue;
      }
      numbers.add(text);
      if (proof != null) {
        try {
          citizens.validateNumbers(List.of(text), proof);
        } catch (DncException refused) {
          form.error(field, numberError(t, refused.code()));
        }
      }
    }
    if (numbers.isEmpty()) {
      form.error("number1", t.text("citizen.error.noNumber"));
    }
    if (chosen != null && chosen.namesOperator() && (operator == null || operator.isBlank())) {
      form.error("operator", t.text("citizen.error.operatorMissing"));
    }
    if (form.hasErrors()) {
      renderStart(ctx, 400, page, form);
      return;
    }
    try {
      api.acquireStart(ctx);
      var started = api.start(ctx, action, numbers,
          chosen.namesOperator() ? operator.strip() : null, proofName, Channel.WEB);
      ctx.req().getSession(true).setAttribute(REQUEST_ATTRIBUTE, started.requestId());
      ctx.redirect("/citizen/request", HttpStatus.SEE_OTHER);
    } catch (ProblemException refused) {
      if (refused.code() == ErrorCode.INVALID_ARGUMENT
          && "operator".equals(refused.members().get("field"))) {
        form.error("operator", t.text("citizen.error.operatorUnknown"));
      } else if (refused.code() == ErrorCode.RATE_LIMITED) {
        throw refused;
      } else {
        form.formError(numberError(t, refused.code()));
      }
      renderStart(ctx, 400, page, form);
    } catch (DncException refused) {
      switch (refused.code()) {
        case TOO_MANY_REQUESTS, SMS_UNAVAILABLE, TOO_MANY_NUMBERS -> {
          form.formError(numberError(t, refused.code()));
          renderStart(ctx, Problems.status(refused.code()), page, form);
        }
        default -> throw refused;
      }
    }
  }

  private static String upper(String text) {
    return text == null ? null : text.strip().toUpperCase(Locale.ROOT);
  }

  private static String numberError(Messages t, ErrorCode code) {
    String key = "citizen.error." + code.name();
    return t.has(key) ? t.text(key) : t.text("error.generic");
  }

  // --- proof ---

  private void progress(Context ctx) {
    String id = currentRequest(ctx);
    if (id == null) {
      ctx.redirect("/citizen", HttpStatus.SEE_OTHER);
      return;
    }
    RequestProgress progress;
    try {
      progress = api.progress(ctx, id);
    } catch (DncException e) {
      if (e.code() != ErrorCode.REQUEST_NOT_FOUND) {
        throw e;
      }
      forgetRequest(ctx);
      ctx.redirect("/citizen", HttpStatus.SEE_OTHER);
      return;
    }
    if (progress.state() == RequestProgress.State.DONE) {
      ctx.redirect("/citizen/request/status", HttpStatus.SEE_OTHER);
      return;
    }
    renderProgress(ctx, 200, renderer.page(ctx, "citizen.prove.title", true), progress,
        Form.empty());
  }

  private void renderProgress(Context ctx, int status, Page page, RequestProgress progress,
      Form form) {
    renderer.render(ctx, status, "citizen/prove.jte", page, "progress", progress, "form", form,
        "registerLine", citizens.config().registerLine());
  }

  /** A code field's name: {@code code-<e164>}. */
  static String codeField(long e164) {
    return "code-" + e164;
  }

  private void submitCodes(Context ctx) {
    String id = currentRequest(ctx);
    if (id == null) {
      ctx.redirect("/citizen", HttpStatus.SEE_OTHER);
      return;
    }
    Page page = renderer.page(ctx, "citizen.prove.title", true);
    Messages t = page.t();
    RequestProgress progress = api.progress(ctx, id);
    Form form = Form.empty();
    boolean any = false;
    for (RequestProgress.NumberProgress line : progress.numbers()) {
      String field = codeField(line.e164());
      String code = ctx.formParam(field);
      if (line.proven() || code == null || code.isBlank()) {
        continue;
      }
      any = true;
      try {
        api.acquireCode(ctx);
        progress = api.submitCode(ctx, id, "+" + line.e164(), code.strip());
      } catch (DncException refused) {
        switch (refused.code()) {
          case CODE_WRONG, INVALID_ARGUMENT -> form.error(field, t.text("citizen.error.CODE_WRONG"));
          case REQUEST_LOCKED, REQUEST_EXPIRED -> {
            ctx.redirect("/citizen/request", HttpStatus.SEE_OTHER);
            return;
          }
          default -> throw refused;
        }
      }
    }
    if (!any) {
      progress.numbers().stream().filter(line -> !line.proven()).findFirst().ifPresent(line ->
          form.error(codeField(line.e164()), t.text("citizen.error.codeMissing")));
    }
    if (form.hasErrors()) {
      renderProgress(ctx, 400, page, api.progress(ctx, id), form);
      return;
    }
    ctx.redirect(progress.state() == RequestProgress.State.DONE
        ? "/citizen/request/status" : "/citizen/request", HttpStatus.SEE_OTHER);
  }

  // --- status ---

  private void status(Context ctx) {
    String id = currentRequest(ctx);
    if (id == null) {
      throw new DncException(ErrorCode.PROOF_REQUIRED, "start a request and prove your lines"
          + " first: the status is shown only to whoever proves holding the line.");
    }
    RequestStatus status = api.readStatus(ctx, id, "CITIZEN_STATUS");
    Form next = Form.empty().value("action", "RENEW").value("proof", "SMS_CODE");
    renderer.render(ctx, "citizen/status.jte", renderer.page(ctx, "citizen.status.title", true),
        "status", status, "form", next, "actions", ACTIONS.subList(0, ACTIONS.size() - 1));
  }
}
