package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.engine.citizen.IvrOutcome;
import org.opendnc.store.AuditEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IVR webhook: the telephony platform reports each call to the register's lines, and the
 * caller ID proves the calling line (decisions 0010 and 0011).
 */
final class IvrWebhook {

  /*
   * The route is PUBLIC for HttpSecurity (no API key, no session) and authenticates the platform
   * itself, before reading the body: Authorization: Bearer <IVR secret>, compared by SHA-256 in
   * constant time (IvrSecret). The engine stores every call and answers a retried report (same
   * from, to and at) with the first one's outcome, acting once; so a retry after a timeout, or a
   * replayed request, changes nothing. Every accepted report is audited (actor type CITIZEN: the
   * caller; actor the request's ref, or call:<id>); refused authentications are logged, not
   * audited, so that strangers cannot fill the audit log.
   */

  static final String PATH = "/api/v1/ivr/calls";
  private static final Logger LOG = LoggerFactory.getLogger(IvrWebhook.class);
  private static final int MAX_BODY_BYTES = 4 << 10;

  private final CitizenGateway citizens;
  private final IvrSecret secret;
  private final AuditTrail audit;
  private final HttpSecurity security;

  IvrWebhook(CitizenGateway citizens, IvrSecret secret, AuditTrail audit, HttpSecurity security) {
    this.citizens = citizens;
    this.secret = secret;
    this.audit = audit;
    this.security = security;
  }

  void register(RoutesConfig routes) {
    // PUBLIC for HttpSecurity: this route checks the platform's secret itself (authenticate).
    routes.post(PATH, this::call, Access.PUBLIC);
  }

  /** A call as the platform reports it. */
  record CallReport(String from, String to, String at) {}

  /** What the call did, and a sentence the platform may say to the caller. */
  record CallAnswer(String callId, IvrOutcome.Kind outcome, String requestRef, long sequence,
      String message) {}

  private void call(Context ctx) {
    authenticate(ctx);
    CallReport report = Json.read(ctx, CallReport.class, MAX_BODY_BYTES);
    if (report.to() == null || report.to().isBlank()) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "field to is required: the number the caller dialled, e.g. +39800000100.");
    }
    Instant at = instant(report.at());
    IvrOutcome outcome = citizens.ivrCall(report.from(), report.to(), at);
    long caller = citizens.parse(report.from());
    boolean usable = outcome.kind() != IvrOutcome.Kind.CALLER_UNUSABLE && caller != NumberParser.INVALID;
    String actor = outcome.requestRef() != null ? outcome.requestRef() : "call:" + outcome.callId();
    try {
      audit.record(AuditEntry.of(Instant.now(), AuditEntry.ActorType.CITIZEN, actor, "IVR_CALL",
          outcome.callId(), usable ? 1 : 0, usable ? caller : null, AuditEntry.OK,
          RequestIds.of(ctx), outcome.kind().name()
              + (outcome.sequence() > 0 ? ", register event " + outcome.sequence() : "")), null);
    } catch (DncException e) {
      throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, "the audit log cannot be written right"
          + " now; report the call again (a retry acts once).", e);
    }
    ctx.json(new CallAnswer(outcome.callId(), outcome.kind(), outcome.requestRef(),
        outcome.sequence(), message(outcome.kind())));
  }

  private void authenticate(Context ctx) {
    String authorization = ctx.header("Authorization");
    String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7).strip() : null;
    if (!secret.matches(presented)) {
      LOG.warn("IVR webhook: {} from {} (request {})", presented == null
          ? "no Bearer secret" : "a wrong secret", security.clientAddress(ctx), RequestIds.of(ctx));
      throw new ProblemException(ErrorCode.UNAUTHENTICATED, presented == null
          ? "this webhook is for the register's telephony platform: send Authorization: Bearer"
              + " <IVR secret>."
          : "the IVR secret is wrong. The register's staff can give the platform the current one.",
          Map.of(), Map.of("WWW-Authenticate", "Bearer realm=\"opendnc-ivr\""));
    }
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null; // the engine takes the time of the report
    }
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "field at must be an ISO-8601 time with"
          + " its offset, such as 2026-11-28T10:00:00Z, got '"
          + text.strip().substring(0, Math.min(40, text.strip().length())) + "'.");
    }
  }

  private static String message(IvrOutcome.Kind kind) {
    return switch (kind) {
      case REGISTERED -> "Your line is now in the do-not-call register.";
      case RENEWED -> "Your registration in the do-not-call register is renewed.";
      case PROVEN -> "Your line is confirmed. Continue where you started the request.";
      case TOO_LATE -> "The time to call has passed. Please start a new request.";
      case NO_MATCH -> "No request is waiting for a call from this line to this number.";
      case CALLER_UNUSABLE -> "Your number could not be recognised. Call from the line itself,"
          + " without hiding your number.";
    };
  }
}
