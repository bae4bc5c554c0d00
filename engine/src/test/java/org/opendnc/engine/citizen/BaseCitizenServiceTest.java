package org.opendnc.engine.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.store.CitizenStore;
import org.opendnc.store.SmsOutbox;

/** Citizen requests end to end, written once and run on SQLite and on PostgreSQL. */
abstract class BaseCitizenServiceTest {
  static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
  static final long MOBILE = 393331234567L;
  static final long OTHER_MOBILE = 393471112222L;
  static final long FIXED = 390612345678L;
  static final String ACME = "acme";
  private static final Pattern CODE = Pattern.compile("OpenDNC: (\\d{6}) is your code .* \\+(\\d+) in the");

  @TempDir Path dir;
  final TestingClock clock = new TestingClock(START);
  Register register;
  OutboxSmsGateway outbox;
  CitizenService citizens;
  CitizenConfig config;

  abstract RegisterConfig config(Path dataDir);

  @BeforeEach
  void open() {
    register = Register.open(config(dir.resolve("data")), line -> {});
    outbox = new OutboxSmsGateway(register.store().smsOutbox(), clock);
    config = CitizenConfig.defaults(39);
    citizens = service(config, outbox);
  }

  /** Every service a test made, closed before the register. */
  private final List<CitizenService> services = new ArrayList<>();

  CitizenService service(CitizenConfig rules, SmsGateway gateway) {
    CitizenService service = new CitizenService(register, rules, gateway, clock);
    services.add(service);
    return service;
  }

  @AfterEach
  void close() {
    services.forEach(CitizenService::close);
    register.close();
  }

  // --- helpers ---

  /** The defaults, but without a practical rate limit, for tests that start many requests. */
  CitizenConfig generous() {
    return new CitizenConfig(config.registerLine(), config.proofLines(), config.maxNumbers(), config.codeValidity(),
        config.callWindow(), config.maxAttempts(), config.rateWindow(), 100, config.statusReadable());
  }

  StartedRequest start(CitizenAction action, ProofMethod proof, String operator, String... numbers) {
    return citizens.start(new CitizenRequest(action, List.of(numbers), operator, proof, Channel.WEB));
  }

  /** The newest code sent to each number, read from the development outbox. */
  Map<Long, String> codes() {
    Map<Long, String> codes = new HashMap<>();
    for (SmsOutbox.Message message : outbox.latest(100)) {
      Matcher m = CODE.matcher(message.body());
      assertThat(m.find()).as(message.body()).isTrue();
      assertThat(Long.parseLong(m.group(2))).isEqualTo(message.toE164());
      codes.putIfAbsent(message.toE164(), m.group(1));
    }
    return codes;
  }

  RequestProgress proveByCodes(StartedRequest started) {
    Map<Long, String> codes = codes();
    RequestProgress progress = null;
    for (StartedRequest.Challenge challenge : started.challenges()) {
      progress = citizens.submitCode(started.requestId(), "+" + challenge.e164(), codes.get(challenge.e164()));
    }
    return progress;
  }

  static String wrong(String code) {
    return code.equals("000000") ? "000001" : "000000";
  }

  static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(DncException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  List<RegisterEvent> history(long e164) {
    return register.store().events().history(e164);
  }

  // --- SMS code proof ---

  @Test
  void registeringTwoNumbersWithCodesShowsTheStatusOnlyAfterBothAreProven() {
    StartedRequest started = start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null, "333 123 4567", "+39 347 111 2222");
    assertThat(started.requestId()).hasSize(22).matches("[A-Za-z0-9_-]+");
    assertThat(started.challenges()).extracting(StartedRequest.Challenge::e164).containsExactly(MOBILE, OTHER_MOBILE);
    assertThat(started.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
    assertThat(outbox.latest(10)).hasSize(2);
    assertCode(() -> citizens.status(started.requestId()), ErrorCode.PROOF_REQUIRED);

    Map<Long, String> codes = codes();
    RequestProgress half = citizens.submitCode(started.requestId(), "3331234567", codes.get(MOBILE));
    assertThat(half.state()).isEqualTo(RequestProgress.State.PENDING);
    assertThat(half.numbers()).extracting(RequestProgress.NumberProgress::proven).containsExactly(true, false);
    assertCode(() -> citizens.status(started.requestId()), ErrorCode.PROOF_REQUIRED);
    assertThat(register.view().isRegistered(MOBILE)).isFalse();

    RequestProgress done = citizens.submitCode(started.requestId(), "347 111 2222", " " + codes.get(OTHER_MOBILE) + " ");
    assertThat(done.state()).isEqualTo(RequestProgress.State.DONE);
    assertThat(register.view().isRegistered(MOBILE)).isTrue();
    assertThat(register.view().isRegistered(OTHER_MOBILE)).isTrue();

    RequestStatus status = citizens.status(started.requestId());
    String ref = Secrets.refOf(started.requestId());
    assertThat(status.numbers()).allSatisfy(n -> {
      assertThat(n.registered()).isTrue();
      assertThat(n.history()).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(EventType.REGISTER);
        assertThat(e.channel()).isEqualTo(Channel.WEB);
        assertThat(e.evidence()).isEqualTo("sms-otp:" + ref);
        assertThat(e.at()).isEqualTo(START);
      });
    });
    assertThat(status.lastSequence() - status.firstSequence()).isEqualTo(1);
    assertThat(status.registerVersion()).isEqualTo(2);
    assertThat(status.readableUntil()).isEqualTo(START.plus(Duration.ofMinutes(30)));
    // The request id never reaches the store or the log, only its digest.
    assertThat(status.numbers().get(0).history().get(0).evidence()).doesNotContain(started.requestId());

    // A code submitted again after the proof changes nothing.
    assertThat(citizens.submitCode(started.requestId(), "3331234567", codes.get(MOBILE)).state())
        .isEqualTo(RequestProgress.State.DONE);
    assertThat(history(MOBILE)).hasSize(1);
  }

  @Test
  void everyActionIsRecordedWithItsOperatorAndStatusRecordsNothing() {
    citizens = service(generous(), outbox);
    proveByCodes(start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null, "3331234567"));
    assertThat(register.view().isOpposedFor(MOBILE, ACME)).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(proveByCodes(start(CitizenAction.ALLOW, ProofMethod.SMS_CODE, " acme ", "3331234567")).state())
        .isEqualTo(RequestProgress.State.DONE);
    assertThat(register.view().isOpposedFor(MOBILE, ACME)).isFalse();
    assertThat(register.view().allowedOperators(MOBILE)).containsExactly(ACME);

    clock.advance(Duration.ofMinutes(1));
    proveByCodes(start(CitizenAction.DISALLOW, ProofMethod.SMS_CODE, ACME, "3331234567"));
    assertThat(register.view().isOpposedFor(MOBILE, ACME)).isTrue();

    clock.advance(Duration.ofMinutes(1));
    proveByCodes(start(CitizenAction.ALLOW, ProofMethod.SMS_CODE, ACME, "3331234567"));
    clock.advance(Duration.ofMinutes(1));
    proveByCodes(start(CitizenAction.RENEW, ProofMethod.SMS_CODE, null, "3331234567"));
    assertThat(register.view().isOpposedFor(MOBILE, ACME)).as("a renewal revokes allowances").isTrue();

    clock.advance(Duration.ofMinutes(1));
    proveByCodes(start(CitizenAction.CANCEL, ProofMethod.SMS_CODE, null, "3331234567"));
    assertThat(register.view().isRegistered(MOBILE)).isFalse();

    clock.advance(Duration.ofMinutes(1));
    StartedRequest status = start(CitizenAction.STATUS, ProofMethod.SMS_CODE, null, "3331234567");
    assertThat(outbox.latest(1).get(0).body()).contains("see the status of +393331234567");
    assertThat(proveByCodes(status).state()).isEqualTo(RequestProgress.State.DONE);
    RequestStatus shown = citizens.status(status.requestId());
    assertThat(shown.firstSequence()).isZero();
    assertThat(shown.numbers()).singleElement().satisfies(n -> {
      assertThat(n.registered()).isFalse();
      assertThat(n.history()).extracting(RegisterEvent::type).containsExactly(
          EventType.REGISTER, EventType.ALLOW, EventType.DISALLOW, EventType.ALLOW, EventType.RENEW, EventType.CANCEL);
      assertThat(n.history().get(1).operator()).isEqualTo(ACME);
    });
  }

  @Test
  void aWrongCodeIsRefusedWithTheTriesLeftAndTheLimitLocksTheRequest() {
    StartedRequest started = start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null, "3331234567");
    String code = codes().get(MOBILE);
    assertThatThrownBy(() -> citizens.submitCode(started.requestId(), "3331234567", wrong(code)))
        .isInstanceOfSatisfying(DncException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CODE_WRONG);
          assertThat(e.getMessage()).contains("4 tries left");
        });
    assertCode(() -> citizens.submitCode(started.requestId(), "3331234567", "12"), ErrorCode.CODE_WRONG);
    assertCode(() -> citizens.submitCode(started.requestId(), "3331234567", null), ErrorCode.CODE_WRONG);
    assertCode(() -> citizens.submitCode(started.requestId(), "3331234567", wrong(code)), ErrorCode.CODE_WRONG);
    assertCode(() -> citizens.submitCode(started.requestId(), "3331234567", wrong(code)), ErrorCode.REQUEST_LOCKED);
    // Locked: even the right code is refused now, and nothing was recorded.
    assertCode(() -> citizens.submitCode(started.requestId(), "3331234567", code), ErrorCode.REQUEST_LOCKED);
    assertCode(() -> citizens.status(started.requestId()), ErrorCode.REQUEST_LOCKED);
    assertThat(citizens.progress(started.requestId()).state()).isEqualTo(RequestProgress.State.LOCKED);
    assertThat(history(MOBILE)).isEmpty();
  }

  @Test
  void concurrentWrongCodesNeverGetMoreTriesThanTheLimit() throws Exception {
    StartedRequest started = start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null, "3331234567");
    String code = codes().get(MOBILE);
    ConcurrentLinkedQueue<ErrorCode> answers = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 5; i++) {
          try {
            citizens.submitCode(started.requestId(), "3331234567", wrong(code));
          } catch (DncException e) {
            answers.add(e.code());
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(answers).hasSize(20);
    assertThat(answers.stream().filter(c -> c == ErrorCode.CODE_WRONG).count()).isEqualTo(config.maxAttempts() - 1);
    assertCode(() -> citizens.submitCode(started.requestId(), "3331234567", code), ErrorCode.REQUEST_LOCKED);
  }

  @Test
  void anExpiredCodeIsRefused() {
    StartedRequest started = start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null, "3331234567");
    String code = codes().get(MOBILE);
    clock.advance(Duration.ofMinutes(10));
    assertCode(() -> citizens.submitCode(started.requestId(), "3331234567", code), ErrorCode.REQUEST_EXPIRED);
    assertThat(citizens.progress(started.requestId()).state()).isEqualTo(RequestProgress.State.EXPIRED);
    assertCode(() -> citizens.status(started.requestId()), ErrorCode.REQUEST_EXPIRED);
    assertThat(history(MOBILE)).isEmpty();
  }

  @Test
  void theStatusIsReadableOnlyForALimitedTimeAfterTheProof() {
    StartedRequest started = start(CitizenAction.STATUS, ProofMethod.SMS_CODE, null, "3331234567");
    proveByCodes(started);
    clock.advance(Duration.ofMinutes(30));
    assertThat(citizens.status(started.requestId()).numbers()).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    assertCode(() -> citizens.status(started.requestId()), ErrorCode.REQUEST_EXPIRED);
  }

  @Test
  void unknownAndMalformedRequestIdsAreNotFound() {
    assertCode(() -> citizens.status("AAAAAAAAAAAAAAAAAAAAAA"), ErrorCode.REQUEST_NOT_FOUND);
    assertCode(() -> citizens.status("x"), ErrorCode.REQUEST_NOT_FOUND);
    assertCode(() -> citizens.status(null), ErrorCode.REQUEST_NOT_FOUND);
    assertCode(() -> citizens.submitCode("'; DROP TABLE x; --", "3331234567", "123456"), ErrorCode.REQUEST_NOT_FOUND);
    assertCode(() -> citizens.progress("AAAAAAAAAAAAAAAAAAAAA!"), ErrorCode.REQUEST_NOT_FOUND);
    assertThat(CitizenService.referenceOf("x")).isEmpty();
    assertThat(CitizenService.referenceOf(null)).isEmpty();
  }

  @Test
  void theReferenceOfARequestIdIsWhatTheEvidenceNames() {
    StartedRequest started = start(CitizenAction.REGISTER, ProofMethod.CALL, null, "3331234567");
    String ref = CitizenService.referenceOf(started.requestId()).orElseThrow();
    assertThat(ref).isEqualTo(Secrets.refOf(started.requestId())).isNotEqualTo(started.requestId());
    IvrOutcome proven = citizens.ivrCall("+393331234567", "+" + started.challenges().get(0).callTo(), START);
    assertThat(proven.requestRef()).isEqualTo(ref);
  }

  @Test
  void badRequestsAreRefusedWithStableCodes() {
    assertCode(() -> start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null,
        "3331000001", "3331000002", "3331000003", "3331000004", "3331000005", "3331000006"), ErrorCode.TOO_MANY_NUMBERS);
    assertCode(() -> start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null, "3331234567", "12"), ErrorCode.NUMBER_INVALID);
    assertCode(() -> start(CitizenAction.REGISTER, ProofMethod.CALL, null, "+44 20 7946 0958"), ErrorCode.NUMBER_FOREIGN);
    assertCode(() -> start(CitizenAction.REGISTER, ProofMethod.CALL, null, "800 123 456"), ErrorCode.NUMBER_NOT_ELIGIBLE);
    assertCode(() -> start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null, "06 1234 5678"), ErrorCode.SMS_NOT_POSSIBLE);
    assertCode(() -> start(CitizenAction.ALLOW, ProofMethod.SMS_CODE, null, "3331234567"), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> start(CitizenAction.ALLOW, ProofMethod.SMS_CODE, "ac\nme", "3331234567"), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, ACME, "3331234567"), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> start(CitizenAction.REGISTER, null, null, "3331234567"), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> citizens.start(new CitizenRequest(
        CitizenAction.REGISTER, List.of("3331234567"), null, ProofMethod.SMS_CODE, Channel.IMPORT)), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> citizens.start(new CitizenRequest(
        CitizenAction.REGISTER, List.of(), null, ProofMethod.SMS_CODE, Channel.WEB)), ErrorCode.INVALID_ARGUMENT);
    assertThat(outbox.latest(10)).as("no SMS for a refused request").isEmpty();
    // The same number twice is one number.
    assertThat(start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null, "3331234567", "+393331234567").challenges())
        .hasSize(1);
  }

  @Test
  void aNumberGetsALimitedNumberOfRequestsPerWindow() {
    for (int i = 0; i < config.maxRequestsPerWindow(); i++) {
      start(CitizenAction.STATUS, ProofMethod.SMS_CODE, null, "3331234567");
    }
    assertCode(() -> start(CitizenAction.STATUS, ProofMethod.SMS_CODE, null, "3331234567"), ErrorCode.TOO_MANY_REQUESTS);
    assertCode(() -> start(CitizenAction.STATUS, ProofMethod.SMS_CODE, null, "3471112222", "3331234567"),
        ErrorCode.TOO_MANY_REQUESTS);
    assertThat(outbox.latest(100)).hasSize(config.maxRequestsPerWindow());
    clock.advance(config.rateWindow().plusSeconds(1));
    start(CitizenAction.STATUS, ProofMethod.SMS_CODE, null, "3331234567");
  }

  @Test
  void aGatewayFailureIsReportedAsSmsUnavailable() {
    CitizenService failing = service(config, (to, text) -> {
      throw new IllegalStateException("provider down");
    });
    assertCode(() -> failing.start(new CitizenRequest(
        CitizenAction.REGISTER, List.of("3331234567"), null, ProofMethod.SMS_CODE, Channel.WEB)), ErrorCode.SMS_UNAVAILABLE);
  }

  // --- call proof and the IVR webhook ---

  @Test
  void aCallFromTheLineToTheShownNumberWithinTheWindowProvesIt() {
    StartedRequest started = start(CitizenAction.REGISTER, ProofMethod.CALL, null, "06 1234 5678", "333 123 4567");
    assertThat(started.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    assertThat(started.challenges()).allSatisfy(c -> assertThat(config.proofLines()).contains(c.callTo()));
    assertThat(outbox.latest(10)).isEmpty();
    long callTo = started.challenges().get(0).callTo();

    IvrOutcome first = citizens.ivrCall("+39 06 1234 5678", "+" + callTo, START.plus(Duration.ofMinutes(2)));
    assertThat(first.kind()).isEqualTo(IvrOutcome.Kind.PROVEN);
    assertThat(first.requestRef()).isEqualTo(Secrets.refOf(started.requestId()));
    assertThat(first.sequence()).isZero();
    assertCode(() -> citizens.status(started.requestId()), ErrorCode.PROOF_REQUIRED);

    IvrOutcome second = citizens.ivrCall(
        "00393331234567", "+" + started.challenges().get(1).callTo(), START.plus(Duration.ofMinutes(5)));
    assertThat(second.kind()).isEqualTo(IvrOutcome.Kind.PROVEN);
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(citizens.progress(started.requestId()).state()).isEqualTo(RequestProgress.State.DONE);
    RequestStatus status = citizens.status(started.requestId());
    assertThat(status.numbers()).extracting(RequestStatus.NumberStatus::registered).containsExactly(true, true);
    assertThat(history(FIXED)).singleElement().satisfies(e -> {
      assertThat(e.evidence()).isEqualTo("ivr:" + first.callId());
      assertThat(e.channel()).isEqualTo(Channel.WEB);
    });
    assertThat(history(MOBILE).get(0).evidence()).isEqualTo("ivr:" + second.callId());
    assertThatThrownBy(() -> citizens.submitCode(started.requestId(), "0612345678", "123456"))
        .isInstanceOfSatisfying(DncException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void aCallAfterTheWindowIsTooLate() {
    StartedRequest started = start(CitizenAction.REGISTER, ProofMethod.CALL, null, "06 1234 5678");
    long callTo = started.challenges().get(0).callTo();
    clock.advance(Duration.ofMinutes(6));
    IvrOutcome late = citizens.ivrCall("+390612345678", "+" + callTo, clock.instant());
    assertThat(late.kind()).isEqualTo(IvrOutcome.Kind.TOO_LATE);
    assertThat(citizens.progress(started.requestId()).state()).isEqualTo(RequestProgress.State.EXPIRED);
    assertCode(() -> citizens.status(started.requestId()), ErrorCode.REQUEST_EXPIRED);
    assertThat(history(FIXED)).isEmpty();
  }

  @Test
  void aCallFromAnotherLineOrToAnotherNumberProvesNothing() {
    StartedRequest started = start(CitizenAction.STATUS, ProofMethod.CALL, null, "06 1234 5678");
    long callTo = started.challenges().get(0).callTo();
    Instant at = START.plus(Duration.ofMinutes(1));
    assertThat(citizens.ivrCall("+393331234567", "+" + callTo, at).kind()).isEqualTo(IvrOutcome.Kind.NO_MATCH);
    long otherLine = config.proofLines().stream().filter(l -> l != callTo).findFirst().orElseThrow();
    assertThat(citizens.ivrCall("+390612345678", "+" + otherLine, at).kind()).isEqualTo(IvrOutcome.Kind.NO_MATCH);
    assertThat(citizens.ivrCall("+390612345678", "+390699999999", at).kind()).isEqualTo(IvrOutcome.Kind.NO_MATCH);
    assertThat(citizens.ivrCall(null, "+" + callTo, at).kind()).isEqualTo(IvrOutcome.Kind.CALLER_UNUSABLE);
    assertThat(citizens.ivrCall("anonymous", "+" + callTo, at).kind()).isEqualTo(IvrOutcome.Kind.CALLER_UNUSABLE);
    assertCode(() -> citizens.status(started.requestId()), ErrorCode.PROOF_REQUIRED);
  }

  @Test
  void eachPendingCallProofOfALineGetsItsOwnNumberSoACallProvesOneRequest() {
    // Someone else starts a request for the victim's line; the victim's own call must not prove it.
    StartedRequest intruder = start(CitizenAction.STATUS, ProofMethod.CALL, null, "06 1234 5678");
    StartedRequest owner = start(CitizenAction.STATUS, ProofMethod.CALL, null, "06 1234 5678");
    long ownerLine = owner.challenges().get(0).callTo();
    assertThat(ownerLine).isNotEqualTo(intruder.challenges().get(0).callTo());
    assertThat(citizens.ivrCall("+390612345678", "+" + ownerLine, START).kind()).isEqualTo(IvrOutcome.Kind.PROVEN);
    assertThat(citizens.status(owner.requestId()).numbers()).hasSize(1);
    assertCode(() -> citizens.status(intruder.requestId()), ErrorCode.PROOF_REQUIRED);

    // With every proof line taken by pending requests, no further call proof can start.
    CitizenService service = service(generous(), outbox);
    CitizenRequest another = new CitizenRequest(
        CitizenAction.STATUS, List.of("06 1234 5678"), null, ProofMethod.CALL, Channel.WEB);
    List<Long> lines = new ArrayList<>();
    for (int i = 1; i < config.proofLines().size(); i++) {
      lines.add(service.start(another).challenges().get(0).callTo());
    }
    assertThat(lines).as("the proven request's line is free again").contains(ownerLine)
        .doesNotContain(intruder.challenges().get(0).callTo()).doesNotHaveDuplicates();
    assertThatThrownBy(() -> service.start(another)).isInstanceOfSatisfying(DncException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
      assertThat(e.getMessage()).contains("waiting for a call");
    });
    clock.advance(config.callWindow());
    assertThat(service.start(another).challenges()).hasSize(1);
  }

  @Test
  void aCallToTheRegistersOwnNumberRegistersTheLineDirectly() {
    String registerLine = "+" + config.registerLine();
    Instant at = START.minusSeconds(3);
    IvrOutcome registered = citizens.ivrCall("+39 333 1234567", registerLine, at);
    assertThat(registered.kind()).isEqualTo(IvrOutcome.Kind.REGISTERED);
    assertThat(registered.sequence()).isEqualTo(1);
    assertThat(register.view().isRegistered(MOBILE)).isTrue();
    assertThat(history(MOBILE)).singleElement().satisfies(e -> {
      assertThat(e.channel()).isEqualTo(Channel.PHONE);
      assertThat(e.evidence()).isEqualTo("ivr:" + registered.callId());
      assertThat(e.at()).isEqualTo(at);
    });

    // The platform retries the same report: one call, no second event.
    IvrOutcome retried = citizens.ivrCall("+39 333 1234567", registerLine, at);
    assertThat(retried).isEqualTo(registered);
    assertThat(history(MOBILE)).hasSize(1);

    IvrOutcome renewed = citizens.ivrCall("+39 333 1234567", registerLine, START.plusSeconds(60));
    assertThat(renewed.kind()).isEqualTo(IvrOutcome.Kind.RENEWED);
    assertThat(history(MOBILE)).extracting(RegisterEvent::type).containsExactly(EventType.REGISTER, EventType.RENEW);
    // A call time in the future counts as now.
    assertThat(history(MOBILE).get(1).at()).isEqualTo(START);

    assertThat(citizens.ivrCall("", registerLine, START).kind()).isEqualTo(IvrOutcome.Kind.CALLER_UNUSABLE);
    assertThat(citizens.ivrCall("+44 20 7946 0958", registerLine, START).kind()).isEqualTo(IvrOutcome.Kind.CALLER_UNUSABLE);
    assertThat(citizens.ivrCall("+39 800 123 456", registerLine, START).kind()).isEqualTo(IvrOutcome.Kind.CALLER_UNUSABLE);
  }

  // --- exactly once ---

  @Test
  void concurrentProofsOfTheLastLinesRecordTheActionOnce() throws Exception {
    StartedRequest started = start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null, "3331234567", "3471112222");
    Map<Long, String> codes = codes();
    List<Thread> threads = new ArrayList<>();
    for (StartedRequest.Challenge challenge : started.challenges()) {
      for (int copy = 0; copy < 2; copy++) {
        threads.add(new Thread(() ->
            citizens.submitCode(started.requestId(), "+" + challenge.e164(), codes.get(challenge.e164()))));
      }
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(citizens.progress(started.requestId()).state()).isEqualTo(RequestProgress.State.DONE);
    assertThat(history(MOBILE)).hasSize(1);
    assertThat(history(OTHER_MOBILE)).hasSize(1);
  }

  @Test
  void aRecordingInterruptedBeforeTheAppendIsRedoneOnceTheClaimIsStale() {
    StartedRequest started = start(CitizenAction.REGISTER, ProofMethod.CALL, null, "3331234567");
    String ref = Secrets.refOf(started.requestId());
    CitizenStore store = register.store().citizens();
    // As if a node proved the line, claimed the request and died before appending.
    store.markProven(ref, MOBILE, START, "ivr:crashed-call");
    assertThat(store.changeState(ref, "PENDING", "APPLYING", START)).isTrue();
    assertCode(() -> citizens.status(started.requestId()), ErrorCode.PROOF_REQUIRED);
    assertThat(history(MOBILE)).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    RequestStatus status = citizens.status(started.requestId());
    assertThat(status.numbers().get(0).registered()).isTrue();
    assertThat(history(MOBILE)).singleElement().extracting(RegisterEvent::evidence).isEqualTo("ivr:crashed-call");
  }

  @Test
  void aRecordingInterruptedAfterTheAppendIsFinishedWithoutAppendingAgain() {
    StartedRequest started = start(CitizenAction.REGISTER, ProofMethod.SMS_CODE, null, "3331234567");
    String ref = Secrets.refOf(started.requestId());
    CitizenStore store = register.store().citizens();
    store.markProven(ref, MOBILE, START, "sms-otp:" + ref);
    store.changeState(ref, "PENDING", "APPLYING", START);
    long sequence = register.append(List.of(RegisterEvent.of(
        MOBILE, EventType.REGISTER, null, START, Channel.WEB, "sms-otp:" + ref))).get(0).sequence();

    clock.advance(Duration.ofMinutes(2));
    RequestStatus status = citizens.status(started.requestId());
    assertThat(status.firstSequence()).isEqualTo(sequence);
    assertThat(status.lastSequence()).isEqualTo(sequence);
    assertThat(history(MOBILE)).hasSize(1);
  }
}
