package org.opendnc.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.opendnc.audit.AuditReport;
import org.opendnc.audit.AuditResult;
import org.opendnc.audit.AuditSources;
import org.opendnc.audit.AuditSources.CheckReceipt;
import org.opendnc.audit.AuditSummary;
import org.opendnc.audit.CallAudit;
import org.opendnc.audit.CallRecordReader;
import org.opendnc.audit.CallRecords;
import org.opendnc.audit.ComplaintMatcher;
import org.opendnc.audit.FileConsentEvidence;
import org.opendnc.audit.ReasonCode;
import org.opendnc.audit.Rejects;
import org.opendnc.audit.VerdictWriter;
import org.opendnc.core.index.NumberSet;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.OppositionHistory;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.store.Complaint;
import org.opendnc.store.OperatorListStore.CallingNumber;
import org.opendnc.store.OperatorListStore.DoNotContactEntry;
import org.opendnc.store.RegisterStore;

/**
 * The call-audit benchmark (issue 5): N call records audited against an R-number register with
 * history, the operators' checks, consents and contracts; then complaint matching. Prints the
 * phases, checks a sample of verdicts against the register history recomputed from scratch.
 */
public final class AuditBenchmark {

  /*
   * Register: number i (0 <= i < R) is +39 31x-38x xxx xxxx, a bijection of i over 8 * 10^8
   * Italian mobile numbers (the few that libphonenumber refuses become rejected rows, as in real
   * records); its events (REGISTER, sometimes RENEW, CANCEL, ALLOW and DISALLOW of an operator)
   * and their times are a pure function of (seed, i), so the history of any number can be
   * recomputed to verify a verdict, and the event "log" can stream R numbers' events without
   * holding them, on two threads (like the store's scan by sequence ranges, minus the database:
   * the SQLite scan rate is measured separately with --sqlite-events). Sequences are 4*i + k + 1.
   * Calls: 60% to registered numbers, 40% to unregistered ones; 20 operators, each with 50
   * declared numbers; a few withheld, undeclared, 0844 or from abroad; times over eight weeks,
   * some outside the hours. Receipts: each operator checks every 10 days the numbers it will call
   * in the next 15, minus those registered at check time. Consents (CSV, 10% of the called pairs)
   * and contracts (2%) are files loaded inside the timed audit.
   */

  static final long BASE = 393_100_000_000L;
  static final long SPACE = 800_000_000L;
  static final long MULTIPLIER = 387_420_489L; // 3^18, coprime to 10^9
  static final long INVERSE = BigInteger.valueOf(MULTIPLIER).modInverse(BigInteger.valueOf(SPACE)).longValue();
  static final int OPERATORS = 20;
  static final int DECLARED_PER_OPERATOR = 50;
  static final Instant REGISTER_FROM = Instant.parse("2023-01-01T00:00:00Z");
  static final long REGISTER_SPAN_SECONDS = Duration.ofDays(3 * 365 + 60).toSeconds();
  static final Instant CALLS_FROM = Instant.parse("2026-01-05T00:00:00Z");
  static final int CALL_DAYS = 56;

  final long registerSize;
  final int calls;
  final long seed;

  AuditBenchmark(long registerSize, int calls, long seed) {
    this.registerSize = registerSize;
    this.calls = calls;
    this.seed = seed;
  }

  static long number(long i) {
    return BASE + Math.floorMod(i * MULTIPLIER, SPACE);
  }

  static long index(long e164) {
    return multiplyMod(e164 - BASE, INVERSE, SPACE);
  }

  private static long multiplyMod(long a, long b, long m) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(m)).longValue();
  }

  /** The events of number i, in sequence order (none when i is not in the register). */
  void eventsOf(long i, Consumer<RegisterEvent> sink) {
    if (i >= registerSize) {
      return;
    }
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    long e164 = number(i);
    Instant registered = REGISTER_FROM.plusSeconds(random.nextLong(REGISTER_SPAN_SECONDS));
    long sequence = 4 * i;
    sink.accept(new RegisterEvent(++sequence, e164, EventType.REGISTER, null, registered, Channel.WEB, null));
    int kind = random.nextInt(100);
    if (kind < 10) {
      sink.accept(new RegisterEvent(++sequence, e164, EventType.RENEW, null,
          registered.plusSeconds(random.nextLong(365L * 86_400)), Channel.WEB, null));
    } else if (kind < 13) {
      sink.accept(new RegisterEvent(++sequence, e164, EventType.CANCEL, null,
          registered.plusSeconds(random.nextLong(700L * 86_400)), Channel.WEB, null));
    } else if (kind < 15) {
      String operator = "op" + random.nextInt(OPERATORS);
      Instant allowed = registered.plusSeconds(random.nextLong(200L * 86_400));
      sink.accept(new RegisterEvent(++sequence, e164, EventType.ALLOW, operator, allowed, Channel.WEB, null));
      if (kind == 14) {
        sink.accept(new RegisterEvent(++sequence, e164, EventType.DISALLOW, operator,
            allowed.plusSeconds(random.nextLong(200L * 86_400)), Channel.WEB, null));
      }
    }
  }

  void forEachEvent(Consumer<RegisterEvent> sink) {
    for (long i = 0; i < registerSize; i++) {
      eventsOf(i, sink);
    }
  }

  /** The generated log as an event source read by {@code threads} threads, like a store's scan. */
  AuditSources.EventSource generatedLog(int threads) {
    return sinks -> {
      List<Thread> workers = new ArrayList<>();
      RuntimeException[] failure = new RuntimeException[1];
      long step = registerSize / threads + 1;
      for (int p = 0; p < threads; p++) {
        long from = p * step;
        long to = Math.min(registerSize, from + step);
        Thread worker = new Thread(() -> {
          try (AuditSources.EventSink sink = sinks.get()) {
            for (long i = from; i < to; i++) {
              eventsOf(i, e -> sink.accept(e.sequence(), e.e164(), e.type(), e.operator(),
                  e.at().getEpochSecond() * 1_000_000_000L + e.at().getNano()));
            }
          } catch (RuntimeException e) {
            failure[0] = e;
          }
        });
        worker.start();
        workers.add(worker);
      }
      for (Thread worker : workers) {
        try {
          worker.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      if (failure[0] != null) {
        throw failure[0];
      }
    };
  }

  boolean registeredAt(long i, Instant t) {
    List<RegisterEvent> history = new ArrayList<>(4);
    eventsOf(i, history::add);
    boolean registered = false;
    for (RegisterEvent event : history) {
      if (!event.at().isAfter(t)) {
        registered = switch (event.type()) {
          case REGISTER, RENEW -> true;
          case CANCEL -> false;
          default -> registered;
        };
      }
    }
    return registered;
  }

  static long declaredCaller(int operator, int j) {
    return 390_612_000_000L + operator * 100L + j;
  }

  /** The generated calls, in memory (callee index, operator, time) and as a CSV file. */
  record Generated(long[] calleeIndex, int[] operator, long[] epochSecond, long consents, long contracts) {}

  Generated generate(Path callsFile, Path consentsFile, Path contractsFile) throws IOException {
    Random random = new Random(seed);
    long[] callee = new long[calls];
    int[] operator = new int[calls];
    long[] second = new long[calls];
    long consents = 0;
    long contracts = 0;
    String[] outcomes = {"ANSWERED", "NO_ANSWER", "BUSY", "REFUSED", "SALE"};
    try (BufferedWriter out = Files.newBufferedWriter(callsFile, StandardCharsets.UTF_8);
        BufferedWriter consentOut = Files.newBufferedWriter(consentsFile, StandardCharsets.UTF_8);
        BufferedWriter contractOut = Files.newBufferedWriter(contractsFile, StandardCharsets.UTF_8)) {
      out.write("call_id,operator,caller_id,callee,started_at,duration_s,outcome,campaign,origin_country\n");
      consentOut.write("consent_id,operator,number,given_at,withdrawn_at\n");
      contractOut.write("contract_id,operator,number,start,end\n");
      StringBuilder row = new StringBuilder(160);
      for (int c = 0; c < calls; c++) {
        long i = random.nextInt(100) < 60 ? (long) (random.nextDouble() * registerSize)
            : registerSize + (long) (random.nextDouble() * 2 * registerSize);
        int op = random.nextInt(OPERATORS);
        long t = CALLS_FROM.getEpochSecond() + random.nextInt(CALL_DAYS) * 86_400L + 7 * 3600
            + random.nextInt(14 * 3600);
        callee[c] = i;
        operator[c] = op;
        second[c] = t;
        int callerKind = random.nextInt(100);
        String caller = callerKind < 2 ? "" : callerKind < 5 ? "+39 02 " + (1000000 + random.nextInt(8999999))
            : callerKind < 6 ? "0844 " + (100000 + random.nextInt(899999))
            : "+" + declaredCaller(op, random.nextInt(DECLARED_PER_OPERATOR));
        int origin = random.nextInt(100);
        long e164 = number(i);
        row.setLength(0);
        row.append('c').append(c).append(",op").append(op).append(',').append(caller).append(',')
            .append(random.nextBoolean() ? "+" + e164 : Long.toString(e164 - 390_000_000_000L)).append(',')
            .append(Instant.ofEpochSecond(t + 3600).toString(), 0, 19).append("+01:00,")
            .append(random.nextInt(600)).append(',').append(outcomes[random.nextInt(outcomes.length)])
            .append(",op").append(op).append("-campaign").append(random.nextInt(5)).append(',')
            .append(origin < 1 ? "AL" : origin < 3 ? "IT" : "").append('\n');
        out.append(row);
        if (random.nextInt(10) == 0) {
          Instant given = Instant.ofEpochSecond(t).minusSeconds(random.nextLong(800L * 86_400));
          consentOut.append("K").append(Integer.toString(c)).append(",op").append(Integer.toString(op)).append(",+")
              .append(Long.toString(e164)).append(',').append(given.toString()).append(",\n");
          consents++;
        }
        if (random.nextInt(50) == 0) {
          Instant start = Instant.ofEpochSecond(t).minusSeconds(random.nextLong(900L * 86_400));
          Instant end = random.nextBoolean() ? null : start.plusSeconds(random.nextLong(900L * 86_400));
          contractOut.append("T").append(Integer.toString(c)).append(",op").append(Integer.toString(op)).append(",+")
              .append(Long.toString(e164)).append(',').append(start.toString()).append(',')
              .append(end == null ? "" : end.toString()).append('\n');
          contracts++;
        }
      }
    }
    return new Generated(callee, operator, second, consents, contracts);
  }

  /** Every 10 days each operator checks what it will call in the next 15, minus the registered. */
  List<CheckReceipt> receipts(Generated generated) {
    List<CheckReceipt> receipts = new ArrayList<>();
    long first = CALLS_FROM.getEpochSecond() - 10 * 86_400L;
    int rounds = CALL_DAYS / 10 + 2;
    NumberSet.Builder[][] builders = new NumberSet.Builder[OPERATORS][rounds];
    for (int o = 0; o < OPERATORS; o++) {
      for (int r = 0; r < rounds; r++) {
        builders[o][r] = new NumberSet.Builder();
      }
    }
    for (int c = 0; c < generated.calleeIndex().length; c++) {
      long t = generated.epochSecond()[c];
      for (int r = 0; r < rounds; r++) {
        long checked = first + r * 10 * 86_400L;
        if (checked <= t && t < checked + 15 * 86_400L
            && !registeredAt(generated.calleeIndex()[c], Instant.ofEpochSecond(checked))) {
          builders[generated.operator()[c]][r].add(number(generated.calleeIndex()[c]));
        }
      }
    }
    for (int o = 0; o < OPERATORS; o++) {
      for (int r = 0; r < rounds; r++) {
        receipts.add(new CheckReceipt("r-op" + o + "-" + r, "op" + o,
            Instant.ofEpochSecond(first + r * 10 * 86_400L), builders[o][r].build()));
      }
    }
    return receipts;
  }

  static List<CallingNumber> callingNumbers() {
    List<CallingNumber> numbers = new ArrayList<>();
    for (int o = 0; o < OPERATORS; o++) {
      for (int j = 0; j < DECLARED_PER_OPERATOR; j++) {
        numbers.add(new CallingNumber("op" + o, declaredCaller(o, j), Instant.parse("2025-01-01T00:00:00Z"), null));
      }
    }
    return numbers;
  }

  List<DoNotContactEntry> doNotContact(Generated generated) {
    Random random = new Random(seed + 1);
    List<DoNotContactEntry> entries = new ArrayList<>();
    for (int k = 0; k < generated.calleeIndex().length / 100; k++) {
      int c = random.nextInt(generated.calleeIndex().length);
      Instant added = Instant.ofEpochSecond(generated.epochSecond()[c]).plusSeconds(random.nextInt(2 * 86_400) - 86_400);
      entries.add(new DoNotContactEntry("op" + generated.operator()[c], number(generated.calleeIndex()[c]), added,
          added.minusSeconds(3600), null));
    }
    return entries;
  }

  public static void main(String[] args) throws IOException {
    long registerSize = 30_000_000;
    int calls = 10_000_000;
    int complaints = 1_000_000;
    long sqliteEvents = 0;
    boolean fromSqlite = false;
    Path directory = Path.of("bench-data", "audit");
    for (int a = 0; a + 1 < args.length; a += 2) {
      switch (args[a]) {
        case "--register-size" -> registerSize = parseCount(args[a + 1]);
        case "--calls" -> calls = (int) parseCount(args[a + 1]);
        case "--complaints" -> complaints = (int) parseCount(args[a + 1]);
        case "--sqlite-events" -> sqliteEvents = parseCount(args[a + 1]);
        case "--events" -> fromSqlite = args[a + 1].equalsIgnoreCase("sqlite");
        case "--dir" -> directory = Path.of(args[a + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[a]
            + "; options: --register-size N --calls N --complaints N --sqlite-events N --events generated|sqlite"
            + " --dir DIR");
      }
    }
    AuditBenchmark benchmark = new AuditBenchmark(registerSize, calls, 20260301L);
    benchmark.fromSqlite = fromSqlite;
    benchmark.run(directory, complaints, sqliteEvents);
  }

  /** Whether the audit reads the register's events from a SQLite store (set up untimed) instead of the generator. */
  boolean fromSqlite;

  void run(Path directory, int complaints, long sqliteEvents) throws IOException {
    Files.createDirectories(directory);
    Profile profile = Profile.forCode("IT");
    Path callsFile = directory.resolve("calls-" + calls + "-" + registerSize + ".csv");
    Path consentsFile = directory.resolve("consents-" + calls + ".csv");
    Path contractsFile = directory.resolve("contracts-" + calls + ".csv");
    long t0 = System.nanoTime();
    Generated generated = generate(callsFile, consentsFile, contractsFile);
    List<CheckReceipt> receipts = receipts(generated);
    List<CallingNumber> declared = callingNumbers();
    List<DoNotContactEntry> doNotContact = doNotContact(generated);
    System.out.printf(Locale.ROOT, "prepared (untimed): %,d calls (%,d MB), %,d receipts, %,d consents, %,d contracts,"
        + " %,d do-not-contact entries, register of %,d numbers: %.1f s%n", calls, Files.size(callsFile) >> 20,
        receipts.size(), generated.consents(), generated.contracts(), doNotContact.size(), registerSize,
        seconds(t0));

    RegisterStore store = null;
    AuditSources.EventSource log = generatedLog(2);
    if (fromSqlite) {
      Path data = directory.resolve("sqlite-register-" + registerSize);
      appendGeneratedEvents(data, Long.MAX_VALUE);
      store = RegisterStore.openSqlite(data);
      log = AuditSources.EventSource.ofStore(store.events(), 1);
      System.out.printf(Locale.ROOT, "events from SQLite %s (%,d events)%n", data, store.events().latestSequence());
    }

    // Timed: from the files and the register's event stream to the verdicts file.
    System.gc();
    long start = System.nanoTime();
    NumberParser parser = NumberParser.forRegion("IT");
    Rejects rejects = new Rejects(null);
    CallRecords records = new CallRecordReader(parser).read(callsFile, rejects);
    double read = seconds(start);
    FileConsentEvidence consents = FileConsentEvidence.load(consentsFile, contractsFile, parser, profile.zone(),
        new Rejects(null), new Rejects(null));
    double loaded = seconds(start);
    AuditSources sources = new AuditSources(log,
        (operator, from, to) -> receipts.stream().filter(r -> r.operator().equals(operator)
            && !r.checkedAt().isBefore(from) && r.checkedAt().isBefore(to)).toList(),
        new AuditSources.DeclarationSource() {
          @Override
          public void forEachCallingNumber(Consumer<CallingNumber> sink) {
            declared.forEach(sink);
          }

          @Override
          public void forEachDoNotContact(Consumer<DoNotContactEntry> sink) {
            doNotContact.forEach(sink);
          }
        }, consents);
    AuditResult result = new CallAudit(profile, line -> System.out.println("  audit: " + line)).run(records, sources);
    double judged = seconds(start);
    Path verdicts = directory.resolve("verdicts.csv");
    VerdictWriter.writeVerdicts(result, verdicts);
    double total = seconds(start);
    if (store != null) {
      store.close();
    }
    System.out.printf(Locale.ROOT, "AUDIT %,d calls vs %,d-number register" + (fromSqlite ? " (events from SQLite)" : "")
        + ": %.1f s total (read CSV %.1f, consents %.1f,"
        + " judge %.1f, write verdicts %.1f); %,d rejected rows%n", records.size(), registerSize, total, read,
        loaded - read, judged - loaded, total - judged, rejects.count());

    long reportStart = System.nanoTime();
    AuditSummary summary = AuditSummary.of(result, callsFile.getFileName().toString(), rejects.count(), Instant.now());
    new AuditReport(summary).writeHtml(directory.resolve("report.html"));
    new AuditReport(summary).writePdf(directory.resolve("report.pdf"));
    VerdictWriter.writeEvidence(result, directory.resolve("evidence.csv"));
    System.out.printf(Locale.ROOT, "report (summary, HTML, PDF) and evidence export: %.1f s; violations %,d of %,d%n",
        seconds(reportStart), summary.violations(), summary.calls());
    for (ReasonCode code : ReasonCode.values()) {
      System.out.printf(Locale.ROOT, "  %-32s %,d%n", code, summary.byCode().get(code));
    }
    verify(result, generated);

    matchComplaints(records, generated, complaints, declared);
    if (sqliteEvents > 0) {
      measureSqliteReplay(directory, sqliteEvents);
    }
  }

  /** Recomputes opposition for a sample of calls from the generator and compares. */
  void verify(AuditResult result, Generated generated) {
    Random random = new Random(7);
    int checked = 0;
    for (int k = 0; k < 20_000; k++) {
      int c = random.nextInt(result.size());
      int generatedCall = Integer.parseInt(result.calls().callId(c).substring(1));
      long i = index(result.calls().callee(c));
      if (i != generated.calleeIndex()[generatedCall]) {
        throw new IllegalStateException("call " + c + ": callee index " + i + " != " + generated.calleeIndex()[generatedCall]);
      }
      List<RegisterEvent> history = new ArrayList<>();
      eventsOf(i, history::add);
      Instant t = result.calls().startedAt(c);
      boolean opposed = OppositionHistory.isOpposed(history, result.calls().operator(c), t);
      int mask = result.reasonMask(c);
      boolean flaggedOpposed = (mask & (ReasonCode.OPPOSED_NO_CONSENT.bit()
          | ReasonCode.CONSENT_REVOKED_BY_REGISTRATION.bit())) != 0;
      if (flaggedOpposed && !opposed) {
        throw new IllegalStateException("call " + result.calls().callId(c) + " flagged opposed but was not at " + t);
      }
      if (opposed && (mask & ReasonCode.NO_VALID_CHECK.bit()) != 0 && result.consentOrContract(c) == null
          && !flaggedOpposed) {
        throw new IllegalStateException("call " + result.calls().callId(c) + " opposed, unchecked, no consent: not flagged");
      }
      checked++;
    }
    System.out.printf(Locale.ROOT, "verified %,d sampled calls against the history recomputed from the generator%n",
        checked);
  }

  void matchComplaints(CallRecords records, Generated generated, int count, List<CallingNumber> declared) {
    Random random = new Random(11);
    List<Complaint> complaints = new ArrayList<>(count);
    int nearCalls = 0;
    for (int k = 0; k < count; k++) {
      int c = random.nextInt(records.size());
      long caller = records.caller(c);
      long offset = random.nextInt(6 * 3600) - 3 * 3600;
      boolean fromCall = random.nextInt(10) < 7 && caller > 0;
      if (fromCall && Math.abs(offset) <= 2 * 3600) {
        nearCalls++;
      }
      Instant at = records.startedAt(c).plusSeconds(offset);
      complaints.add(new Complaint("q" + k, "NATIVE", null, fromCall ? caller : 390_699_000_000L + random.nextInt(999_999),
          records.callee(c), null, at, null, null, null, null, null, null, null, "bench", k + 2));
    }
    System.gc();
    long start = System.nanoTime();
    ComplaintMatcher matcher = new ComplaintMatcher(records, Duration.ofHours(2), declared);
    double indexed = seconds(start);
    List<ComplaintMatcher.Match> matches = matcher.match(complaints);
    double total = seconds(start);
    long[] kinds = new long[ComplaintMatcher.Kind.values().length];
    for (ComplaintMatcher.Match match : matches) {
      kinds[match.kind().ordinal()]++;
    }
    System.out.printf(Locale.ROOT, "COMPLAINTS %,d matched against %,d calls (window 2 h): %.2f s total (index calls %.2f,"
        + " match %.2f); kinds %s%n", count, records.size(), total, indexed, total - indexed,
        Arrays.toString(kinds));
    if (kinds[ComplaintMatcher.Kind.CALLER_AND_NUMBER.ordinal()] < nearCalls) {
      throw new IllegalStateException(nearCalls + " complaints were made within 2 h of their call, but only "
          + kinds[0] + " matched it");
    }
  }

  /** Appends the generated register's events (the first {@code limit}) to a SQLite store, once. */
  void appendGeneratedEvents(Path data, long limit) {
    try (RegisterStore store = RegisterStore.openSqlite(data)) {
      long present = store.events().latestSequence();
      if (present > 0) {
        return;
      }
      long start = System.nanoTime();
      List<RegisterEvent> batch = new ArrayList<>(100_000);
      long appended = 0;
      for (long i = 0; i < registerSize && appended + batch.size() < limit; i++) {
        eventsOf(i, e -> batch.add(RegisterEvent.of(e.e164(), e.type(), e.operator(), e.at(), e.channel(), null)));
        if (batch.size() >= 100_000) {
          store.events().append(batch);
          appended += batch.size();
          batch.clear();
        }
      }
      store.events().append(batch);
      System.out.printf(Locale.ROOT, "sqlite: %,d events appended (untimed setup) in %.1f s%n",
          store.events().latestSequence(), seconds(start));
    }
  }

  /** The store's read rates, which a real audit pays instead of the generator. */
  void measureSqliteReplay(Path directory, long events) throws IOException {
    Path data = directory.resolve("sqlite-" + events);
    appendGeneratedEvents(data, events);
    try (RegisterStore store = RegisterStore.openSqlite(data)) {
      long start = System.nanoTime();
      long[] count = {0};
      store.events().replay(0, e -> count[0]++);
      double s = seconds(start);
      System.out.printf(Locale.ROOT, "SQLITE REPLAY %,d events in %.1f s (%,.0f events/s)%n", count[0], s, count[0] / s);
      for (int threads : new int[] {1, 2}) {
        java.util.concurrent.atomic.AtomicLong scanned = new java.util.concurrent.atomic.AtomicLong();
        start = System.nanoTime();
        AuditSources.EventSource.ofStore(store.events(), threads).forEach(() -> new AuditSources.EventSink() {
          long n;

          @Override
          public void accept(long sequence, long e164, EventType type, String operator, long at) {
            n++;
          }

          @Override
          public void close() {
            scanned.addAndGet(n);
          }
        });
        s = seconds(start);
        System.out.printf(Locale.ROOT, "SQLITE SCAN (%d threads) %,d events in %.1f s (%,.0f events/s)%n", threads,
            scanned.get(), s, scanned.get() / s);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static long parseCount(String value) {
    String v = value.replace("_", "").toUpperCase(Locale.ROOT);
    long unit = v.endsWith("K") ? 1_000 : v.endsWith("M") ? 1_000_000 : v.endsWith("G") ? 1_000_000_000 : 1;
    return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
