package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opendnc.audit.ComplaintIntake;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.Complaint;

/**
 * Citizens' complaints about calls: {@code POST /api/v1/complaints}, and the same for the portal's
 * form ({@link ComplaintPages}). No account and no proof of the line (decision 0040).
 */
final class ComplaintApi {

  /*
   * The answer never depends on the register: a valid complaint is stored and acknowledged with
   * its reference whether the number is registered or not; a refusal names the fields. Rate
   * limits: the address first (every attempt counts), then the number called (valid complaints
   * only). Audit: every complaint and every refusal, actor type CITIZEN, actor the complaint's
   * reference ("-" for a refusal), the number called when valid; never the free text.
   */

  static final String COMPLAINTS = "/api/v1/complaints";
  /** The largest complaint body: the free text's 2,000 characters (up to 4 bytes each) and the rest. */
  static final int MAX_BODY_BYTES = 16 << 10;
  private static final String NO_REF = "-";

  private final ComplaintIntake intake;
  private final ComplaintLimits limits;
  private final AuditTrail audit;
  private final HttpSecurity security;

  ComplaintApi(ComplaintIntake intake, ComplaintLimits limits, AuditTrail audit, HttpSecurity security) {
    this.intake = intake;
    this.limits = limits;
    this.audit = audit;
    this.security = security;
  }

  void register(RoutesConfig routes) {
    routes.post(COMPLAINTS, this::create, Access.PUBLIC);
  }

  record ComplaintBody(String numberCalled, String callerId, String calledAt, String company, String offer,
      String text) {
    @Override
    public String toString() {
      return "ComplaintBody[...]";
    }
  }

  record FiledView(String reference, boolean alreadyFiled, String numberCalled, String callerId,
      boolean callerIdWithheld, Instant calledAt, Instant filedAt) {
    static FiledView of(ComplaintIntake.Filed filed) {
      Complaint c = filed.complaint();
      return new FiledView(filed.reference(), !filed.added(), "+" + c.calledE164(), c.callerId(),
          c.callerId() == null, c.at(), c.createdAt());
    }
  }

  private void create(Context ctx) {
    limits.acquireAddress(security.clientAddress(ctx));
    ComplaintBody body = Json.read(ctx, ComplaintBody.class, MAX_BODY_BYTES);
    ComplaintIntake.Form form = new ComplaintIntake.Form(body.numberCalled(), body.callerId(), body.calledAt(),
        body.company(), body.offer(), body.text());
    ComplaintIntake.Filed filed;
    try {
      filed = file(ctx, form, "api");
    } catch (ComplaintIntake.Rejected rejected) {
      throw problem(rejected);
    }
    ctx.header("Cache-Control", "no-store");
    ctx.status(filed.added() ? 201 : 200).json(FiledView.of(filed));
  }

  /** The problem response of a refused complaint: every field's code, the first field named. */
  static ProblemException problem(ComplaintIntake.Rejected rejected) {
    List<Map<String, String>> errors = rejected.errors().stream().map(e -> {
      Map<String, String> error = new LinkedHashMap<>();
      error.put("field", e.field());
      error.put("code", e.code());
      error.put("detail", e.detail());
      return error;
    }).toList();
    return new ProblemException(ErrorCode.COMPLAINT_INVALID, rejected.getMessage(),
        Map.of("field", rejected.errors().get(0).field(), "errors", errors), Map.of());
  }

  /**
   * Checks, rate-limits per number, stores and audits a complaint; the API and the portal's form
   * both come here. The caller has taken it from the address's bucket ({@link #acquireAddress}).
   *
   * @param channel {@code api} or {@code portal}: stored as the complaint's file
   * @throws ComplaintIntake.Rejected listing each field's problem (audited)
   * @throws DncException RATE_LIMITED for the number (audited), SERVICE_UNAVAILABLE when the audit
   *     log cannot be written
   */
  ComplaintIntake.Filed file(Context ctx, ComplaintIntake.Form form, String channel) {
    List<ComplaintIntake.FieldError> errors = intake.validate(form);
    if (!errors.isEmpty()) {
      ComplaintIntake.Rejected rejected = new ComplaintIntake.Rejected(errors);
      recordRefusal(ctx, channel, null, rejected.code().name(),
          String.join(",", errors.stream().map(e -> e.field() + ":" + e.code()).toList()));
      throw rejected;
    }
    long number = intake.numberCalled(form.numberCalled());
    try {
      limits.acquireNumber(number);
    } catch (DncException limited) {
      recordRefusal(ctx, channel, number, limited.code().name(), "per number");
      throw limited;
    }
    ComplaintIntake.Filed filed = intake.file(form, channel);
    record(ctx, filed.reference(), channel, number, AuditEntry.OK, filed.added() ? "filed" : "filed before");
    return filed;
  }

  /** Takes one complaint from the client address's bucket (the portal's form). */
  void acquireAddress(Context ctx) {
    limits.acquireAddress(security.clientAddress(ctx));
  }

  private void record(Context ctx, String reference, String channel, Long e164, String outcome, String detail) {
    try {
      audit.record(AuditEntry.of(Instant.now(), AuditEntry.ActorType.CITIZEN, reference, "COMPLAINT_FILE",
          channel, e164 == null ? 0 : 1, e164, outcome, RequestIds.of(ctx), detail), null);
    } catch (DncException e) {
      throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, "the audit log cannot be written right now, so the"
          + " complaint's answer is not given. Send it again in a moment: it is stored only once.", e);
    }
  }

  private void recordRefusal(Context ctx, String channel, Long e164, String outcome, String detail) {
    try {
      record(ctx, NO_REF, channel, e164, outcome, detail);
    } catch (DncException e) {
      // the refusal is answered anyway; the trail has logged its failure
    }
  }
}
