package org.opendnc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.engine.ListCheck;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.engine.RegisterImport;
import org.opendnc.engine.consent.LedgerImport;

/**
 * Issue 4's third target: the same list checked by an operator holding no consents and by one
 * holding consents and contracts for a share of the list's registered numbers, side by side in one
 * run, with the ratio and every answer checked row by row.
 */
public final class ConsentCheckBenchmark {

  /*
   * Setup (untimed): the check benchmark's register and list (same files and SQLite register
   * directory, so either benchmark reuses the other's); one plain check to find the list's
   * registered numbers (BLOCKED, REGISTERED), in list order; the first --consents distinct ones get
   * a consent for operator "bench-consents" through the ledger's bulk import (LedgerImport, the path
   * of `dnc ledger import` and the API), one in ten of them given BEFORE the register's earliest
   * registration (so it must not count); the next --contracts get a contract. A register that
   * already holds them is reused.
   *
   * Timed, interleaved: ListCheck.run as "bench-plain" (holds nothing: the plain check) and as
   * "bench-consents". After each pair the two result files are compared row by row: a number with a
   * counted consent must be CALLABLE CONSENT in the consent run and BLOCKED REGISTERED in the plain
   * one; a contract number CALLABLE CONTRACT; a consent given before the registration BLOCKED
   * REGISTERED in both; every other row the same verdict and reason in both. Any difference throws.
   */

  static final String PLAIN = "bench-plain";
  static final String HOLDER = "bench-consents";
  /** Before the sample register's first registration (2011): such a consent must not count. */
  static final Instant BEFORE_REGISTRATION = Instant.parse("2010-01-01T00:00:00Z");

  record Options(CheckBenchmark.Options check, long consents, long contracts) {
    static Options parse(String... args) {
      long consents = 1_000_000;
      long contracts = 200_000;
      java.util.List<String> rest = new java.util.ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--consents" -> consents = CheckBenchmark.Options.parseCount(args[++i]);
          case "--contracts" -> contracts = CheckBenchmark.Options.parseCount(args[++i]);
          default -> rest.add(args[i]);
        }
      }
      return new Options(CheckBenchmark.Options.parse(rest.toArray(String[]::new)), consents, contracts);
    }
  }

  /** The medians and the ratio. */
  record Figures(double plainSeconds, double consentSeconds, double ratio, long consentRows, long contractRows,
      Selection selection) {}

  private ConsentCheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      System.err.println(e.getMessage() + "\nusage: ConsentCheckBenchmark [CheckBenchmark options]"
          + " [--consents 1M] [--contracts 200k]");
      System.exit(64);
      return;
    }
    run(options, System.out);
  }

  static Figures run(Options options, PrintStream out) throws Exception {
    CheckBenchmark.Options check = options.check();
    Files.createDirectories(check.directory());
    Path registerCsv = CheckBenchmark.register(check, out);
    Path list = CheckBenchmark.list(check, registerCsv, out);
    String name = registerCsv.getFileName().toString().replace(".csv", "");
    try (Register register = Register.open(new RegisterConfig(check.directory().resolve("opendnc-" + name),
        null, null, null, check.profile().name()), line -> out.println("  opendnc: " + line))) {
      if (register.view().registeredCount() == 0) {
        new RegisterImport(register, Clock.systemUTC())
            .run(registerCsv, check.directory().resolve("opendnc-" + name + ".rejects.csv"), null);
        register.saveSnapshot();
      }
      Path outputs = Files.createDirectories(check.directory().resolve("out"));
      Path plainOut = outputs.resolve("consents-plain.csv");
      Path holderOut = outputs.resolve("consents-holder.csv");
      Selection selection = select(register, list, plainOut, options, out);
      record(register, selection, check.directory(), out);

      double[] plain = new double[check.runs()];
      double[] holder = new double[check.runs()];
      long[] counted = null;
      double[] ratios = new double[check.runs()];
      for (int run = -check.warmups(); run < check.runs(); run++) {
        if (run < 0) { // --warmup: both checks untimed first, as CheckBenchmark does
          CheckBenchmark.flushDirtyPages();
          double warmPlain = timed(register, PLAIN, list, plainOut);
          CheckBenchmark.flushDirtyPages();
          double warmHolder = timed(register, HOLDER, list, holderOut);
          out.printf(Locale.ROOT, "warm-up %d  plain %7.2f s   with consents %7.2f s   (untimed)%n",
              run + check.warmups() + 1, warmPlain, warmHolder);
          continue;
        }
        // Alternate which goes first, so that neither always follows the other's writes.
        if (run % 2 == 0) {
          CheckBenchmark.flushDirtyPages();
          plain[run] = timed(register, PLAIN, list, plainOut);
        }
        CheckBenchmark.flushDirtyPages();
        holder[run] = timed(register, HOLDER, list, holderOut);
        if (run % 2 == 1) {
          CheckBenchmark.flushDirtyPages();
          plain[run] = timed(register, PLAIN, list, plainOut);
        }
        ratios[run] = holder[run] / plain[run];
        out.printf(Locale.ROOT, "run %d  plain %7.2f s   with consents %7.2f s   ratio %.3f%n", run + 1,
            plain[run], holder[run], holder[run] / plain[run]);
        counted = compare(plainOut, holderOut, selection);
      }
      double plainMedian = median(plain);
      double holderMedian = median(holder);
      Figures figures = new Figures(plainMedian, holderMedian, median(ratios), counted[0], counted[1],
          selection);
      out.printf(Locale.ROOT, "%n%,d-row list, %,d-number register; %s holds %,d consents (%,d of them given"
              + " before the registration) and %,d contracts%n", check.listSize(), register.view().registeredCount(),
          HOLDER, selection.consents.length + selection.early.length, selection.before, selection.contracts.length);
      out.printf(Locale.ROOT, "plain check          median %7.2f s  (%,.0f rows/s)%n", plainMedian,
          check.listSize() / plainMedian);
      out.printf(Locale.ROOT, "check with consents  median %7.2f s  (%,.0f rows/s)%n", holderMedian,
          check.listSize() / holderMedian);
      out.printf(Locale.ROOT, "ratio (median of the runs' ratios) %.3f, of the medians %.3f (target <= 1.2); %,d rows CALLABLE CONSENT, %,d rows CALLABLE CONTRACT;"
          + " every row checked against the plain run%n", figures.ratio(), holderMedian / plainMedian, counted[0], counted[1]);
      out.println("JVM arguments: " + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
          + "; cores " + Runtime.getRuntime().availableProcessors());
      return figures;
    }
  }

  private static double timed(Register register, String operator, Path list, Path output) {
    long start = System.nanoTime();
    Receipt receipt = new ListCheck(register, Clock.systemUTC())
        .run(list, output, new CheckOptions(operator, null, false), null).receipt();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (receipt.counts().rows() == 0) {
      throw new CheckBenchmark.AnswerMismatchException(operator + " checked no rows");
    }
    return seconds;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Sorted numbers with a consent given after registration, before it, and with a contract. */
  record Selection(long[] consents, long[] early, long[] contracts, int before) {}

  private static Selection select(Register register, Path list, Path plainOut, Options options, PrintStream out)
      throws IOException {
    new ListCheck(register, Clock.systemUTC()).run(list, plainOut, new CheckOptions(PLAIN, null, false), null);
    java.util.LinkedHashSet<Long> registered = new java.util.LinkedHashSet<>();
    try (BufferedReader reader = Files.newBufferedReader(plainOut, StandardCharsets.UTF_8)) {
      reader.readLine();
      for (String line = reader.readLine(); line != null
          && registered.size() < options.consents() + options.contracts(); line = reader.readLine()) {
        String[] tail = tail(line, 3);
        if (tail[1].equals("BLOCKED") && tail[2].equals("REGISTERED")) {
          registered.add(Long.parseLong(tail[0].substring(1)));
        }
      }
    }
    long[] all = registered.stream().mapToLong(Long::longValue).toArray();
    int consentCount = (int) Math.min(options.consents(), all.length);
    int before = consentCount / 10;
    long[] early = Arrays.copyOfRange(all, 0, before);
    long[] consents = Arrays.copyOfRange(all, before, consentCount);
    long[] contracts = Arrays.copyOfRange(all, consentCount, all.length);
    Arrays.sort(early);
    Arrays.sort(consents);
    Arrays.sort(contracts);
    out.printf(Locale.ROOT, "selected %,d registered numbers of the list: %,d consents (%,d of them given before"
        + " the registration), %,d contracts%n", all.length, consentCount, before, contracts.length);
    return new Selection(consents, early, contracts, before);
  }

  private static void record(Register register, Selection selection, Path directory, PrintStream out)
      throws IOException {
    if (register.ledger().log().size() > 0) {
      out.printf(Locale.ROOT, "reusing the %,d ledger records already in the register%n", register.ledger().log().size());
      return;
    }
    Instant given = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    long start = System.nanoTime();
    Path consents = directory.resolve("bench-consents.jsonl");
    Path contracts = directory.resolve("bench-contracts.jsonl");
    try (var writer = Files.newBufferedWriter(consents, StandardCharsets.UTF_8)) {
      for (long number : selection.early) {
        writer.write(consentLine(number, BEFORE_REGISTRATION));
      }
      for (long number : selection.consents) {
        writer.write(consentLine(number, given));
      }
    }
    try (var writer = Files.newBufferedWriter(contracts, StandardCharsets.UTF_8)) {
      for (long number : selection.contracts) {
        writer.write("{\"number\":\"+" + number + "\",\"start\":\"" + given + "\"}\n");
      }
    }
    long recorded = 0;
    for (Path file : new Path[] {consents, contracts}) {
      LedgerImport.Kind kind = file == consents ? LedgerImport.Kind.CONSENTS : LedgerImport.Kind.CONTRACTS;
      try (var in = Files.newInputStream(file)) {
        if (Files.size(file) > 0) {
          recorded += new LedgerImport(register.ledger(), HOLDER, kind, null, reject -> {
            throw new IllegalStateException(file + " line " + reject.line() + " not recorded: " + reject.reasons());
          }).run(in, LedgerImport.Format.JSON_LINES).recorded();
        }
      }
      Files.delete(file);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "recorded %,d consents and contracts through LedgerImport in %.1f s (%,.0f records/s,"
        + " each integrated and durable)%n", recorded, seconds, recorded / seconds);
  }

  private static String consentLine(long number, Instant given) {
    return "{\"number\":\"+" + number + "\",\"controller\":\"Bench S.p.A.\",\"purposes\":[\"telemarketing\"],"
        + "\"notice\":{\"version\":\"v1\",\"sha256\":\"" + "ab".repeat(32) + "\"},\"collection_method\":\"web_form\","
        + "\"given_at\":\"" + given + "\",\"evidence\":{\"ip\":\"203.0.113.7\",\"timestamp\":\"" + given
        + "\",\"confirmation_message_id\":\"m-" + number + "\"},\"recipients\":[\"category:energy\"]}\n";
  }

  /**
   * Compares the two results row by row (see the class comment).
   *
   * @return rows CALLABLE CONSENT and rows CALLABLE CONTRACT in the consent run
   */
  static long[] compare(Path plainOut, Path holderOut, Selection selection) throws IOException {
    long consentRows = 0;
    long contractRows = 0;
    long line = 1;
    try (BufferedReader plain = Files.newBufferedReader(plainOut, StandardCharsets.UTF_8);
        BufferedReader holder = Files.newBufferedReader(holderOut, StandardCharsets.UTF_8)) {
      String plainHeader = plain.readLine();
      String holderHeader = holder.readLine();
      if (!holderHeader.equals(plainHeader + ",record_id,leaf_index")) {
        throw new CheckBenchmark.AnswerMismatchException("the consent run's header is " + holderHeader);
      }
      while (true) {
        String p = plain.readLine();
        String h = holder.readLine();
        line++;
        if (p == null || h == null) {
          if (p != h) {
            throw new CheckBenchmark.AnswerMismatchException("the results differ in length at line " + line);
          }
          break;
        }
        String[] plainTail = tail(p, 3);
        String[] holderTail = tail(h, 5);
        if (!p.substring(0, p.length() - String.join(",", plainTail).length())
            .equals(h.substring(0, h.length() - String.join(",", holderTail).length()))
            || !plainTail[0].equals(holderTail[0])) {
          throw new CheckBenchmark.AnswerMismatchException("line " + line + " differs in its input: " + p + " / " + h);
        }
        long e164 = plainTail[0].isEmpty() ? -1 : Long.parseLong(plainTail[0].substring(1));
        String plainAnswer = plainTail[1] + "," + plainTail[2];
        String holderAnswer = holderTail[1] + "," + holderTail[2];
        String expected;
        if (e164 >= 0 && Arrays.binarySearch(selection.consents, e164) >= 0) {
          expected = "CALLABLE,CONSENT";
          consentRows++;
        } else if (e164 >= 0 && Arrays.binarySearch(selection.contracts, e164) >= 0) {
          expected = "CALLABLE,CONTRACT";
          contractRows++;
        } else {
          expected = plainAnswer;
        }
        boolean basisNamed = !holderTail[3].isEmpty() && !holderTail[4].isEmpty();
        if (!holderAnswer.equals(expected) || basisNamed != expected.startsWith("CALLABLE,CON")
            || (!expected.equals(plainAnswer) && !plainAnswer.equals("BLOCKED,REGISTERED"))) {
          throw new CheckBenchmark.AnswerMismatchException("line " + line + ": plain " + plainAnswer
              + ", with consents " + String.join(",", holderTail) + ", expected " + expected);
        }
      }
    }
    if (selection.consents.length > 0 && consentRows == 0) {
      throw new CheckBenchmark.AnswerMismatchException("no row was made callable by a consent");
    }
    return new long[] {consentRows, contractRows};
  }

  /** The last {@code count} comma-separated fields of a result row (the columns the check appended). */
  static String[] tail(String line, int count) {
    String[] fields = new String[count];
    int end = line.length();
    for (int i = count - 1; i >= 0; i--) {
      int comma = line.lastIndexOf(',', end - 1);
      fields[i] = line.substring(comma + 1, end);
      end = comma;
    }
    return fields;
  }
}
