package org.opendnc.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendnc.audit.AuditSources.CheckReceipt;
import org.opendnc.core.index.NumberSet;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.store.OperatorListStore.CallingNumber;
import org.opendnc.store.OperatorListStore.DoNotContactEntry;

/** A hand-written audit: register events, receipts, declarations, consents and calls, in memory. */
final class TestingScenario {

  final Profile profile;
  final NumberParser parser;
  final List<RegisterEvent> events = new ArrayList<>();
  final List<CheckReceipt> receipts = new ArrayList<>();
  final List<CallingNumber> callingNumbers = new ArrayList<>();
  final List<DoNotContactEntry> doNotContact = new ArrayList<>();
  final TestingConsents consents = new TestingConsents();
  final CallRecords.Builder calls = new CallRecords.Builder();
  private long sequence;

  TestingScenario(String profileCode) {
    this.profile = Profile.forCode(profileCode);
    this.parser = NumberParser.forRegion(profile.region());
  }

  static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  long number(String text) {
    long e164 = parser.parseE164(text);
    if (e164 == NumberParser.INVALID) {
      throw new IllegalArgumentException("not a number: " + text);
    }
    return e164;
  }

  TestingScenario event(EventType type, String number, String operator, String at) {
    events.add(new RegisterEvent(++sequence, number(number), type, operator, at(at), Channel.WEB, null));
    return this;
  }

  TestingScenario receipt(String id, String operator, String at, String... callable) {
    NumberSet set = new NumberSet();
    for (String number : callable) {
      set.add(number(number));
    }
    receipts.add(new CheckReceipt(id, operator, at(at), set));
    return this;
  }

  TestingScenario declare(String operator, String number, String from, String until) {
    callingNumbers.add(new CallingNumber(operator, CallerIds.parse(number, parser), at(from), until == null ? null : at(until)));
    return this;
  }

  TestingScenario doNotContact(String operator, String number, String added, String refused) {
    doNotContact.add(new DoNotContactEntry(operator, number(number), at(added), refused == null ? null : at(refused), null));
    return this;
  }

  TestingScenario consent(String id, String operator, String number, String given, String withdrawn) {
    consents.consents.computeIfAbsent(operator + "|" + number(number), k -> new ArrayList<>())
        .add(new ConsentEvidence.Consent(id, at(given), withdrawn == null ? null : at(withdrawn)));
    return this;
  }

  TestingScenario contract(String id, String operator, String number, String start, String end) {
    consents.contracts.computeIfAbsent(operator + "|" + number(number), k -> new ArrayList<>())
        .add(new ConsentEvidence.Contract(id, at(start), end == null ? null : at(end)));
    return this;
  }

  TestingScenario call(String id, String operator, String callerId, String callee, String at, String outcome,
      String origin) {
    calls.add(id, operator, CallerIds.parse(callerId, parser), number(callee), at(at), 60, outcome, "spring", origin);
    return this;
  }

  AuditSources sources() {
    return AuditSources.inMemory(events, receipts, callingNumbers, doNotContact, consents);
  }

  AuditResult run() {
    return new CallAudit(profile, line -> {}).run(calls.build(), sources());
  }

  /** Consents and contracts by "operator|e164". */
  static final class TestingConsents implements ConsentEvidence {
    final Map<String, List<Consent>> consents = new HashMap<>();
    final Map<String, List<Contract>> contracts = new HashMap<>();

    @Override
    public List<Consent> consentsOf(String operator, long e164) {
      return consents.getOrDefault(operator + "|" + e164, List.of());
    }

    @Override
    public List<Contract> contractsOf(String operator, long e164) {
      return contracts.getOrDefault(operator + "|" + e164, List.of());
    }
  }
}
