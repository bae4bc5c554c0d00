package org.opendnc.investigate.sample;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A generated case whose truth is known: unseized brokers selling parts of their lists to firms,
 * firms copying parts of their holdings to one another (each with its own schema, encoding and
 * quirks, introducing misspellings and invalid numbers on the way), forged, backdated and missing
 * consents, a register, calls, honeypots planted in one broker's list, and energy switches with
 * reverse switches. {@link #write} writes the case folder and the side inputs and answers the truth.
 */
public final class CaseWorld {
  /*
   * Simulation: organic records (a firm's own collection, persons sampled from a large population,
   * so two firms sometimes hold the same person by chance) are dated over four and a half years;
   * transfers are applied in date order: the receiver takes a random share of what the sender held
   * on that day and does not hold yet, dated the transfer day; on receipt each record's surname is
   * misspelt with probability TYPO_RATE and its number truncated (made invalid) with probability
   * CORRUPT_RATE; both travel on with later copies. Every transfer lands on its own day at its
   * receiver. Brokers never appear in the case folder.
   */
  public static final ZoneId ZONE = ZoneId.of("Europe/Rome");
  static final double TYPO_RATE = 0.03;
  static final double CORRUPT_RATE = 0.004;
  static final int START_DAY = (int) LocalDate.of(2019, 1, 1).toEpochDay();
  static final int SEIZURE_DAY = (int) LocalDate.of(2023, 6, 15).toEpochDay();
  /**
   * Above this many firm records the consent truth (sets of numbers per finding, tens of bytes a
   * number) is not computed and {@link Truth#consentFindings} is empty: a 200 M-record world would
   * need tens of GB for it. The flows (edges), honeypots, calls and switches are always known.
   */
  public static final long CONSENT_TRUTH_MAX_RECORDS = 20_000_000L;
  static final long TEMPLATE_CONSENT = LocalDate.of(2020, 2, 3).atTime(10, 15).atZone(ZONE).toEpochSecond();
  static final String[] FIRM_NAMES = {"alfa-contact", "beta-call", "gamma-leads", "delta-energia", "epsilon-tlc",
      "zeta-marketing", "eta-vendite", "theta-promo", "iota-dialer", "kappa-sales", "lambda-cc", "mu-outbound",
      "nu-direct", "xi-leads", "omicron-call", "pi-energia", "rho-contact", "sigma-tlc", "tau-vendite", "upsilon-cc",
      "phi-promo", "chi-dialer", "psi-sales", "omega-call"};
  static final String[] SUPPLIERS = {"Enel Energia", "Edison Energia", "A2A Energia", "Hera Comm", "Iren Mercato", "Sorgenia"};

  /** Sizes of a world. */
  public record Settings(long seed, int firms, int brokers, int organicPerFirm, int brokerSize, int honeypots,
      int supplyPoints, double copyChance) {
    /** A small world for unit tests: six firms, two brokers, a few thousand records each. */
    public static Settings small(long seed) {
      return new Settings(seed, 6, 2, 3000, 8000, 25, 600, 0.4);
    }
  }

  /** One list flow of the truth. */
  public record Transfer(String from, String to, LocalDate date, double share, int records) {}

  /** What the generator knows. */
  public record Truth(
      List<String> firms,
      List<String> brokers,
      List<Transfer> transfers,
      Map<String, Long> recordsPerFirm,
      Map<String, Map<String, Set<Long>>> consentFindings,
      Set<String> honeypotHits,
      Set<String> reversePods,
      Map<String, Long> reverseSwitchesPerFirm,
      Map<String, Double> commissionsPerFirm,
      Map<String, long[]> callsPerFirm,
      int unreadableRows,
      Map<String, Integer> unreadableRowsPerFirm) {

    /** The true edges "from->to", brokers by their generator names. */
    public Set<String> edges() {
      Set<String> edges = new HashSet<>();
      for (Transfer t : transfers) {
        if (t.records() > 0) {
          edges.add(t.from() + "->" + t.to());
        }
      }
      return edges;
    }
  }

  /** The paths written. */
  public record Paths(Path caseDir, Path register, Path calls, Path switches, Path honeypots, Path commissions,
      Path turnover) {}

  static {
    if (System.getProperty("log4j2.loggerContextFactory") == null) { // POI's Log4j API without a provider
      System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
      System.setProperty("org.apache.logging.log4j.simplelog.level", "ERROR");
    }
  }

  private final Settings settings;
  private final Random random;
  private final List<Holder> holders = new ArrayList<>();
  private final long population;

  public CaseWorld(Settings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
    long total = (long) settings.firms() * settings.organicPerFirm() + (long) settings.brokers() * settings.brokerSize();
    // Large enough that two firms' own collections rarely meet (40x the records; 8x past 5 M, to
    // keep one bit per person and holder affordable).
    this.population = Math.min(People.CAPACITY - settings.honeypots() - 1, Math.max(1_000_000, total * (total > 5_000_000 ? 8 : 40)));
  }

  /** Holdings of one firm or broker, in the order acquired. */
  static final class Holder {
    final String name;
    final boolean broker;
    final int style;
    final boolean keepsRaw;
    final boolean stampsConsent;
    final BitSet held = new BitSet();
    int size;
    int[] person = new int[1024];
    int[] day = new int[1024];
    short[] variant = new short[1024];
    long[] consent = new long[1024];
    byte[] shape = new byte[1024];
    boolean[] invalid = new boolean[1024];
    boolean[] honeypot = new boolean[1024];

    Holder(String name, boolean broker, int style, boolean keepsRaw, boolean stampsConsent) {
      this.name = name;
      this.broker = broker;
      this.style = style;
      this.keepsRaw = keepsRaw;
      this.stampsConsent = stampsConsent;
    }

    void add(int p, int d, short v, long c, byte s, boolean inv, boolean pot) {
      if (size == person.length) {
        int n = size + (size >> 1); // by half: a 10 M-record holder wastes less
        person = Arrays.copyOf(person, n);
        day = Arrays.copyOf(day, n);
        variant = Arrays.copyOf(variant, n);
        consent = Arrays.copyOf(consent, n);
        shape = Arrays.copyOf(shape, n);
        invalid = Arrays.copyOf(invalid, n);
        honeypot = Arrays.copyOf(honeypot, n);
      }
      person[size] = p;
      day[size] = d;
      variant[size] = v;
      consent[size] = c;
      shape[size] = s;
      invalid[size] = inv;
      honeypot[size] = pot;
      held.set(p);
      size++;
    }
  }

  /** Writes the case and its side inputs under {@code root} and answers the truth. */
  public Truth write(Path root) throws IOException {
    List<String> firmNames = new ArrayList<>();
    for (int f = 0; f < settings.firms(); f++) {
      String name = f < FIRM_NAMES.length ? FIRM_NAMES[f] : "firm-" + (f + 1);
      firmNames.add(name);
      holders.add(new Holder(name, false, f % CaseFiles.STYLES, f % 3 == 1, f % 6 == 2));
    }
    List<String> brokerNames = new ArrayList<>();
    for (int b = 0; b < settings.brokers(); b++) {
      brokerNames.add("broker-" + b);
      holders.add(new Holder("broker-" + b, true, b % CaseFiles.STYLES, false, false));
    }
    // Organic records and broker lists.
    for (int f = 0; f < settings.firms(); f++) {
      Holder h = holders.get(f);
      for (int i = 0; i < settings.organicPerFirm(); i++) {
        int p = freshPerson(h);
        int d = START_DAY + random.nextInt(SEIZURE_DAY - 30 - START_DAY);
        long consent = random.nextDouble() < 0.08 ? Long.MIN_VALUE
            : LocalDate.ofEpochDay(d - random.nextInt(3)).atStartOfDay(ZONE).toEpochSecond() + 8 * 3600 + random.nextInt(11 * 3600);
        h.add(p, d, (short) 0, consent, (byte) h.style, false, false);
      }
    }
    List<Transfer> plan = new ArrayList<>();
    for (int b = 0; b < settings.brokers(); b++) {
      Holder broker = holders.get(settings.firms() + b);
      for (int i = 0; i < settings.brokerSize(); i++) {
        int p = freshPerson(broker);
        int d = START_DAY - 400 + random.nextInt(500);
        long consent = switch (b % 3) {
          case 0 -> TEMPLATE_CONSENT;
          case 1 -> LocalDate.ofEpochDay(d).minusDays(365L * 3 + random.nextInt(3 * 365)).atStartOfDay(ZONE).toEpochSecond()
              + 9 * 3600 + random.nextInt(9 * 3600);
          default -> Long.MIN_VALUE;
        };
        broker.add(p, d, (short) 0, consent, (byte) random.nextInt(CaseFiles.STYLES), false, false);
      }
      List<Integer> buyers = new ArrayList<>();
      for (int f = 0; f < settings.firms(); f++) {
        buyers.add(f);
      }
      java.util.Collections.shuffle(buyers, random);
      int count = Math.min(settings.firms(), 2 + random.nextInt(2));
      for (int k = 0; k < count; k++) {
        plan.add(new Transfer(broker.name, firmNames.get(buyers.get(k)),
            LocalDate.ofEpochDay(START_DAY + 150 + random.nextInt(SEIZURE_DAY - START_DAY - 300)), 0.3 + 0.4 * random.nextDouble(), 0));
      }
    }
    // Honeypots: planted in broker-0's list before its first sale.
    if (settings.brokers() > 0 && settings.honeypots() > 0) {
      Holder broker = holders.get(settings.firms());
      LocalDate firstSale = plan.stream().filter(t -> t.from().equals(broker.name)).map(Transfer::date).min(Comparator.naturalOrder()).orElseThrow();
      for (int i = 0; i < settings.honeypots(); i++) {
        int p = (int) (population + 1 + i);
        broker.add(p, (int) firstSale.toEpochDay() - 10, (short) 0, TEMPLATE_CONSENT, (byte) 0, false, true);
      }
    }
    for (int f = 1; f < settings.firms(); f++) {
      int copies = 1 + (random.nextDouble() < settings.copyChance() ? 1 : 0);
      Set<Integer> sources = new HashSet<>();
      for (int k = 0; k < copies; k++) {
        int from = random.nextInt(f);
        if (!sources.add(from)) {
          continue;
        }
        plan.add(new Transfer(firmNames.get(from), firmNames.get(f),
            LocalDate.ofEpochDay(START_DAY + 500 + random.nextInt(SEIZURE_DAY - START_DAY - 560)), 0.2 + 0.4 * random.nextDouble(), 0));
      }
    }
    plan = distinctDays(plan);
    plan.sort(Comparator.comparing(Transfer::date));
    Map<String, Holder> byName = new HashMap<>();
    for (Holder h : holders) {
      byName.put(h.name, h);
    }
    List<Transfer> done = new ArrayList<>();
    for (Transfer t : plan) {
      done.add(apply(byName.get(t.from()), byName.get(t.to()), t));
    }
    List<Holder> firms = holders.subList(0, settings.firms());
    CaseFiles files = new CaseFiles(random, ZONE);
    Path caseDir = Files.createDirectories(root.resolve("case"));
    Map<String, Integer> unreadable = new LinkedHashMap<>();
    Map<String, Long> recordsPerFirm = new LinkedHashMap<>();
    for (Holder firm : firms) {
      unreadable.put(firm.name, files.writeFirm(caseDir, firm));
      recordsPerFirm.put(firm.name, (long) firm.size);
    }
    SideInputs side = new SideInputs(random, ZONE, firms, population, settings);
    Paths paths = side.write(root);
    long held = firms.stream().mapToLong(h -> h.size).sum();
    Map<String, Map<String, Set<Long>>> consent = held <= CONSENT_TRUTH_MAX_RECORDS
        ? consentTruth(firms, side.registrations()) : Map.of();
    return new Truth(firmNames, brokerNames, done, recordsPerFirm, consent, honeypotTruth(firms), side.reversePods(),
        side.reversePerFirm(), side.commissionsPerFirm(), side.callsPerFirm(),
        unreadable.values().stream().mapToInt(Integer::intValue).sum(), unreadable);
  }

  /** The paths {@link #write} uses under a root. */
  public static Paths paths(Path root) {
    return new Paths(root.resolve("case"), root.resolve("register.csv"), root.resolve("calls.csv"),
        root.resolve("switches.csv"), root.resolve("honeypots.txt"), root.resolve("commissions.csv"), root.resolve("turnover.csv"));
  }

  private List<Transfer> distinctDays(List<Transfer> plan) {
    Set<String> used = new HashSet<>();
    List<Transfer> out = new ArrayList<>();
    for (Transfer t : plan) {
      LocalDate d = t.date();
      while (!used.add(t.to() + "|" + d)) {
        d = d.plusDays(1);
      }
      out.add(new Transfer(t.from(), t.to(), d, t.share(), 0));
    }
    return out;
  }

  private int freshPerson(Holder h) {
    while (true) {
      int p = (int) (Math.floorMod(random.nextLong(), population));
      if (!h.held.get(p)) {
        return p;
      }
    }
  }

  private Transfer apply(Holder from, Holder to, Transfer t) {
    int day = (int) t.date().toEpochDay();
    int moved = 0;
    int size = from.size;
    long stamp = t.date().atTime(9, 0).atZone(ZONE).toEpochSecond();
    for (int i = 0; i < size; i++) {
      if (from.day[i] > day || to.held.get(from.person[i]) || random.nextDouble() >= t.share()) {
        continue;
      }
      short variant = random.nextDouble() < TYPO_RATE ? (short) (1 + random.nextInt(30_000)) : from.variant[i];
      boolean invalid = from.invalid[i] || !from.honeypot[i] && random.nextDouble() < CORRUPT_RATE;
      long consent = to.stampsConsent ? stamp : from.consent[i];
      byte shape = to.keepsRaw ? from.shape[i] : (byte) to.style;
      to.add(from.person[i], day, variant, consent, shape, invalid, from.honeypot[i]);
      moved++;
    }
    return new Transfer(t.from(), t.to(), t.date(), t.share(), moved);
  }

  /** The findings each firm's records should get, by the rules of ConsentFinding, from the generator's own data. */
  private Map<String, Map<String, Set<Long>>> consentTruth(List<Holder> firms, Long2LongOpenHashMap registrations) {
    Map<Integer, Integer> firstHeld = new HashMap<>();
    for (Holder h : firms) {
      for (int i = 0; i < h.size; i++) {
        if (!h.invalid[i]) {
          firstHeld.merge(h.person[i], h.day[i], Math::min);
        }
      }
    }
    Map<String, Map<String, Set<Long>>> truth = new LinkedHashMap<>();
    for (Holder h : firms) {
      Map<Long, Integer> stampCounts = new HashMap<>();
      for (int i = 0; i < h.size; i++) {
        if (h.consent[i] != Long.MIN_VALUE) {
          stampCounts.merge(CaseFiles.writtenConsent(h, i), 1, Integer::sum);
        }
      }
      Map<String, Set<Long>> findings = new LinkedHashMap<>();
      for (String f : List.of("NO_CONSENT", "SHARED_CONSENT_TIMESTAMP", "CONSENT_BEFORE_HOLDING", "CONSENT_REVOKED_BY_REGISTRATION")) {
        findings.put(f, new HashSet<>());
      }
      for (int i = 0; i < h.size; i++) {
        if (h.invalid[i]) {
          continue;
        }
        long number = number(h.person[i]);
        long consent = h.consent[i];
        if (consent == Long.MIN_VALUE) {
          findings.get("NO_CONSENT").add(number);
          continue;
        }
        long written = CaseFiles.writtenConsent(h, i);
        if (stampCounts.get(written) >= 10) {
          findings.get("SHARED_CONSENT_TIMESTAMP").add(number);
        }
        long consentDay = Math.floorDiv(written + ZONE.getRules().getOffset(java.time.Instant.ofEpochSecond(written)).getTotalSeconds(), 86_400L);
        if (consentDay < firstHeld.get(h.person[i]) - 365) {
          findings.get("CONSENT_BEFORE_HOLDING").add(number);
        }
        long registered = registrations.getOrDefault(number, Long.MIN_VALUE);
        if (registered != Long.MIN_VALUE && Math.floorDiv(written, 60) < Math.floorDiv(registered, 60)) {
          findings.get("CONSENT_REVOKED_BY_REGISTRATION").add(number);
        }
      }
      truth.put(h.name, findings);
    }
    return truth;
  }

  private Set<String> honeypotTruth(List<Holder> firms) {
    Set<String> hits = new HashSet<>();
    for (Holder h : firms) {
      for (int i = 0; i < h.size; i++) {
        if (h.honeypot[i]) {
          hits.add("+" + number(h.person[i]) + "|" + h.name + "|" + LocalDate.ofEpochDay(h.day[i]));
        }
      }
    }
    return hits;
  }

  /** The honeypot numbers planted. */
  public List<Long> honeypotNumbers() {
    List<Long> numbers = new ArrayList<>();
    for (int i = 0; i < settings.honeypots(); i++) {
      numbers.add(number((int) (population + 1 + i)));
    }
    return numbers;
  }

  static long number(int person) {
    return People.e164(person);
  }
}
