package org.opendnc.audit;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.opendnc.audit.AuditSources.CheckReceipt;
import org.opendnc.audit.ConsentEvidence.Consent;
import org.opendnc.audit.ConsentEvidence.Contract;
import org.opendnc.core.index.NumberTable;
import org.opendnc.core.number.E164Numbers;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.FrequencyCap;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.profile.ProfileRules;
import org.opendnc.core.register.EventType;

/**
 * Judges call records against the register's history at call time and the rest of the evidence
 * (shared/DOMAIN.md, "Deciding whether a call was lawful"), in bulk. One instance per audit;
 * {@link #run} may use several threads.
 */
public final class CallAudit {

  /*
   * Bulk evaluation (decision 0016). Asking the store for each call's history would be one query
   * per call; instead every source is read once:
   * 1. The called numbers get dense indexes (fastutil's Long2IntOpenHashMap), and the calls are grouped by number
   *    (a counting sort), each group ordered by time.
   * 2. The event log is streamed once (EventLog.scan, in sequence ranges read by several threads);
   *    the events of called numbers are kept in columns on another thread (EventScan) and grouped
   *    by number the same way, each group then put back in sequence order. Events of numbers nobody called are dropped as they stream past, so memory
   *    is proportional to the called numbers' history, not to the register.
   * 3. Receipts are loaded per operator for the calls' time range (plus the validity), each with
   *    its callable set; declarations and do-not-contact entries once.
   * 4. Calls are judged in file order, in parallel chunks. For one call at t by O the number's
   *    events (contiguous after grouping) are replayed up to t (OppositionHistory's rule: events
   *    with at <= t, in sequence order), so
   *    each call costs O(events of its number + earlier calls of its number), and the whole audit
   *    O(calls + events + receipts looked up), independent of the register's size beyond the scan.
   * Times are epoch nanoseconds throughout.
   */

  private static final int CHUNK_CALLS = 16_384;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Profile profile;
  private final ProfileRules rules;
  private final int countryCode;
  private final Consumer<String> progress;

  /**
   * @param profile the rules to apply
   * @param progress receives a line per phase (may be {@code s -> {}})
   */
  public CallAudit(Profile profile, Consumer<String> progress) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.rules = profile.rules();
    this.countryCode = NumberParser.forRegion(profile.region()).countryCode();
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** Audits every call. */
  public AuditResult run(CallRecords calls, AuditSources sources) {
    long start = System.nanoTime();
    int n = calls.size;
    Names operators = calls.operatorNames;

    // 1. Called numbers and calls grouped by number, by time.
    Long2IntOpenHashMap numberIndex = DenseIndexes.map(Math.max(16, n / 2));
    int[] callNumber = new int[n];
    for (int i = 0; i < n; i++) {
      callNumber[i] = DenseIndexes.indexOf(numberIndex, calls.callees[i]);
    }
    int numbers = numberIndex.size();
    int[] callStart = new int[numbers + 1];
    int[] callOrder = groupBy(callNumber, numbers, callStart);
    for (int k = 0; k < numbers; k++) {
      sortByTime(callOrder, callStart[k], callStart[k + 1], calls.started);
    }
    long minTime = n == 0 ? 0 : Long.MAX_VALUE;
    long maxTime = n == 0 ? 0 : Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      minTime = Math.min(minTime, calls.started[i]);
      maxTime = Math.max(maxTime, calls.started[i]);
    }
    progress.accept(String.format("%,d calls to %,d numbers grouped (%.1f s)", n, numbers, seconds(start)));

    // 2. The history of the called numbers.
    Events events = new Events(numbers);
    EventScan scan = new EventScan(numberIndex, operators, events);
    try {
      sources.events().forEach(scan);
    } catch (RuntimeException | Error e) {
      scan.abandon();
      throw e;
    }
    scan.finish();
    long[] registerVersion = {scan.registerVersion()};
    long[] scanned = {scan.scanned()};
    events.group();
    progress.accept(String.format("%,d register events scanned, %,d of called numbers kept (%.1f s)",
        scanned[0], events.size, seconds(start)));

    // 3. Receipts, declarations, do-not-contact entries.
    Receipts receipts = new Receipts(operators.size());
    long validityNanos = profile.checkValidity().toNanos();
    if (n > 0) {
      for (int o = 0; o < operators.size(); o++) {
        Instant from = Times.toInstant(minTime - validityNanos);
        Instant to = Times.toInstant(maxTime + 1);
        List<CheckReceipt> found = new ArrayList<>(sources.receipts().receiptsOf(operators.name(o), from, to));
        found.sort(java.util.Comparator.comparing(CheckReceipt::checkedAt));
        for (CheckReceipt receipt : found) {
          receipts.add(o, receipt);
        }
      }
    }
    Declarations declarations = new Declarations();
    sources.declarations().forEachCallingNumber(declared -> {
      int o = operators.find(declared.operator());
      if (o >= 0) {
        declarations.add(declared.e164(), o, Times.toNanos(declared.declaredAt()),
            declared.withdrawnAt() == null ? Long.MAX_VALUE : Times.toNanos(declared.withdrawnAt()));
      }
    });
    DoNotContact doNotContact = new DoNotContact();
    sources.declarations().forEachDoNotContact(entry -> {
      int o = operators.find(entry.operator());
      int k = numberIndex.get(entry.e164());
      if (o >= 0 && k >= 0) {
        doNotContact.add(k, o, Times.toNanos(entry.blockedFrom()),
            entry.refusedAt() == null ? Long.MIN_VALUE : Times.toNanos(entry.refusedAt()));
      }
    });
    progress.accept(String.format("%,d receipts, %,d declared calling numbers, %,d do-not-contact entries"
        + " of called numbers loaded (%.1f s)", receipts.count, declarations.count, doNotContact.size,
        seconds(start)));

    // 4. Judge, in file order (the call columns are read sequentially; the number's events, the
    // receipts and the declarations are looked up).
    AuditResult result = new AuditResult(profile, calls, receipts.ids, registerVersion[0]);
    int refused = calls.outcomeNames.find("REFUSED");
    int[] groupPosition = new int[n];
    for (int p = 0; p < n; p++) {
      groupPosition[callOrder[p]] = p;
    }
    Map<ZoneId, ZoneOffsets> offsets = new HashMap<>();
    long fromSecond = Math.floorDiv(minTime, NANOS_PER_SECOND) - 86_400;
    long untilSecond = Math.floorDiv(maxTime, NANOS_PER_SECOND) + 86_400;
    for (ZoneId zone : rules.zones().all()) {
      offsets.put(zone, new ZoneOffsets(zone, fromSecond, untilSecond));
    }
    for (ZoneId zone : rules.zones().byPrefix().values()) {
      offsets.computeIfAbsent(zone, z -> new ZoneOffsets(z, fromSecond, untilSecond));
    }
    Judge judge = new Judge(calls, events, receipts, declarations, doNotContact, sources.consents(),
        refused, result, callNumber, callOrder, callStart, groupPosition, offsets);
    int chunks = (n + CHUNK_CALLS - 1) / CHUNK_CALLS;
    IntStream.range(0, chunks).parallel().forEach(chunk -> {
      int to = Math.min(n, (chunk + 1) * CHUNK_CALLS);
      for (int c = chunk * CHUNK_CALLS; c < to; c++) {
        judge.judge(c);
      }
    });
    progress.accept(String.format("%,d calls judged (%.1f s)", n, seconds(start)));
    return result;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** A stable counting sort of positions by key: returns positions, fills {@code start}. */
  static int[] groupBy(int[] keys, int keyCount, int[] start) {
    int size = keys.length;
    return groupBy(keys, size, keyCount, start);
  }

  static int[] groupBy(int[] keys, int size, int keyCount, int[] start) {
    for (int i = 0; i < size; i++) {
      start[keys[i] + 1]++;
    }
    for (int k = 0; k < keyCount; k++) {
      start[k + 1] += start[k];
    }
    int[] next = Arrays.copyOf(start, keyCount);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[next[keys[i]]++] = i;
    }
    return order;
  }

  /** Sorts {@code order[from, to)} by time, then by position (stable). */
  private static void sortByTime(int[] order, int from, int to, long[] time) {
    for (int i = from + 1; i < to; i++) {
      int current = order[i];
      int j = i - 1;
      while (j >= from && (time[order[j]] > time[current]
          || (time[order[j]] == time[current] && order[j] > current))) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = current;
    }
  }

  /** The kept events in columns, grouped by number index after {@link #group}. */
  static final class Events {
    final int numbers;
    int size;
    int[] number = new int[1024];
    long[] sequence = new long[1024];
    byte[] type = new byte[1024];
    /** Interned operator; -1 for none, -2 for an operator without calls in this audit. */
    int[] operator = new int[1024];
    long[] at = new long[1024];
    int[] start;

    Events(int numbers) {
      this.numbers = numbers;
    }

    void add(int k, long seq, EventType eventType, int op, long atNanos) {
      if (size == number.length) {
        int capacity = size + (size >> 1);
        number = Arrays.copyOf(number, capacity);
        sequence = Arrays.copyOf(sequence, capacity);
        type = Arrays.copyOf(type, capacity);
        operator = Arrays.copyOf(operator, capacity);
        at = Arrays.copyOf(at, capacity);
      }
      number[size] = k;
      sequence[size] = seq;
      type[size] = (byte) eventType.ordinal();
      operator[size] = op;
      at[size] = atNanos;
      size++;
    }

    /** Reorders the columns so each number's events are contiguous, in sequence order. */
    void group() {
      start = new int[numbers + 1];
      int[] order = groupBy(number, size, numbers, start);
      long[] groupedSequence = new long[size];
      byte[] groupedType = new byte[size];
      int[] groupedOperator = new int[size];
      long[] groupedAt = new long[size];
      for (int e = 0; e < size; e++) {
        int from = order[e];
        groupedSequence[e] = sequence[from];
        groupedType[e] = type[from];
        groupedOperator[e] = operator[from];
        groupedAt[e] = at[from];
      }
      sequence = groupedSequence;
      type = groupedType;
      operator = groupedOperator;
      at = groupedAt;
      number = null;
      // Several readers may have interleaved a number's events: restore sequence order.
      for (int k = 0; k < numbers; k++) {
        for (int e = start[k] + 1; e < start[k + 1]; e++) {
          long s = sequence[e];
          byte ty = type[e];
          int op = operator[e];
          long a = at[e];
          int j = e - 1;
          while (j >= start[k] && sequence[j] > s) {
            sequence[j + 1] = sequence[j];
            type[j + 1] = type[j];
            operator[j + 1] = operator[j];
            at[j + 1] = at[j];
            j--;
          }
          sequence[j + 1] = s;
          type[j + 1] = ty;
          operator[j + 1] = op;
          at[j + 1] = a;
        }
      }
    }
  }

  /** Receipts per operator, by check time. */
  static final class Receipts {
    /** Per operator, by check time: when checked, the callable numbers, the global index. */
    final List<List<long[]>> checkedAt;
    final List<List<NumberTable>> callable;
    final List<String> ids = new ArrayList<>();
    long count;

    Receipts(int operators) {
      checkedAt = new ArrayList<>(operators);
      callable = new ArrayList<>(operators);
      for (int i = 0; i < operators; i++) {
        checkedAt.add(new ArrayList<>());
        callable.add(new ArrayList<>());
      }
    }

    /** Adds a receipt; receipts of one operator must come in ascending check time. */
    void add(int operator, CheckReceipt receipt) {
      checkedAt.get(operator).add(new long[] {Times.toNanos(receipt.checkedAt()), ids.size()});
      callable.get(operator).add(NumberTable.of(receipt.callable()));
      ids.add(receipt.id());
      count++;
    }
  }

  /** Do-not-contact entries of called numbers, chained per number index. */
  static final class DoNotContact {
    final Long2IntOpenHashMap heads = DenseIndexes.map(1024);
    int[] operator = new int[256];
    long[] blockedFrom = new long[256];
    long[] refusedAt = new long[256];
    int[] next = new int[256];
    int size;

    void add(int k, int op, long blocked, long refused) {
      if (size == operator.length) {
        operator = Arrays.copyOf(operator, size * 2);
        blockedFrom = Arrays.copyOf(blockedFrom, size * 2);
        refusedAt = Arrays.copyOf(refusedAt, size * 2);
        next = Arrays.copyOf(next, size * 2);
      }
      operator[size] = op;
      blockedFrom[size] = blocked;
      refusedAt[size] = refused;
      next[size] = heads.get(k + 1L);
      heads.put(k + 1L, size);
      size++;
    }

    int head(int k) {
      return size == 0 ? -1 : heads.get(k + 1L);
    }
  }

  /** Declared calling numbers: caller E.164 to (operator, from, until) triples. */
  static final class Declarations {
    final Map<Long, long[]> byCaller = new HashMap<>();
    long count;

    void add(long caller, int operator, long from, long until) {
      long[] previous = byCaller.get(caller);
      long[] next = previous == null ? new long[3] : Arrays.copyOf(previous, previous.length + 3);
      int at = next.length - 3;
      next[at] = operator;
      next[at + 1] = from;
      next[at + 2] = until;
      byCaller.put(caller, next);
      count++;
    }

    boolean isDeclared(long caller, int operator, long t) {
      long[] entries = byCaller.get(caller);
      if (entries == null) {
        return false;
      }
      for (int i = 0; i < entries.length; i += 3) {
        if (entries[i] == operator && entries[i + 1] <= t && t < entries[i + 2]) {
          return true;
        }
      }
      return false;
    }
  }

  /** Judges the calls of one number at a time; shared by the worker threads (no mutable state). */
  private final class Judge {
    private final CallRecords calls;
    private final Events events;
    private final Receipts receipts;
    private final Declarations declarations;
    private final DoNotContact doNotContact;
    private final ConsentEvidence consents;
    private final int refusedOutcome;
    private final AuditResult result;
    private final long validity = profile.checkValidity().toNanos();
    private final long grace = rules.contractGrace().toNanos();
    private final FrequencyCap cap = rules.frequencyCap();
    private final boolean unrestrictedHours = rules.callingHours().isUnrestricted();
    private final int[] callNumber;
    private final int[] callOrder;
    private final int[] callStart;
    private final int[] groupPosition;
    private final Map<ZoneId, ZoneOffsets> offsets;

    Judge(CallRecords calls, Events events, Receipts receipts, Declarations declarations,
        DoNotContact doNotContact, ConsentEvidence consents, int refusedOutcome, AuditResult result,
        int[] callNumber, int[] callOrder, int[] callStart, int[] groupPosition, Map<ZoneId, ZoneOffsets> offsets) {
      this.offsets = offsets;
      this.callNumber = callNumber;
      this.callOrder = callOrder;
      this.callStart = callStart;
      this.groupPosition = groupPosition;
      this.calls = calls;
      this.events = events;
      this.receipts = receipts;
      this.declarations = declarations;
      this.doNotContact = doNotContact;
      this.consents = consents;
      this.refusedOutcome = refusedOutcome;
      this.result = result;
    }

    void judge(int c) {
      int k = callNumber[c];
      long t = calls.started[c];
      int operator = calls.operators[c];
      long callee = calls.callees[c];
      int reasons = 0;

      // Opposition at t (OppositionHistory's rule on the kept events of this number).
      boolean registered = false;
      boolean allowed = false;
      long registrationSeq = 0;
      long registrationAt = Long.MIN_VALUE;
      long allowSeq = 0;
      long cancelSeq = 0;
      for (int event = events.start[k]; event < events.start[k + 1]; event++) {
        if (events.at[event] > t) {
          continue;
        }
        switch (events.type[event]) {
          case 0, 1 -> { // REGISTER, RENEW
            registered = true;
            allowed = false;
            registrationSeq = events.sequence[event];
            registrationAt = events.at[event];
            allowSeq = 0;
            cancelSeq = 0;
          }
          case 4 -> { // CANCEL
            registered = false;
            allowed = false;
            allowSeq = 0;
            cancelSeq = events.sequence[event];
          }
          case 2 -> { // ALLOW
            if (events.operator[event] == operator) {
              allowed = true;
              allowSeq = events.sequence[event];
            }
          }
          default -> { // DISALLOW
            if (events.operator[event] == operator) {
              allowed = false;
              allowSeq = 0;
            }
          }
        }
      }
      boolean opposed = registered && !allowed;

      // The newest receipt of the operator valid at t that found the number callable.
      int receipt = coveringReceipt(operator, callee, t);

      String consentId = null;
      String contractId = null;
      if (opposed) {
        String operatorName = calls.operatorNames.name(operator);
        List<Consent> held = consents.consentsOf(operatorName, callee);
        String revoked = null;
        for (Consent consent : held) {
          long given = Times.toNanos(consent.givenAt());
          long withdrawn = consent.withdrawnAt() == null ? Long.MAX_VALUE : Times.toNanos(consent.withdrawnAt());
          if (given > t || withdrawn <= t) {
            continue;
          }
          if (given > registrationAt) {
            consentId = consent.id();
            break;
          }
          revoked = consent.id();
        }
        if (consentId == null) {
          for (Contract contract : consents.contractsOf(operatorName, callee)) {
            long begin = Times.toNanos(contract.start());
            if (begin > t) {
              continue;
            }
            if (contract.end() == null || Times.toNanos(contract.end()) >= t
                || t - Times.toNanos(contract.end()) <= grace) {
              contractId = contract.id();
              break;
            }
          }
        }
        if (consentId == null && contractId == null && receipt < 0) {
          if (revoked != null) {
            reasons |= ReasonCode.CONSENT_REVOKED_BY_REGISTRATION.bit();
            consentId = revoked;
          } else {
            reasons |= ReasonCode.OPPOSED_NO_CONSENT.bit();
          }
        }
      }
      if (receipt < 0) {
        reasons |= ReasonCode.NO_VALID_CHECK.bit();
      }
      if (!unrestrictedHours && !withinHours(callee, t)) {
        reasons |= ReasonCode.OUTSIDE_CALLING_HOURS.bit();
      }
      long caller = calls.callers[c];
      if (caller == CallerIds.WITHHELD) {
        reasons |= ReasonCode.CALLER_ID_WITHHELD.bit();
      } else {
        if (caller == CallerIds.UNUSABLE
            || (!declarations.isDeclared(caller, operator, t) && !rules.isAllowedCallerIdPrefix(caller))) {
          reasons |= ReasonCode.CALLER_ID_UNDECLARED.bit();
        }
        int origin = calls.origins[c];
        if (caller > 0 && origin >= 0 && !calls.countryNames.name(origin).equals(profile.region())
            && E164Numbers.hasCountryCode(caller, countryCode)) {
          reasons |= ReasonCode.SPOOFED_FROM_ABROAD.bit();
        }
      }
      long refusedAt = Long.MIN_VALUE;
      for (int entry = doNotContact.head(k); entry >= 0; entry = doNotContact.next[entry]) {
        if (doNotContact.operator[entry] == operator) {
          if (doNotContact.blockedFrom[entry] < t) {
            reasons |= ReasonCode.INTERNAL_DNC.bit();
          }
          long refused = doNotContact.refusedAt[entry];
          if (refused != Long.MIN_VALUE && refused < t) {
            refusedAt = Math.max(refusedAt, refused);
          }
        }
      }
      if (cap != null && exceedsCap(callStart[k], groupPosition[c], operator, t, refusedAt)) {
        reasons |= ReasonCode.FREQUENCY_CAP.bit();
      }
      long firstEvent = registered ? registrationSeq : cancelSeq;
      result.record(c, reasons, firstEvent, allowed ? allowSeq : 0,
          receipt, consentId != null ? "consent:" + consentId : contractId != null ? "contract:" + contractId : null);
    }

    private int coveringReceipt(int operator, long callee, long t) {
      List<long[]> checked = receipts.checkedAt.get(operator);
      for (int r = checked.size() - 1; r >= 0; r--) {
        long at = checked.get(r)[0];
        if (at > t) {
          continue;
        }
        if (t - at >= validity) {
          break;
        }
        if (receipts.callable.get(operator).get(r).contains(callee)) {
          return (int) checked.get(r)[1];
        }
      }
      return -1;
    }

    private boolean withinHours(long callee, long t) {
      long epochSecond = Math.floorDiv(t, NANOS_PER_SECOND);
      for (ZoneId zone : rules.zones().zonesOf(callee)) {
        ZoneOffsets zoneOffsets = offsets.get(zone);
        long local = epochSecond + (zoneOffsets != null ? zoneOffsets.offsetAt(epochSecond)
            : zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds());
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(local, 86_400));
        int second = (int) Math.floorMod(local, 86_400);
        if (rules.callingHours().allows(day, second, rules.holidays())) {
          return true;
        }
      }
      return false;
    }

    private boolean exceedsCap(int groupFrom, int position, int operator, long t, long refusedAt) {
      long window = cap.window().toNanos();
      long quiet = cap.afterRefusal().toNanos();
      int count = 1;
      for (int p = position - 1; p >= groupFrom; p--) {
        int earlier = callOrder[p];
        if (calls.operators[earlier] != operator) {
          continue;
        }
        long at = calls.started[earlier];
        if (t - at < window) {
          count++;
        }
        if (quiet > 0 && refusedOutcome >= 0 && calls.outcomes[earlier] == refusedOutcome && at < t) {
          refusedAt = Math.max(refusedAt, at);
        }
      }
      return count > cap.maxCalls() || (quiet > 0 && refusedAt != Long.MIN_VALUE && t - refusedAt < quiet);
    }
  }

  /** How long a check protects, as the audit applies it. */
  public Duration validity() {
    return profile.checkValidity();
  }
}
