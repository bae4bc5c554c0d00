package org.opendnc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opendnc.core.register.EventType.ALLOW;
import static org.opendnc.core.register.EventType.CANCEL;
import static org.opendnc.core.register.EventType.DISALLOW;
import static org.opendnc.core.register.EventType.REGISTER;
import static org.opendnc.core.register.EventType.RENEW;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit's rules on hand-worked cases: one call each (Italy unless named), with the reasons
 * and the evidence worked out by hand from shared/DOMAIN.md.
 */
class HandWorkedAuditTest {

  static final String N = "333 123 4567";
  static final String CALLER = "06 1234 5678";
  /** Tuesday 10 March 2026, 10:00 in Rome (CET). */
  static final String T = "2026-03-10T10:00:00+01:00";

  record Case(String name, Consumer<TestingScenario> setup, String call, String callerId, String origin,
      String reasons, String evidence) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The operator acme, its declared number and a check that found N callable 5 days before T. */
  static TestingScenario base() {
    return new TestingScenario("IT")
        .declare("acme", CALLER, "2025-01-01T00:00:00Z", null)
        .receipt("R-ok", "acme", "2026-03-05T09:00:00+01:00", N);
  }

  /** Like base() but without any check. */
  static TestingScenario unchecked() {
    return new TestingScenario("IT").declare("acme", CALLER, "2025-01-01T00:00:00Z", null);
  }

  static Case lawful(String name, Consumer<TestingScenario> setup, String call) {
    return new Case(name, setup, call, CALLER, null, "", null);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("not registered, checked, declared caller: lawful", s -> s.events.clear(), T, CALLER, null, "", "receipt:R-ok"),
        new Case("opposed, no consent, no check", s -> s.receipts.clear(), T, CALLER, null,
            "OPPOSED_NO_CONSENT;NO_VALID_CHECK", "event:1"),
        new Case("opposed, but a check within 15 days found it callable (it protects)", s -> {}, T, CALLER, null,
            "", "event:1;receipt:R-ok"),
        new Case("registered only after the call", s -> s.events.clear(), T, CALLER, null, "", "receipt:R-ok"),
        new Case("registration later than the call time is ignored", s -> {
          s.events.clear();
          s.event(REGISTER, N, null, "2026-03-11T09:00:00+01:00");
        }, T, CALLER, null, "", "receipt:R-ok"),
        new Case("consent given after the registration", s -> {
          s.receipts.clear();
          s.consent("C-after", "acme", N, "2026-02-01T12:00:00+01:00", null);
        }, T, CALLER, null, "NO_VALID_CHECK", "event:1;consent:C-after"),
        new Case("consent given before the registration is revoked by it", s -> {
          s.receipts.clear();
          s.consent("C-before", "acme", N, "2025-06-01T12:00:00+02:00", null);
        }, T, CALLER, null, "CONSENT_REVOKED_BY_REGISTRATION;NO_VALID_CHECK", "event:1;consent:C-before"),
        new Case("consent between REGISTER and RENEW is revoked by the RENEW", s -> {
          s.receipts.clear();
          s.consent("C-mid", "acme", N, "2026-01-15T12:00:00+01:00", null);
          s.event(RENEW, N, null, "2026-02-10T09:00:00+01:00");
        }, T, CALLER, null, "CONSENT_REVOKED_BY_REGISTRATION;NO_VALID_CHECK", "event:2;consent:C-mid"),
        new Case("consent after the registration but withdrawn before the call", s -> {
          s.receipts.clear();
          s.consent("C-gone", "acme", N, "2026-02-01T12:00:00+01:00", "2026-03-01T12:00:00+01:00");
        }, T, CALLER, null, "OPPOSED_NO_CONSENT;NO_VALID_CHECK", "event:1"),
        new Case("consent of another operator does not count", s -> {
          s.receipts.clear();
          s.consent("C-other", "other", N, "2026-02-01T12:00:00+01:00", null);
        }, T, CALLER, null, "OPPOSED_NO_CONSENT;NO_VALID_CHECK", "event:1"),
        new Case("contract ended 29 days ago", s -> {
          s.receipts.clear();
          s.contract("K-29", "acme", N, "2024-01-01T00:00:00+01:00", "2026-02-09T10:00:00+01:00");
        }, T, CALLER, null, "NO_VALID_CHECK", "event:1;contract:K-29"),
        new Case("contract ended 31 days ago", s -> {
          s.receipts.clear();
          s.contract("K-31", "acme", N, "2024-01-01T00:00:00+01:00", "2026-02-07T10:00:00+01:00");
        }, T, CALLER, null, "OPPOSED_NO_CONSENT;NO_VALID_CHECK", "event:1"),
        new Case("active contract", s -> {
          s.receipts.clear();
          s.contract("K-open", "acme", N, "2025-01-01T00:00:00+01:00", null);
        }, T, CALLER, null, "NO_VALID_CHECK", "event:1;contract:K-open"),
        new Case("check 14 days old", s -> {
          s.receipts.clear();
          s.receipt("R-14", "acme", "2026-02-24T10:00:00+01:00", N);
        }, T, CALLER, null, "", "event:1;receipt:R-14"),
        new Case("check 16 days old", s -> {
          s.receipts.clear();
          s.receipt("R-16", "acme", "2026-02-22T10:00:00+01:00", N);
        }, T, CALLER, null, "OPPOSED_NO_CONSENT;NO_VALID_CHECK", "event:1"),
        new Case("check after the call does not cover it", s -> {
          s.receipts.clear();
          s.events.clear();
          s.receipt("R-later", "acme", "2026-03-10T11:00:00+01:00", N);
        }, T, CALLER, null, "NO_VALID_CHECK", null),
        new Case("check that did not find the number callable", s -> {
          s.receipts.clear();
          s.events.clear();
          s.receipt("R-other", "acme", "2026-03-05T09:00:00+01:00", "333 765 4321");
        }, T, CALLER, null, "NO_VALID_CHECK", null),
        new Case("check of another operator", s -> {
          s.receipts.clear();
          s.events.clear();
          s.receipt("R-x", "other", "2026-03-05T09:00:00+01:00", N);
        }, T, CALLER, null, "NO_VALID_CHECK", null),
        new Case("ALLOW for this operator lifts the opposition", s -> {
          s.receipts.clear();
          s.event(ALLOW, N, "acme", "2026-02-01T09:00:00+01:00");
        }, T, CALLER, null, "NO_VALID_CHECK", "event:1;event:2"),
        new Case("ALLOW for another operator only", s -> {
          s.receipts.clear();
          s.event(ALLOW, N, "other", "2026-02-01T09:00:00+01:00");
        }, T, CALLER, null, "OPPOSED_NO_CONSENT;NO_VALID_CHECK", "event:1"),
        new Case("ALLOW then DISALLOW", s -> {
          s.receipts.clear();
          s.event(ALLOW, N, "acme", "2026-02-01T09:00:00+01:00");
          s.event(DISALLOW, N, "acme", "2026-02-15T09:00:00+01:00");
        }, T, CALLER, null, "OPPOSED_NO_CONSENT;NO_VALID_CHECK", "event:1"),
        new Case("ALLOW before a RENEW is reset by it", s -> {
          s.receipts.clear();
          s.event(ALLOW, N, "acme", "2026-02-01T09:00:00+01:00");
          s.event(RENEW, N, null, "2026-02-15T09:00:00+01:00");
        }, T, CALLER, null, "OPPOSED_NO_CONSENT;NO_VALID_CHECK", "event:3"),
        new Case("registered then cancelled before the call", s -> s.event(CANCEL, N, null, "2026-03-01T09:00:00+01:00"),
            T, CALLER, null, "", "event:2;receipt:R-ok"),
        new Case("Tuesday 19:59:59", s -> s.events.clear(), "2026-03-10T19:59:59+01:00", CALLER, null, "", null),
        new Case("Tuesday 20:00:00", s -> s.events.clear(), "2026-03-10T20:00:00+01:00", CALLER, null,
            "OUTSIDE_CALLING_HOURS", null),
        new Case("Tuesday 08:59:59", s -> s.events.clear(), "2026-03-10T08:59:59+01:00", CALLER, null,
            "OUTSIDE_CALLING_HOURS", null),
        new Case("20:00 in Rome given as 19:00Z", s -> s.events.clear(), "2026-03-10T19:00:00Z", CALLER, null,
            "OUTSIDE_CALLING_HOURS", null),
        new Case("Saturday 18:59:59", s -> s.events.clear(), "2026-03-07T18:59:59+01:00", CALLER, null, "", null),
        new Case("Saturday 19:00:00", s -> s.events.clear(), "2026-03-07T19:00:00+01:00", CALLER, null,
            "OUTSIDE_CALLING_HOURS", null),
        new Case("Sunday 11:00", s -> s.events.clear(), "2026-03-08T11:00:00+01:00", CALLER, null,
            "OUTSIDE_CALLING_HOURS", null),
        new Case("Easter Monday 11:00", s -> {
          s.events.clear();
          s.receipts.clear();
          s.receipt("R-easter", "acme", "2026-04-01T09:00:00+02:00", N);
        }, "2026-04-06T11:00:00+02:00", CALLER, null, "OUTSIDE_CALLING_HOURS", null),
        new Case("Friday before 25 April at 09:30 (day before a holiday: 10-19)", s -> {
          s.events.clear();
          s.receipts.clear();
          s.receipt("R-apr", "acme", "2026-04-20T09:00:00+02:00", N);
        }, "2026-04-24T09:30:00+02:00", CALLER, null, "OUTSIDE_CALLING_HOURS", null),
        new Case("caller ID withheld", s -> s.events.clear(), T, "", null, "CALLER_ID_WITHHELD", null),
        new Case("caller ID 'anonymous'", s -> s.events.clear(), T, "Anonymous", null, "CALLER_ID_WITHHELD", null),
        new Case("caller ID not declared", s -> s.events.clear(), T, "02 8765 4321", null, "CALLER_ID_UNDECLARED", null),
        new Case("caller ID declared by another operator", s -> {
          s.events.clear();
          s.declare("other", "02 8765 4321", "2025-01-01T00:00:00Z", null);
        }, T, "02 8765 4321", null, "CALLER_ID_UNDECLARED", null),
        new Case("caller ID declaration withdrawn before the call", s -> {
          s.events.clear();
          s.declare("acme", "02 8765 4321", "2025-01-01T00:00:00Z", "2026-03-01T00:00:00Z");
        }, T, "02 8765 4321", null, "CALLER_ID_UNDECLARED", null),
        new Case("caller ID declared only after the call", s -> {
          s.events.clear();
          s.declare("acme", "02 8765 4321", "2026-03-11T00:00:00Z", null);
        }, T, "02 8765 4321", null, "CALLER_ID_UNDECLARED", null),
        new Case("0844 prefix needs no declaration in IT", s -> s.events.clear(), T, "0844 123456", null, "", null),
        new Case("0843 prefix needs no declaration in IT", s -> s.events.clear(), T, "+39 0843 99887", null, "", null),
        new Case("caller ID that is not a number", s -> s.events.clear(), T, "CALLCENTER", null,
            "CALLER_ID_UNDECLARED", null),
        new Case("Italian caller ID on a call from Albania", s -> s.events.clear(), T, CALLER, "AL",
            "SPOOFED_FROM_ABROAD", null),
        new Case("Italian caller ID on a call from Italy", s -> s.events.clear(), T, CALLER, "IT", "", null),
        new Case("Albanian caller ID from Albania, declared", s -> {
          s.events.clear();
          s.declare("acme", "+355 4 222 3333", "2025-01-01T00:00:00Z", null);
        }, T, "+355 4 222 3333", "al", "", null),
        new Case("on the internal do-not-contact list before the call", s -> {
          s.events.clear();
          s.doNotContact("acme", N, "2026-03-01T09:00:00+01:00", "2026-02-28T15:00:00+01:00");
        }, T, CALLER, null, "INTERNAL_DNC", null),
        new Case("refusal before the call, entered on the list only after it", s -> {
          s.events.clear();
          s.doNotContact("acme", N, "2026-03-20T09:00:00+01:00", "2026-03-09T15:00:00+01:00");
        }, T, CALLER, null, "INTERNAL_DNC", null),
        new Case("added to the list after the call", s -> {
          s.events.clear();
          s.doNotContact("acme", N, "2026-03-10T10:00:01+01:00", null);
        }, T, CALLER, null, "", null),
        new Case("on another operator's list", s -> {
          s.events.clear();
          s.doNotContact("other", N, "2026-03-01T09:00:00+01:00", null);
        }, T, CALLER, null, "", null),
        new Case("every code of a call at once", s -> {
          s.receipts.clear();
          s.doNotContact("acme", N, "2026-03-01T09:00:00+01:00", null);
        }, "2026-03-08T22:00:00+01:00", "", null,
            "OPPOSED_NO_CONSENT;NO_VALID_CHECK;OUTSIDE_CALLING_HOURS;CALLER_ID_WITHHELD;INTERNAL_DNC", "event:1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void handWorkedCase(Case c) {
    TestingScenario scenario = base();
    scenario.event(REGISTER, N, null, "2026-01-10T09:00:00+01:00");
    c.setup().accept(scenario);
    scenario.call("c1", "acme", c.callerId(), N, c.call(), "ANSWERED", c.origin());

    AuditResult result = scenario.run();

    assertThat(result.reasons(0)).as("reasons").isEqualTo(c.reasons());
    assertThat(result.verdict(0)).isEqualTo(c.reasons().isEmpty() ? "LAWFUL" : "VIOLATION");
    if (c.evidence() != null) {
      assertThat(result.evidence(0)).as("evidence").isEqualTo(c.evidence());
    }
  }

  /** FR: at most 4 calls in 30 days per firm and number; the 5th is flagged, other firms apart. */
  @Test
  void frenchFrequencyCap() {
    TestingScenario s = new TestingScenario("FR")
        .declare("acme", "01 23 45 67 89", "2025-01-01T00:00:00Z", null)
        .declare("other", "01 98 76 54 32", "2025-01-01T00:00:00Z", null)
        .receipt("R", "acme", "2026-03-01T09:00:00+01:00", "06 12 34 56 78")
        .receipt("R2", "other", "2026-03-01T09:00:00+01:00", "06 12 34 56 78")
        .receipt("R3", "acme", "2026-03-25T09:00:00+01:00", "06 12 34 56 78");
    String[] days = {"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09"};
    for (int i = 0; i < days.length; i++) {
      s.call("a" + i, "acme", "01 23 45 67 89", "06 12 34 56 78", days[i] + "T11:00:00+01:00", "NO_ANSWER", null);
    }
    s.call("o1", "other", "01 98 76 54 32", "06 12 34 56 78", "2026-03-06T11:30:00+01:00", "NO_ANSWER", null);
    s.call("late", "acme", "01 23 45 67 89", "06 12 34 56 78", "2026-04-01T11:00:00+02:00", "NO_ANSWER", null);

    AuditResult result = s.run();

    assertThat(reasonsById(result)).containsExactly(
        "a0=", "a1=", "a2=", "a3=", "a4=FREQUENCY_CAP", "a5=FREQUENCY_CAP", "o1=", "late=FREQUENCY_CAP");
  }

  /** FR: no call for 60 days after a refusal (a call answered REFUSED), then calls are fine again. */
  @Test
  void frenchQuietPeriodAfterARefusal() {
    TestingScenario s = new TestingScenario("FR")
        .declare("acme", "01 23 45 67 89", "2025-01-01T00:00:00Z", null)
        .receipt("R1", "acme", "2026-03-01T09:00:00+01:00", "06 12 34 56 78")
        .receipt("R2", "acme", "2026-04-25T09:00:00+02:00", "06 12 34 56 78")
        .receipt("R3", "acme", "2026-05-10T09:00:00+02:00", "06 12 34 56 78");
    s.call("refused", "acme", "01 23 45 67 89", "06 12 34 56 78", "2026-03-02T11:00:00+01:00", "refused", null);
    s.call("day59", "acme", "01 23 45 67 89", "06 12 34 56 78", "2026-04-30T11:00:00+02:00", "NO_ANSWER", null);
    s.call("day61", "acme", "01 23 45 67 89", "06 12 34 56 78", "2026-05-12T11:00:00+02:00", "NO_ANSWER", null);

    assertThat(reasonsById(s.run())).containsExactly("refused=", "day59=FREQUENCY_CAP", "day61=");
  }

  /** FR calling hours: lunch break and Saturday; the US profile has no such rule at 13:30. */
  @Test
  void frenchLunchBreak() {
    TestingScenario s = new TestingScenario("FR")
        .declare("acme", "01 23 45 67 89", "2025-01-01T00:00:00Z", null)
        .receipt("R", "acme", "2026-03-01T09:00:00+01:00", "06 12 34 56 78");
    s.call("lunch", "acme", "01 23 45 67 89", "06 12 34 56 78", "2026-03-03T13:30:00+01:00", null, null);
    s.call("saturday", "acme", "01 23 45 67 89", "06 12 34 56 78", "2026-03-07T11:00:00+01:00", null, null);
    assertThat(reasonsById(s.run())).containsExactly("lunch=OUTSIDE_CALLING_HOURS", "saturday=OUTSIDE_CALLING_HOURS");
  }

  /** US: a number whose zone is unknown is flagged only when outside the hours in every US zone. */
  @Test
  void usHoursInTheCalleesZone() {
    TestingScenario s = new TestingScenario("US")
        .declare("acme", "(202) 555-0188", "2025-01-01T00:00:00Z", null)
        .receipt("R", "acme", "2026-03-01T09:00:00-05:00", "(213) 555-0100", "(212) 555-0100", "(541) 754-3010");
    // 22:30 in New York is 19:30 in Los Angeles.
    s.call("la", "acme", "(202) 555-0188", "(213) 555-0100", "2026-03-03T22:30:00-05:00", null, null);
    s.call("ny", "acme", "(202) 555-0188", "(212) 555-0100", "2026-03-03T22:30:00-05:00", null, null);
    s.call("oregon-unknown-zone", "acme", "(202) 555-0188", "(541) 754-3010", "2026-03-03T22:30:00-05:00", null, null);
    s.call("everywhere-late", "acme", "(202) 555-0188", "(541) 754-3010", "2026-03-04T04:30:00-05:00", null, null);
    assertThat(reasonsById(s.run())).containsExactly(
        "la=", "ny=OUTSIDE_CALLING_HOURS", "oregon-unknown-zone=", "everywhere-late=OUTSIDE_CALLING_HOURS");
  }

  static List<String> reasonsById(AuditResult result) {
    return java.util.stream.IntStream.range(0, result.size())
        .mapToObj(i -> result.calls().callId(i) + "=" + result.reasons(i)).toList();
  }
}
