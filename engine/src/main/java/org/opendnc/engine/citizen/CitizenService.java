package org.opendnc.engine.citizen;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.index.IndexView;
import org.opendnc.core.number.E164Numbers;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.number.NumberType;
import org.opendnc.core.number.ParsedNumber;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.GroupCommit;
import org.opendnc.engine.Register;
import org.opendnc.store.CitizenStore;
import org.opendnc.store.StoreException;

/**
 * Citizens' requests: start one for up to five numbers, prove each line (a one-time code by SMS,
 * or a call from the line), and the action is recorded in the register; status and history are
 * shown only after proof. Also the IVR webhook: calls from citizens' lines. What the HTTP layer
 * calls; thread-safe. Errors are {@link DncException}s with the citizen codes of {@link
 * ErrorCode} (docs/errors.md), and no error or answer before proof depends on whether a number is
 * registered, so the service cannot be used to enumerate the register.
 */
public final class CitizenService implements AutoCloseable {

  /*
   * Request life (docs/decisions/0010-citizen-proof.md):
   *   start -> PENDING --every line proven--> APPLYING --events appended--> DONE (status readable)
   *            PENDING --maxAttempts wrong codes on a line--> LOCKED
   *            PENDING past expiresAt: EXPIRED (computed, not stored)
   * Every transition is a conditional UPDATE (CitizenStore), so of concurrent callers (two code
   * submissions, a code and a status poll, several nodes) exactly one applies the action.
   *
   * Exactly-once recording. The register events go to the event log and the request's DONE to
   * the citizen tables: two transactions. The order is claim (APPLYING, with a time) -> append ->
   * DONE. If the process dies between append and DONE, the claim goes stale; after APPLY_CLAIM
   * whoever touches the request retakes it (CitizenStore.reclaim, conditional on the old time)
   * and looks for the request's evidence in the numbers' histories before appending again.
   *
   * Attempts. A code attempt is reserved (attempts + 1, conditional on attempts < max) before
   * the code is compared, so concurrent guesses cannot exceed the limit. Starts are rate-limited
   * per number (maxRequestsPerWindow per rateWindow), which also bounds the SMS a line receives.
   * A per-number lock stripe serialises starts of the same number on this node (rate limit and
   * proof-line choice); across nodes the limit is approximate.
   */

  private static final java.time.Duration APPLY_CLAIM = java.time.Duration.ofMinutes(1);
  private static final int OPERATOR_MAX_CHARS = 100;
  private static final int LOCK_STRIPES = 64;
  private static final int CALLS_PER_COMMIT = 1_024;

  private static final String PENDING = "PENDING";
  private static final String LOCKED = "LOCKED";
  private static final String APPLYING = "APPLYING";
  private static final String DONE = "DONE";

  private final Register register;
  private final CitizenStore store;
  private final CitizenConfig config;
  private final SmsGateway sms;
  private final Clock clock;
  private final NumberParser parser;
  private final ReentrantLock[] stripes = new ReentrantLock[LOCK_STRIPES];
  /** Calls are recorded, and their outcomes set, by group commit: one fsync for many calls. */
  private final GroupCommit<CitizenStore.IvrCall, CitizenStore.IvrCall> callsRecorded;
  private final GroupCommit<CitizenStore.CallOutcome, Boolean> callsSettled;

  public CitizenService(Register register, CitizenConfig config, SmsGateway sms, Clock clock) {
    this.register = Objects.requireNonNull(register, "register");
    this.store = register.store().citizens();
    this.config = Objects.requireNonNull(config, "config");
    this.sms = Objects.requireNonNull(sms, "sms");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.parser = register.parser();
    for (int i = 0; i < LOCK_STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    this.callsRecorded = new GroupCommit<>("opendnc-ivr-calls", CALLS_PER_COMMIT, store::recordCalls);
    this.callsSettled = new GroupCommit<>("opendnc-ivr-outcomes", CALLS_PER_COMMIT, outcomes -> {
      store.updateCalls(outcomes);
      return Collections.nCopies(outcomes.size(), Boolean.TRUE);
    });
  }

  /** Writes the calls still queued, then takes no more. The register stays open. */
  @Override
  public void close() {
    callsRecorded.close();
    callsSettled.close();
  }

  /**
   * The public reference of a request id: what the store, the register events ({@code
   * sms-otp:<ref>}) and the audit log name the request by. Not a secret; it does not unlock the
   * request. Empty when the text does not have the shape of a request id.
   */
  public static Optional<String> referenceOf(String requestId) {
    return Secrets.looksLikeRequestId(requestId) ? Optional.of(Secrets.refOf(requestId)) : Optional.empty();
  }

  /** The rules and numbers in force (e.g. to show the register line to call). */
  public CitizenConfig config() {
    return config;
  }

  // --- start ---

  /**
   * Starts a request: validates it, stores it with a challenge per number and, for SMS_CODE,
   * sends each line its one-time code.
   *
   * @return the request id (show it to the citizen only) and what to do for each number
   * @throws DncException INVALID_ARGUMENT (missing action, proof or channel; operator missing
   *     for ALLOW/DISALLOW or given otherwise), TOO_MANY_NUMBERS, NUMBER_INVALID, NUMBER_FOREIGN,
   *     NUMBER_NOT_ELIGIBLE, SMS_NOT_POSSIBLE (a fixed line with SMS_CODE), TOO_MANY_REQUESTS (the
   *     number's rate limit, or no free proof line); SMS_UNAVAILABLE when the gateway failed (the
   *     request then exists but cannot be proven; the citizen starts another)
   */
  public StartedRequest start(CitizenRequest request) {
    Objects.requireNonNull(request, "request");
    CitizenAction action = required(request.action(), "an action");
    ProofMethod proof = required(request.proof(), "a proof method (SMS_CODE or CALL)");
    Channel channel = required(request.channel(), "a channel");
    if (channel == Channel.IMPORT || channel == Channel.CARRIER) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "a citizen request comes by WEB, API, PHONE or EMAIL, not " + channel + ".");
    }
    String operator = checkOperator(action, request.operator());
    List<Long> numbers = parseNumbers(request.numbers(), proof);

    Instant now = clock.instant();
    Instant expiresAt = now.plus(proof == ProofMethod.SMS_CODE ? config.codeValidity() : config.callWindow());
    String requestId = Secrets.newRequestId();
    String ref = Secrets.refOf(requestId);
    List<CitizenStore.Challenge> challenges = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    List<ReentrantLock> held = lockStripes(numbers);
    try {
      int position = 0;
      for (long e164 : numbers) {
        if (store.countChallengesSince(e164, now.minus(config.rateWindow())) >= config.maxRequestsPerWindow()) {
          throw new DncException(ErrorCode.TOO_MANY_REQUESTS,
              NumberParser.format(e164) + " had " + config.maxRequestsPerWindow() + " requests in the last "
                  + minutes(config.rateWindow()) + "; try again later.");
        }
        byte[] salt = null;
        byte[] hash = null;
        long callTo = 0;
        if (proof == ProofMethod.SMS_CODE) {
          String code = Secrets.newCode();
          codes.add(code);
          salt = Secrets.newSalt();
          hash = Secrets.codeHash(salt, ref, e164, code);
        } else {
          callTo = freeProofLine(e164, now);
        }
        challenges.add(new CitizenStore.Challenge(
            ref, position++, e164, salt, hash, callTo, 0, now, expiresAt, null, null));
      }
      store.create(
          new CitizenStore.Request(ref, action.name(), operator, channel.name(), proof.name(), PENDING, now,
              expiresAt, null, null, 0, 0),
          challenges);
    } finally {
      held.forEach(ReentrantLock::unlock);
    }
    if (proof == ProofMethod.SMS_CODE) {
      for (int i = 0; i < numbers.size(); i++) {
        try {
          sms.send(numbers.get(i), smsText(codes.get(i), action, numbers.get(i)));
        } catch (RuntimeException e) {
          throw new DncException(ErrorCode.SMS_UNAVAILABLE,
              "the code for " + NumberParser.format(numbers.get(i)) + " could not be sent; try again in a"
                  + " few minutes or prove the line with a call.", e);
        }
      }
    }
    List<StartedRequest.Challenge> shown = challenges.stream()
        .map(c -> new StartedRequest.Challenge(c.e164(), c.callTo(), c.expiresAt()))
        .toList();
    return new StartedRequest(requestId, action, proof, expiresAt, shown);
  }

  private static <T> T required(T value, String what) {
    if (value == null) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the request needs " + what + ".");
    }
    return value;
  }

  private static String checkOperator(CitizenAction action, String operator) {
    String name = operator == null ? null : operator.strip();
    if (!action.namesOperator()) {
      if (name != null && !name.isEmpty()) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, action + " takes no operator.");
      }
      return null;
    }
    if (name == null || name.isEmpty()) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, action + " needs the operator to " + action.name().toLowerCase(Locale.ROOT) + ".");
    }
    if (name.length() > OPERATOR_MAX_CHARS || name.chars().anyMatch(Character::isISOControl)) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "the operator must be 1 to " + OPERATOR_MAX_CHARS + " printable characters.");
    }
    return name;
  }

  /**
   * Checks numbers as {@link #start} does (count, validity, country, kind of line, SMS to a fixed
   * line) without starting anything: a form can tell which of its fields is wrong. Reads nothing
   * of the register, so it reveals nothing about it.
   *
   * @return the numbers in E.164 as longs, duplicates removed, in order
   * @throws DncException INVALID_ARGUMENT (none given), TOO_MANY_NUMBERS, NUMBER_INVALID,
   *     NUMBER_FOREIGN, NUMBER_NOT_ELIGIBLE, SMS_NOT_POSSIBLE
   */
  public List<Long> validateNumbers(List<String> texts, ProofMethod proof) {
    return parseNumbers(texts, Objects.requireNonNull(proof, "proof"));
  }

  private List<Long> parseNumbers(List<String> texts, ProofMethod proof) {
    if (texts == null || texts.isEmpty()) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "give 1 to " + config.maxNumbers() + " numbers.");
    }
    if (texts.size() > config.maxNumbers()) {
      throw new DncException(ErrorCode.TOO_MANY_NUMBERS,
          texts.size() + " numbers given; one request takes at most " + config.maxNumbers()
              + ". Split them into several requests.");
    }
    Set<Long> numbers = new LinkedHashSet<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      String where = "number " + (i + 1) + " ('" + (text == null ? "" : text.strip()) + "')";
      ParsedNumber parsed = text == null ? null : parser.parse(text).orElse(null);
      if (parsed == null) {
        throw new DncException(ErrorCode.NUMBER_INVALID, where + " is not a valid telephone number.");
      }
      if (!E164Numbers.hasCountryCode(parsed.e164(), parser.countryCode())) {
        throw new DncException(ErrorCode.NUMBER_FOREIGN,
            where + " is not a number of this register's country (+" + parser.countryCode() + ").");
      }
      if (!isLine(parsed.type())) {
        throw new DncException(ErrorCode.NUMBER_NOT_ELIGIBLE,
            where + " is a " + parsed.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + " number; the register covers fixed and mobile lines only.");
      }
      if (proof == ProofMethod.SMS_CODE && parsed.type() == NumberType.FIXED_LINE) {
        throw new DncException(ErrorCode.SMS_NOT_POSSIBLE,
            where + " is a fixed line and cannot receive an SMS; prove it with a call instead.");
      }
      numbers.add(parsed.e164());
    }
    return List.copyOf(numbers);
  }

  private static boolean isLine(NumberType type) {
    return type == NumberType.FIXED_LINE || type == NumberType.MOBILE || type == NumberType.FIXED_LINE_OR_MOBILE;
  }

  /** A proof line that no pending call proof of this number uses, so a call matches one request. */
  private long freeProofLine(long e164, Instant now) {
    Set<Long> used = new TreeSet<>();
    for (CitizenStore.Challenge pending : store.pendingCallChallenges(e164, now.minus(config.callWindow()))) {
      if (pending.expiresAt().isAfter(now)) {
        used.add(pending.callTo());
      }
    }
    for (long line : config.proofLines()) {
      if (!used.contains(line)) {
        return line;
      }
    }
    throw new DncException(ErrorCode.TOO_MANY_REQUESTS,
        NumberParser.format(e164) + " already has " + used.size() + " requests waiting for a call; make"
            + " those calls or wait " + minutes(config.callWindow()) + ".");
  }

  private List<ReentrantLock> lockStripes(List<Long> numbers) {
    TreeSet<Integer> indexes = new TreeSet<>();
    numbers.forEach(n -> indexes.add(Long.hashCode(n) & (LOCK_STRIPES - 1)));
    List<ReentrantLock> held = new ArrayList<>();
    for (int index : indexes) {
      stripes[index].lock();
      held.add(stripes[index]);
    }
    return held;
  }

  private String smsText(String code, CitizenAction action, long e164) {
    String what = action == CitizenAction.STATUS
        ? "see the status of"
        : action.name().toLowerCase(Locale.ROOT) + (action.namesOperator() ? " an operator for" : "");
    return "OpenDNC: " + code + " is your code to " + what + " " + NumberParser.format(e164)
        + " in the do-not-call register. It expires in " + minutes(config.codeValidity())
        + ". Never tell it to anyone who calls you.";
  }

  private static String minutes(java.time.Duration duration) {
    return duration.toMinutes() + " minutes";
  }

  // --- proof by code ---

  /**
   * Checks a one-time code for one number of an SMS_CODE request. When it proves the last line,
   * the action is recorded before this returns.
   *
   * @return the request's progress ({@code state} DONE once recorded)
   * @throws DncException REQUEST_NOT_FOUND; INVALID_ARGUMENT (not an SMS_CODE request, or the
   *     number is not part of it); REQUEST_EXPIRED; CODE_WRONG (with the tries left);
   *     REQUEST_LOCKED (no tries left: start a new request)
   */
  public RequestProgress submitCode(String requestId, String number, String code) {
    String ref = refFor(requestId);
    CitizenStore.Request request = find(ref);
    if (!ProofMethod.SMS_CODE.name().equals(request.proof())) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "this request is proven by a call, not by a code.");
    }
    long e164 = number == null ? NumberParser.INVALID : parser.parseE164(number);
    CitizenStore.Challenge challenge = store.challenges(ref).stream()
        .filter(c -> c.e164() == e164)
        .findFirst()
        .orElseThrow(() -> new DncException(ErrorCode.INVALID_ARGUMENT,
            "'" + number + "' is not one of this request's numbers."));
    if (LOCKED.equals(request.state())) {
      throw locked();
    }
    if (challenge.provenAt() != null || !PENDING.equals(request.state())) {
      return progress(requestId, completeIfProven(ref));
    }
    Instant now = clock.instant();
    if (!now.isBefore(request.expiresAt())) {
      throw expired();
    }
    int attempt = store.reserveAttempt(ref, e164, config.maxAttempts());
    if (attempt == 0) {
      // No attempt left, or a concurrent submission proved the line.
      CitizenStore.Challenge again = challenge(ref, e164);
      if (again.provenAt() != null) {
        return progress(requestId, completeIfProven(ref));
      }
      store.changeState(ref, PENDING, LOCKED, now);
      throw locked();
    }
    String typed = code == null ? "" : code.replaceAll("[\\s-]", "");
    boolean right = typed.length() == Secrets.CODE_DIGITS
        && Secrets.codeMatches(challenge.codeSalt(), challenge.codeHash(), ref, e164, typed);
    if (!right) {
      int left = config.maxAttempts() - attempt;
      if (left <= 0) {
        store.changeState(ref, PENDING, LOCKED, now);
        throw locked();
      }
      throw new DncException(ErrorCode.CODE_WRONG,
          "the code is wrong; " + left + (left == 1 ? " try" : " tries") + " left for " + NumberParser.format(e164) + ".");
    }
    store.markProven(ref, e164, now, "sms-otp:" + ref);
    return progress(requestId, completeIfProven(ref));
  }

  private CitizenStore.Challenge challenge(String ref, long e164) {
    return store.challenges(ref).stream().filter(c -> c.e164() == e164).findFirst().orElseThrow();
  }

  private static DncException locked() {
    return new DncException(ErrorCode.REQUEST_LOCKED, "too many wrong codes: this request is locked. Start a new request.");
  }

  private static DncException expired() {
    return new DncException(ErrorCode.REQUEST_EXPIRED, "this request has expired. Start a new request.");
  }

  // --- proof by call (IVR webhook) ---

  /**
   * A call the telephony platform reports ({@code POST /api/v1/ivr/calls}). A call to the
   * register's own number registers (or renews) the calling line, with the call as evidence. A
   * call to a proof line proves the calling line for the pending request that showed that line,
   * if made within its window; when that was the request's last line, its action is recorded
   * before this returns. Every call is stored; a retried report (same from, to and at) returns
   * the first one's outcome and does nothing again. The caller (HTTP layer) must authenticate
   * the platform: the caller ID is taken as proof of holding the line.
   *
   * @param from the caller ID as the platform gives it; {@code null} or empty when withheld
   * @param to the number called
   * @param at when the call was made; {@code null} means now, and a time in the future counts as now
   */
  public IvrOutcome ivrCall(String from, String to, Instant at) {
    Instant now = clock.instant();
    Instant reported = at == null ? now : at;
    Instant when = reported.isAfter(now) ? now : reported;
    String caller = from == null ? "" : from.strip();
    String called = to == null ? "" : to.strip();
    String callId = Secrets.newCallId();
    CitizenStore.IvrCall stored = callsRecorded.submit(
        new CitizenStore.IvrCall(callId, caller, called, reported, now, "RECEIVED", null, 0));
    if (!stored.id().equals(callId)) {
      IvrOutcome.Kind kind = "RECEIVED".equals(stored.outcome())
          ? IvrOutcome.Kind.NO_MATCH // the first report is still being handled and will act on the call
          : IvrOutcome.Kind.valueOf(stored.outcome());
      return new IvrOutcome(stored.id(), kind, stored.requestRef(), stored.sequence());
    }
    long callerE164 = caller.isEmpty() ? NumberParser.INVALID : parser.parseE164(caller);
    long calledE164 = lineCalled(called);
    IvrOutcome outcome;
    if (calledE164 != config.registerLine() && !config.proofLines().contains(calledE164)) {
      outcome = new IvrOutcome(callId, IvrOutcome.Kind.NO_MATCH, null, 0);
    } else if (!isUsableLine(callerE164)) {
      outcome = new IvrOutcome(callId, IvrOutcome.Kind.CALLER_UNUSABLE, null, 0);
    } else if (calledE164 == config.registerLine()) {
      outcome = registerByCall(callId, callerE164, when);
    } else {
      outcome = proveByCall(callId, callerE164, calledE164, when);
    }
    callsSettled.submit(new CitizenStore.CallOutcome(
        callId, outcome.kind().name(), outcome.requestRef(), outcome.sequence()));
    return outcome;
  }

  /**
   * The called number: as the parser reads it, or, for the register's own numbers that the
   * parser may not take as valid (development numbers), its digits after a '+'.
   */
  private long lineCalled(String called) {
    long e164 = called.isEmpty() ? NumberParser.INVALID : parser.parseE164(called);
    if (e164 == NumberParser.INVALID && called.startsWith("+")) {
      String digits = called.replaceAll("[^0-9]", "");
      if (!digits.isEmpty() && digits.length() <= 15) {
        e164 = Long.parseLong(digits);
      }
    }
    return e164;
  }

  private boolean isUsableLine(long e164) {
    return e164 != NumberParser.INVALID
        && E164Numbers.hasCountryCode(e164, parser.countryCode())
        && isLine(parser.typeOf(e164));
  }

  private IvrOutcome registerByCall(String callId, long e164, Instant when) {
    boolean registered = register.view().isRegistered(e164);
    EventType type = registered ? EventType.RENEW : EventType.REGISTER;
    RegisterEvent event = register.append(List.of(
        RegisterEvent.of(e164, type, null, when, Channel.PHONE, "ivr:" + callId))).get(0);
    return new IvrOutcome(
        callId, registered ? IvrOutcome.Kind.RENEWED : IvrOutcome.Kind.REGISTERED, null, event.sequence());
  }

  private IvrOutcome proveByCall(String callId, long e164, long calledE164, Instant when) {
    CitizenStore.Challenge late = null;
    for (CitizenStore.Challenge challenge : store.pendingCallChallenges(e164, when.minus(config.rateWindow()))) {
      if (challenge.callTo() != calledE164 || when.isBefore(challenge.createdAt())) {
        continue;
      }
      if (when.isAfter(challenge.expiresAt())) {
        late = late == null ? challenge : late;
        continue;
      }
      String ref = challenge.requestRef();
      store.markProven(ref, e164, when, "ivr:" + callId);
      CitizenStore.Request request = completeIfProven(ref);
      return new IvrOutcome(callId, IvrOutcome.Kind.PROVEN, ref, request.lastSequence());
    }
    return late != null
        ? new IvrOutcome(callId, IvrOutcome.Kind.TOO_LATE, late.requestRef(), 0)
        : new IvrOutcome(callId, IvrOutcome.Kind.NO_MATCH, null, 0);
  }

  // --- recording the action ---

  /**
   * If every line is proven, records the action once (see the class comment); also finishes a
   * request whose recording was interrupted. Returns the request as stored afterwards.
   */
  private CitizenStore.Request completeIfProven(String ref) {
    CitizenStore.Request request = find(ref);
    List<CitizenStore.Challenge> challenges = store.challenges(ref);
    Instant now = clock.instant();
    boolean proven = challenges.stream().allMatch(c -> c.provenAt() != null);
    if (PENDING.equals(request.state()) && proven) {
      if (store.changeState(ref, PENDING, APPLYING, now)) {
        record(request, challenges, now, false);
      }
    } else if (APPLYING.equals(request.state())
        && !request.completedAt().plus(APPLY_CLAIM).isAfter(now)
        && store.reclaim(ref, request.completedAt(), now)) {
      record(request, challenges, now, true);
    }
    return find(ref);
  }

  private void record(
      CitizenStore.Request request, List<CitizenStore.Challenge> challenges, Instant now, boolean reclaimed) {
    String ref = request.ref();
    Instant readableUntil = now.plus(config.statusReadable());
    CitizenAction action = CitizenAction.valueOf(request.action());
    if (action == CitizenAction.STATUS) {
      store.markDone(ref, readableUntil, 0, 0);
      return;
    }
    if (reclaimed) {
      // An earlier attempt may have appended the events and died before DONE: look for them.
      long first = Long.MAX_VALUE;
      long last = 0;
      for (CitizenStore.Challenge challenge : challenges) {
        for (RegisterEvent event : register.store().events().history(challenge.e164())) {
          if (event.type() == action.eventType() && challenge.proof().equals(event.evidence())) {
            first = Math.min(first, event.sequence());
            last = Math.max(last, event.sequence());
          }
        }
      }
      if (last > 0) {
        store.markDone(ref, readableUntil, first, last);
        return;
      }
    }
    List<RegisterEvent> events = new ArrayList<>();
    for (CitizenStore.Challenge challenge : challenges) {
      events.add(RegisterEvent.of(
          challenge.e164(), action.eventType(), request.operator(), now, Channel.valueOf(request.channel()),
          challenge.proof()));
    }
    List<RegisterEvent> appended;
    try {
      appended = register.append(events);
    } catch (IllegalArgumentException | StoreException e) {
      // Nothing was stored: release the claim so the next touch retries.
      store.changeState(ref, APPLYING, PENDING, now);
      throw e;
    }
    store.markDone(ref, readableUntil, appended.get(0).sequence(), appended.get(appended.size() - 1).sequence());
  }

  // --- reading ---

  /**
   * Where the request stands: safe to show before proof (it says nothing about the register).
   * Also finishes recording a proven request whose recording was interrupted.
   *
   * @throws DncException REQUEST_NOT_FOUND
   */
  public RequestProgress progress(String requestId) {
    String ref = refFor(requestId);
    CitizenStore.Request request = find(ref);
    if (PENDING.equals(request.state()) || APPLYING.equals(request.state())) {
      request = completeIfProven(ref);
    }
    return progress(requestId, request);
  }

  private RequestProgress progress(String requestId, CitizenStore.Request request) {
    List<CitizenStore.Challenge> challenges = store.challenges(request.ref());
    List<RequestProgress.NumberProgress> numbers = challenges.stream()
        .map(c -> new RequestProgress.NumberProgress(c.e164(), c.provenAt() != null, c.callTo()))
        .toList();
    RequestProgress.State state = RequestProgress.State.valueOf(request.state());
    boolean proven = numbers.stream().allMatch(RequestProgress.NumberProgress::proven);
    if (state == RequestProgress.State.PENDING && !proven && !clock.instant().isBefore(request.expiresAt())) {
      state = RequestProgress.State.EXPIRED;
    }
    return new RequestProgress(
        requestId, CitizenAction.valueOf(request.action()), ProofMethod.valueOf(request.proof()), state,
        request.expiresAt(), numbers);
  }

  /**
   * The status and history of the request's numbers, once every line is proven and the action
   * recorded, for {@link CitizenConfig#statusReadable()} after that.
   *
   * @throws DncException REQUEST_NOT_FOUND; PROOF_REQUIRED (not every line proven yet);
   *     REQUEST_LOCKED; REQUEST_EXPIRED (never proven in time, or no longer readable)
   */
  public RequestStatus status(String requestId) {
    String ref = refFor(requestId);
    CitizenStore.Request request = find(ref);
    if (!DONE.equals(request.state()) && !LOCKED.equals(request.state())) {
      request = completeIfProven(ref);
    }
    Instant now = clock.instant();
    switch (request.state()) {
      case LOCKED -> throw locked();
      case DONE -> {
        if (now.isAfter(request.readableUntil())) {
          throw new DncException(ErrorCode.REQUEST_EXPIRED,
              "the status of this request is no longer shown. Start a new request to see it again.");
        }
      }
      default -> {
        if (PENDING.equals(request.state()) && !now.isBefore(request.expiresAt())) {
          throw expired();
        }
        throw new DncException(ErrorCode.PROOF_REQUIRED,
            "the status is shown once every number of the request is proven.");
      }
    }
    IndexView view = register.view();
    List<RequestStatus.NumberStatus> numbers = new ArrayList<>();
    for (CitizenStore.Challenge challenge : store.challenges(ref)) {
      long e164 = challenge.e164();
      numbers.add(new RequestStatus.NumberStatus(
          e164, view.isRegistered(e164), List.copyOf(view.allowedOperators(e164)),
          register.store().events().history(e164)));
    }
    return new RequestStatus(
        requestId, CitizenAction.valueOf(request.action()), request.readableUntil(), view.version(),
        request.firstSequence(), request.lastSequence(), List.copyOf(numbers));
  }

  private static String refFor(String requestId) {
    if (!Secrets.looksLikeRequestId(requestId)) {
      throw notFound();
    }
    return Secrets.refOf(requestId);
  }

  private CitizenStore.Request find(String ref) {
    Optional<CitizenStore.Request> request = store.find(ref);
    return request.orElseThrow(CitizenService::notFound);
  }

  private static DncException notFound() {
    return new DncException(ErrorCode.REQUEST_NOT_FOUND, "no request has this id. Start a new request.");
  }
}
