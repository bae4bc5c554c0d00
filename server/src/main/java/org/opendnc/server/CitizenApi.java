package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.citizen.CitizenAction;
import org.opendnc.engine.citizen.CitizenRequest;
import org.opendnc.engine.citizen.CitizenService;
import org.opendnc.engine.citizen.ProofMethod;
import org.opendnc.engine.citizen.RequestProgress;
import org.opendnc.engine.citizen.RequestStatus;
import org.opendnc.engine.citizen.StartedRequest;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.Operator;

/**
 * Citizens' API: start a request for up to five numbers, prove each line (a code, or a call seen
 * by the IVR webhook), follow its progress, then read status and history. No login: the request
 * id, a bearer secret, names the request.
 */
final class CitizenApi {

  /*
   * Nothing here before proof depends on the register (decision 0010): starting, codes, progress
   * and every refusal read the request only; status and history answer PROOF_REQUIRED until every
   * line is proven. The request id travels in the path; the request log names the route template
   * (never the path), responses are no-store and no-referrer, and only its digest (the ref) is
   * stored and audited.
   *
   * Audit: every start, code, status and history read, refused ones too, under actor type CITIZEN
   * and the request's ref ("-" when there is none: a refused start, a malformed id); the number
   * for actions on one number; never a code or a request id. Progress polls are not audited: they
   * change nothing and reveal nothing but what the requester sent.
   */

  /** The largest citizen JSON body: five numbers and an operator name fit many times over. */
  static final int MAX_BODY_BYTES = 4 << 10;
  static final String REQUESTS = "/api/v1/citizen/requests";
  private static final String NO_REF = "-";

  private final CitizenGateway citizens;
  private final Accounts accounts;
  private final AuditTrail audit;
  private final CitizenLimits limits;
  private final HttpSecurity security;
  private final int maxBodyBytes;

  CitizenApi(CitizenGateway citizens, Accounts accounts, AuditTrail audit, CitizenLimits limits,
      HttpSecurity security, int maxJsonBytes) {
    this.citizens = citizens;
    this.accounts = accounts;
    this.audit = audit;
    this.limits = limits;
    this.security = security;
    this.maxBodyBytes = Math.min(maxJsonBytes, MAX_BODY_BYTES);
  }

  void register(RoutesConfig routes) {
    routes.post(REQUESTS, this::start, Access.PUBLIC);
    routes.get(REQUESTS + "/{id}", this::progress, Access.PUBLIC);
    routes.post(REQUESTS + "/{id}/codes", this::submitCode, Access.PUBLIC);
    routes.get(REQUESTS + "/{id}/status", this::status, Access.PUBLIC);
    routes.get(REQUESTS + "/{id}/history", this::history, Access.PUBLIC);
  }

  // --- bodies and views (snake_case in JSON) ---

  record StartBody(String action, List<String> numbers, String operator, String proof) {}

  record ChallengeView(String number, String callTo, Instant deadline) {}

  record StartedView(String requestId, CitizenAction action, ProofMethod proof, Instant expiresAt,
      List<ChallengeView> numbers, String progress) {}

  record CodeBody(String number, String code) {
    @Override
    public String toString() {
      return "CodeBody[" + number + "]";
    }
  }

  record NumberProgressView(String number, boolean proven, String callTo) {}

  record ProgressView(String requestId, CitizenAction action, ProofMethod proof,
      RequestProgress.State state, Instant expiresAt, List<NumberProgressView> numbers) {
    static ProgressView of(RequestProgress progress) {
      return new ProgressView(progress.requestId(), progress.action(), progress.proof(),
          progress.state(), progress.expiresAt(), progress.numbers().stream()
              .map(n -> new NumberProgressView(number(n.e164()), n.proven(), lineOrNull(n.callTo())))
              .toList());
    }
  }

  record NumberStatusView(String number, boolean registered, List<String> allowedOperators) {}

  record StatusView(String requestId, CitizenAction action, Instant readableUntil,
      long registerVersion, long firstSequence, long lastSequence, List<NumberStatusView> numbers) {}

  record EventView(long sequence, String type, String operator, Instant at, Channel channel,
      String evidence) {
    static EventView of(RegisterEvent event) {
      return new EventView(event.sequence(), event.type().name(), event.operator(), event.at(),
          event.channel(), event.evidence());
    }
  }

  record NumberHistoryView(String number, List<EventView> events) {}

  record HistoryView(String requestId, Instant readableUntil, long registerVersion,
      List<NumberHistoryView> numbers) {}

  static String number(long e164) {
    return "+" + e164;
  }

  private static String lineOrNull(long e164) {
    return e164 == 0 ? null : number(e164);
  }

  // --- routes ---

  private void start(Context ctx) {
    limits.acquireStart(security.clientAddress(ctx));
    StartBody body = Json.read(ctx, StartBody.class, maxBodyBytes);
    StartedRequest started = start(ctx, body.action(), body.numbers(), body.operator(),
        body.proof(), Channel.API);
    String progress = REQUESTS + "/" + started.requestId();
    ctx.header("Location", progress);
    ctx.status(201).json(new StartedView(started.requestId(), started.action(), started.proof(),
        started.expiresAt(), started.challenges().stream()
            .map(c -> new ChallengeView(number(c.e164()), lineOrNull(c.callTo()), c.deadline()))
            .toList(), progress));
  }

  /**
   * Starts a citizen request and audits it (refusals too); the API and the portal's form both
   * come here. The caller has taken the start from the address's rate limit.
   *
   * @param channel API for the JSON API, WEB for the portal
   */
  StartedRequest start(Context ctx, String actionName, List<String> numbers, String operatorName,
      String proofName, Channel channel) {
    long given = numbers == null ? 0 : numbers.size();
    String subject = null;
    try {
      CitizenAction action = action(actionName);
      subject = action.name();
      ProofMethod proof = proof(proofName);
      String operator = action.namesOperator() ? operatorId(operatorName) : operatorName;
      StartedRequest started = citizens.start(
          new CitizenRequest(action, numbers, operator, proof, channel));
      String ref = CitizenService.referenceOf(started.requestId()).orElseThrow();
      List<StartedRequest.Challenge> challenges = started.challenges();
      record(ctx, ref, "CITIZEN_START", subject, challenges.size(),
          challenges.size() == 1 ? challenges.get(0).e164() : null, AuditEntry.OK,
          "proof " + proof + (operator != null ? ", operator " + operator : ""));
      return started;
    } catch (DncException refused) {
      recordRefusal(ctx, NO_REF, "CITIZEN_START", subject, given, null, refused);
      throw refused;
    }
  }

  /** Takes one request start from the client address's bucket (the portal's form). */
  void acquireStart(Context ctx) {
    limits.acquireStart(security.clientAddress(ctx));
  }

  static CitizenAction action(String text) {
    if (text == null) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "field action is required: one of "
          + Arrays.toString(CitizenAction.values()) + ".");
    }
    try {
      return CitizenAction.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "field action must be one of "
          + Arrays.toString(CitizenAction.values()) + ", got '" + shortText(text) + "'.");
    }
  }

  static ProofMethod proof(String text) {
    String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    return switch (name) {
      case "SMS_CODE", "SMS" -> ProofMethod.SMS_CODE;
      case "CALL" -> ProofMethod.CALL;
      default -> throw new DncException(ErrorCode.INVALID_ARGUMENT, "field proof "
          + (text == null ? "is required" : "must be SMS_CODE or CALL, got '" + shortText(text) + "'")
          + ": SMS_CODE sends a code to each (mobile) line, CALL asks you to call a number from"
          + " each line within minutes.");
    };
  }

  /**
   * The id of the operator a citizen named for ALLOW or DISALLOW: an operator id (any case) or
   * the operator's name, as the register's operators table holds them.
   */
  String operatorId(String named) {
    if (named == null || named.isBlank()) {
      return named; // the engine says that ALLOW and DISALLOW need an operator
    }
    String text = named.strip();
    var byId = accounts.operator(text.toLowerCase(Locale.ROOT));
    if (byId.isPresent()) {
      return byId.get().id();
    }
    List<Operator> byName = new ArrayList<>();
    for (Operator operator : accounts.operators()) {
      if (operator.name() != null && operator.name().strip().equalsIgnoreCase(text)) {
        byName.add(operator);
      }
    }
    if (byName.size() == 1) {
      return byName.get(0).id();
    }
    throw new ProblemException(ErrorCode.INVALID_ARGUMENT, byName.isEmpty()
        ? "there is no operator '" + shortText(text) + "' in the register. Give the operator's id or"
            + " name as the register lists it."
        : byName.size() + " operators are named '" + shortText(text) + "'; give the operator's id: "
            + byName.stream().map(Operator::id).toList() + ".",
        Map.of("field", "operator"), Map.of());
  }

  private void progress(Context ctx) {
    ctx.json(ProgressView.of(progress(ctx, ctx.pathParam("id"))));
  }

  /** A request's progress (rate-limited per address, not audited: it reveals nothing). */
  RequestProgress progress(Context ctx, String id) {
    limits.acquireRead(security.clientAddress(ctx));
    return citizens.progress(id);
  }

  private void submitCode(Context ctx) {
    limits.acquireCode(security.clientAddress(ctx));
    CodeBody body = Json.read(ctx, CodeBody.class, maxBodyBytes);
    ctx.json(ProgressView.of(submitCode(ctx, ctx.pathParam("id"), body.number(), body.code())));
  }

  /**
   * Checks one code and audits it (refusals too); the API and the portal's form both come here.
   * The caller has taken the code from the address's rate limit ({@link #acquireCode}).
   */
  RequestProgress submitCode(Context ctx, String id, String number, String code) {
    String ref = CitizenService.referenceOf(id).orElse(NO_REF);
    long e164 = citizens.parse(number);
    Long audited = e164 == NumberParser.INVALID ? null : e164;
    try {
      RequestProgress progress = citizens.submitCode(id, number, code);
      record(ctx, ref, "CITIZEN_CODE", progress.action().name(), 1, audited, AuditEntry.OK,
          "request " + progress.state());
      return progress;
    } catch (DncException refused) {
      recordRefusal(ctx, ref, "CITIZEN_CODE", null, 1, audited, refused);
      throw refused;
    }
  }

  /** Takes one code submission from the client address's bucket. */
  void acquireCode(Context ctx) {
    limits.acquireCode(security.clientAddress(ctx));
  }

  private RequestStatus readStatus(Context ctx, String action) {
    return readStatus(ctx, ctx.pathParam("id"), action);
  }

  /**
   * A proven request's status and history, audited as {@code action} (refusals too): the API and
   * the portal's status page both come here.
   *
   * @throws DncException PROOF_REQUIRED before every line is proven, and the others of
   *     {@link CitizenService#status}
   */
  RequestStatus readStatus(Context ctx, String id, String action) {
    limits.acquireRead(security.clientAddress(ctx));
    String ref = CitizenService.referenceOf(id).orElse(NO_REF);
    try {
      RequestStatus status = citizens.status(id);
      record(ctx, ref, action, status.action().name(), status.numbers().size(), null,
          AuditEntry.OK, "register version " + status.registerVersion());
      return status;
    } catch (DncException refused) {
      recordRefusal(ctx, ref, action, null, 0, null, refused);
      throw refused;
    }
  }

  private void status(Context ctx) {
    RequestStatus status = readStatus(ctx, "CITIZEN_STATUS");
    ctx.json(new StatusView(status.requestId(), status.action(), status.readableUntil(),
        status.registerVersion(), status.firstSequence(), status.lastSequence(),
        status.numbers().stream().map(n -> new NumberStatusView(number(n.e164()), n.registered(),
            n.allowedOperators())).toList()));
  }

  private void history(Context ctx) {
    RequestStatus status = readStatus(ctx, "CITIZEN_HISTORY");
    ctx.json(new HistoryView(status.requestId(), status.readableUntil(), status.registerVersion(),
        status.numbers().stream().map(n -> new NumberHistoryView(number(n.e164()),
            n.history().stream().map(EventView::of).toList())).toList()));
  }

  // --- audit ---

  private void record(Context ctx, String ref, String action, String subject, long numbers,
      Long e164, String outcome, String detail) {
    try {
      audit.record(AuditEntry.of(Instant.now(), AuditEntry.ActorType.CITIZEN, ref, action, subject,
          numbers, e164, outcome, RequestIds.of(ctx), detail), null);
    } catch (DncException e) {
      throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, "the audit log cannot be written right"
          + " now, so no answer is given. Retry in a moment; what was already done stays done.", e);
    }
  }

  /** Audits a refusal; a failure to audit it is logged by the trail and does not hide the refusal. */
  private void recordRefusal(Context ctx, String ref, String action, String subject, long numbers,
      Long e164, DncException refused) {
    if (refused.code() == ErrorCode.SERVICE_UNAVAILABLE) {
      return; // the audit log itself, or shutting down
    }
    try {
      record(ctx, ref, action, subject, numbers, e164, refused.code().name(), null);
    } catch (DncException e) {
      refused.addSuppressed(e);
    }
  }

  /** Citizen text as it may appear in a message or the audit log: short, no control characters. */
  private static String shortText(String text) {
    String clean = text.strip().replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 40 ? clean : clean.substring(0, 40) + "…";
  }
}
