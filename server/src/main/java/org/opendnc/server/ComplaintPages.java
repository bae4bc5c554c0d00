package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.opendnc.audit.ComplaintIntake;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.server.portal.Form;
import org.opendnc.server.portal.Messages;
import org.opendnc.server.portal.Page;

/**
 * The portal's complaint form: a citizen reports an unwanted call and gets the complaint's
 * reference. Through {@link ComplaintApi}, like the API: same rules, limits and audit.
 */
final class ComplaintPages {

  /*
   * The form works without JavaScript: a plain POST with the visitor's CSRF token, the same page
   * again with each field's error, or the confirmation page with the reference. The confirmation
   * is the POST's answer (no redirect): sending it again stores nothing new (the complaint's id is
   * a digest of its content) and shows the same reference. Nothing shown depends on the register.
   */

  static final String FORM = "/complaint";
  /** The form's fields, in order: the API's names, also the inputs' names and ids. */
  static final List<String> FIELDS = List.of("number_called", "caller_id", "called_at", "company", "offer", "text");

  private final PageRenderer renderer;
  private final ComplaintApi api;

  ComplaintPages(PageRenderer renderer, ComplaintApi api) {
    this.renderer = renderer;
    this.api = api;
  }

  void register(RoutesConfig routes) {
    routes.get(FORM, this::showForm, Access.VISITOR);
    routes.post(FORM, this::file, Access.VISITOR);
  }

  private void showForm(Context ctx) {
    render(ctx, 200, renderer.page(ctx, "complaint.title", true), Form.empty());
  }

  private void render(Context ctx, int status, Page page, Form form) {
    renderer.render(ctx, status, "citizen/complaint.jte", page, "form", form,
        "maxText", ComplaintIntake.MAX_TEXT_CHARS);
  }

  private void file(Context ctx) {
    Page page = renderer.page(ctx, "complaint.title", true);
    Messages t = page.t();
    Form form = Form.empty();
    for (String field : FIELDS) {
      form.value(field, ctx.formParam(field));
    }
    ComplaintIntake.Form complaint = new ComplaintIntake.Form(ctx.formParam("number_called"),
        ctx.formParam("caller_id"), ctx.formParam("called_at"), ctx.formParam("company"), ctx.formParam("offer"),
        ctx.formParam("text"));
    try {
      api.acquireAddress(ctx);
      ComplaintIntake.Filed filed = api.file(ctx, complaint, "portal");
      renderer.render(ctx, 200, "citizen/complaintFiled.jte", renderer.page(ctx, "complaint.filed.title", false),
          "complaint", filed.complaint(), "alreadyFiled", !filed.added());
    } catch (ComplaintIntake.Rejected rejected) {
      for (ComplaintIntake.FieldError error : rejected.errors()) {
        form.error(error.field(), fieldError(t, error));
      }
      render(ctx, 400, page, form);
    } catch (DncException refused) {
      if (refused.code() != ErrorCode.RATE_LIMITED) {
        throw refused;
      }
      form.formError(t.text("complaint.error.RATE_LIMITED"));
      render(ctx, 429, page, form);
    }
  }

  private static String fieldError(Messages t, ComplaintIntake.FieldError error) {
    String specific = "complaint.error." + error.code() + "." + error.field();
    if (t.has(specific)) {
      return t.text(specific);
    }
    String general = "complaint.error." + error.code();
    return t.has(general) ? t.text(general) : t.text("error.generic");
  }
}
