package org.opendnc.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.opendnc.bench.Contender.Result;
import org.opendnc.core.sample.SampleData;
import org.opendnc.core.sample.SampleData.Profile;

/**
 * The end-to-end check benchmark: the same register and call list through every contender, runs
 * interleaved, medians and ratios printed side by side, and every answer checked against the others.
 */
public final class CheckBenchmark {
  /*
   * Flow: generate (or reuse) the register and the list in --dir; prepare every contender untimed
   * (load the register); then for each run, check the list with each contender in turn, so that
   * machine noise hits all of them alike. After the first run each result file is read back
   * (untimed) into an OutputDigest: the contender's reported counts must match its file, and all
   * contenders must block exactly the same rows (same count and same digest of row ids). Contenders
   * that validate numbers (libphonenumber) must agree on every verdict; the SQL peers only
   * normalise text, so their invalid/callable split may differ on malformed numbers, and the table
   * says by how much. Any disagreement throws AnswerMismatchException: a fast wrong answer fails.
   */

  private static final long REGISTER_SEED = 20110131L;
  private static final long LIST_SEED = 42L;

  /** Thrown when contenders disagree on an answer. */
  public static final class AnswerMismatchException extends IllegalStateException {
    AnswerMismatchException(String message) {
      super(message);
    }
  }

  /** Command-line options; see {@link #usage()}. */
  record Options(long registerSize, long listSize, Path directory, int runs, int warmups, Set<String> only,
      Profile profile, double registeredShare, String duckDbMemory) {

    static Options parse(String... args) {
      long registerSize = 30_000_000;
      long listSize = 10_000_000;
      Path directory = Path.of("bench-data");
      int runs = 3;
      int warmups = 0;
      Set<String> only = Set.of();
      Profile profile = Profile.IT;
      double share = 0.3;
      String duckDbMemory = "4GB";
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (option.equals("--help") || option.equals("-h")) {
          throw new IllegalArgumentException(usage());
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + option + "\n" + usage());
        }
        String value = args[++i];
        switch (option) {
          case "--register-size" -> registerSize = parseCount(value);
          case "--list-size" -> listSize = parseCount(value);
          case "--dir" -> directory = Path.of(value);
          case "--runs" -> runs = Integer.parseInt(value);
          case "--warmup" -> warmups = Integer.parseInt(value);
          case "--only" -> only = new LinkedHashSet<>(Arrays.asList(value.toLowerCase(Locale.ROOT).split(",")));
          case "--profile" -> profile = Profile.valueOf(value.toUpperCase(Locale.ROOT));
          case "--registered-share" -> share = Double.parseDouble(value);
          case "--duckdb-memory" -> duckDbMemory = value;
          default -> throw new IllegalArgumentException("unknown option " + option + "\n" + usage());
        }
      }
      if (runs < 1 || registerSize < 1 || listSize < 1) {
        throw new IllegalArgumentException("sizes and runs must be positive\n" + usage());
      }
      if (warmups < 0) {
        throw new IllegalArgumentException("--warmup must be 0 or more\n" + usage());
      }
      return new Options(registerSize, listSize, directory, runs, warmups, only, profile, share, duckDbMemory);
    }

    /** Accepts 30000000, 30_000_000, 30M, 500k. */
    static long parseCount(String value) {
      String text = value.replace("_", "").toUpperCase(Locale.ROOT);
      long unit = 1;
      if (text.endsWith("K")) {
        unit = 1_000;
      } else if (text.endsWith("M")) {
        unit = 1_000_000;
      } else if (text.endsWith("G")) {
        unit = 1_000_000_000;
      }
      return Long.parseLong(unit == 1 ? text : text.substring(0, text.length() - 1)) * unit;
    }
  }

  static String usage() {
    return """
        usage: CheckBenchmark [--register-size N] [--list-size N] [--dir DIR] [--runs N] [--warmup N]
                              [--only NAME,...] [--profile IT|US] [--registered-share 0.3] [--duckdb-memory 4GB]
          defaults: 30M register rows, 10M list rows, ./bench-data, 3 runs, no warm-up, all contenders
          --warmup N: N untimed checks by every contender (in the same interleaved order) before
                      the timed runs, so that the medians are those of a warm process (JIT, caches)
          contenders: opendnc (once wired), naive, duckdb, postgresql""";
  }

  private CheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(64);
      return;
    }
    List<Contender> contenders = contenders(options);
    try {
      run(options, contenders, System.out);
    } catch (AnswerMismatchException e) {
      System.err.println("ANSWER MISMATCH: " + e.getMessage());
      System.exit(1);
    } finally {
      for (Contender contender : contenders) {
        contender.close();
      }
    }
  }

  /**
   * The slot for OpenDNC's own contender: return it here once the engine's check exists, e.g.
   * {@code Optional.of(new OpenDncContender(register -> { var index = ...load(register);
   * return (list, output) -> ...check(index, list, output); }, "1 thread"))}. It then runs first
   * and is the baseline of the ratios.
   */
  static Optional<Contender> openDnc(Options options) {
    OpenDncContender.Engine engine = registerCsv -> {
      String name = registerCsv.getFileName().toString().replace(".csv", "");
      org.opendnc.engine.Register register = org.opendnc.engine.Register.open(
          new org.opendnc.engine.RegisterConfig(
              options.directory().resolve("opendnc-" + name), null, null, null, options.profile().name()),
          line -> System.out.println("  opendnc: " + line));
      if (register.view().registeredCount() == 0) {
        new org.opendnc.engine.RegisterImport(register, java.time.Clock.systemUTC())
            .run(registerCsv, options.directory().resolve("opendnc-" + name + ".rejects.csv"), null);
        register.saveSnapshot();
      }
      register.view().lookupFor("bench-operator"); // builds the lookup table, as the first check would
      System.out.printf("  opendnc: index %,d numbers, %.2f bytes/number (bitmaps, lookup table, allowances)%n",
          register.view().registeredCount(),
          register.view().sizeInBytes() / (double) Math.max(1, register.view().registeredCount()));
      return new OpenDncChecker(register);
    };
    return Optional.of(new OpenDncContender(engine,
        "byte-level CSV scan, NumberParser fast path, NumberTable lookups on " + Runtime.getRuntime().availableProcessors()
            + " worker threads; writes and stores a signed receipt"));
  }

  /** OpenDNC's check on an open register; closing it closes the register. */
  private record OpenDncChecker(org.opendnc.engine.Register register) implements OpenDncContender.Checker, AutoCloseable {
    @Override
    public Result check(Path list, Path output) {
      var counts = new org.opendnc.engine.ListCheck(register, java.time.Clock.systemUTC())
          .run(list, output, new org.opendnc.core.check.CheckOptions("bench-operator", null, false), null)
          .receipt().counts();
      return new Result(counts.rows(), counts.callable(), counts.blocked(), counts.invalid());
    }

    @Override
    public void close() {
      register.close();
    }
  }

  /** The contenders selected by --only, OpenDNC first when wired. */
  static List<Contender> contenders(Options options) {
    List<Contender> all = new ArrayList<>();
    openDnc(options).ifPresent(all::add);
    all.add(new NaiveContender(options.profile()));
    all.add(new DuckDbContender(options.profile(), options.directory().resolve("duckdb-tmp"), options.duckDbMemory()));
    all.add(new PostgresContender(options.profile(), options.directory().resolve("postgres-data")));
    if (options.only().isEmpty()) {
      return all;
    }
    List<Contender> selected = new ArrayList<>();
    for (Contender contender : all) {
      if (options.only().contains(contender.name())
          || (contender.name().equals("postgresql") && options.only().contains("postgres"))) {
        selected.add(contender);
      }
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("--only " + options.only() + " names no contender\n" + usage());
    }
    return selected;
  }

  /** One contender's figures. */
  record Row(Contender contender, double[] seconds, Result result, OutputDigest digest) {
    double medianSeconds() {
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      int middle = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
  }

  /**
   * Generates or reuses the data, prepares and runs the contenders, prints the table.
   *
   * @throws AnswerMismatchException if contenders disagree on which rows are blocked, or a
   *     contender's reported counts do not match its result file
   */
  static List<Row> run(Options options, List<Contender> contenders, PrintStream out) throws Exception {
    Runtime runtime = Runtime.getRuntime();
    out.printf(Locale.ROOT, "JVM %s, max heap %,d MB, %d cores available%n", Runtime.version(),
        runtime.maxMemory() >> 20, runtime.availableProcessors());
    Files.createDirectories(options.directory());
    Path register = register(options, out);
    Path list = list(options, register, out);
    int inputColumns = options.profile().listHeader().split(",").length;
    Path outputs = Files.createDirectories(options.directory().resolve("out"));

    for (Contender contender : contenders) {
      long start = System.nanoTime();
      contender.prepare(register);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.gc();
      out.printf(Locale.ROOT, "prepared %-11s in %7.2f s; JVM heap used %,d MB; %s%n", contender.name(), seconds,
          (runtime.totalMemory() - runtime.freeMemory()) >> 20, contender.notes());
    }

    List<Row> rows = new ArrayList<>();
    for (Contender contender : contenders) {
      rows.add(new Row(contender, new double[options.runs()], null, null));
    }
    for (int run = -options.warmups(); run < options.runs(); run++) {
      for (int i = 0; i < contenders.size(); i++) {
        Contender contender = contenders.get(i);
        Path output = outputs.resolve(contender.name() + ".csv");
        // Untimed: each check writes a new file, as a user's does; freeing the previous run's
        // ~800 MB (ext4 discards its blocks) is not part of checking a list.
        Files.deleteIfExists(output);
        flushDirtyPages();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        Result result = contender.check(list, output);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        if (run < 0) {
          out.printf(Locale.ROOT, "warm-up %d %-11s %8.2f s  cpu %6.2f s (untimed)  %s%n", run + options.warmups() + 1,
              contender.name(), seconds, cpuSeconds, result);
          continue;
        }
        Row row = rows.get(i);
        row.seconds()[run] = seconds;
        // The process's CPU time (all threads, user and system; an in-process peer's too): on a
        // noisy machine it shows whether a change saved work or only waited differently.
        out.printf(Locale.ROOT, "run %d %-11s %8.2f s  cpu %6.2f s (%.2f cores)  %s%n", run + 1, contender.name(),
            seconds, cpuSeconds, cpuSeconds / seconds, result);
        if (run == 0) {
          rows.set(i, new Row(contender, row.seconds(), result, OutputDigest.of(output, inputColumns)));
        } else if (!result.equals(row.result())) {
          throw new AnswerMismatchException(contender.name() + " answered " + result + " in run " + (run + 1)
              + " but " + row.result() + " in run 1");
        }
      }
      if (run == 0) {
        verify(rows, options.listSize());
      }
    }
    print(rows, options, out);
    return rows;
  }

  /** CPU time of this process so far, all threads, in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Writes back the page cache's dirty pages before a timed check (untimed): each check writes a
   * result of ~800 MB at 10 M rows, and without this the next contender's writes are throttled to
   * the disk's speed while the kernel writes back the previous one's, whichever contender that is.
   */
  static void flushDirtyPages() {
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
    } catch (IOException e) {
      // No sync command: the runs are then throttled alike; nothing to flush here.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Checks every answer against its own file and against the first contender's. */
  static void verify(List<Row> rows, long listSize) {
    Row baseline = rows.get(0);
    Row validatingBaseline = rows.stream().filter(row -> row.contender().validatesNumbers()).findFirst().orElse(null);
    for (Row row : rows) {
      String name = row.contender().name();
      OutputDigest digest = row.digest();
      if (digest.badRows() > 0) {
        throw new AnswerMismatchException(name + " wrote " + digest.badRows()
            + " result rows without the input columns plus e164, verdict, reason");
      }
      if (digest.rows() != listSize || row.result().rows() != listSize) {
        throw new AnswerMismatchException(name + " reported " + row.result().rows() + " rows and wrote "
            + digest.rows() + "; the list has " + listSize);
      }
      if (!digest.counts().equals(row.result())) {
        throw new AnswerMismatchException(name + " reported " + row.result() + " but its file says " + digest.counts());
      }
      if (digest.blocked() != baseline.digest().blocked() || digest.blockedIds() != baseline.digest().blockedIds()) {
        throw new AnswerMismatchException(name + " blocked " + digest.blocked() + " rows, "
            + baseline.contender().name() + " blocked " + baseline.digest().blocked()
            + (digest.blocked() == baseline.digest().blocked() ? " (same count, different rows)" : ""));
      }
      if (row.contender().validatesNumbers() && validatingBaseline != null
          && !sameVerdicts(digest, validatingBaseline.digest())) {
        throw new AnswerMismatchException(name + " and " + validatingBaseline.contender().name()
            + " both validate numbers but disagree: " + digest.counts() + " vs " + validatingBaseline.digest().counts());
      }
    }
  }

  private static boolean sameVerdicts(OutputDigest one, OutputDigest other) {
    return one.counts().equals(other.counts()) && one.callableIds() == other.callableIds()
        && one.invalidIds() == other.invalidIds();
  }

  private static void print(List<Row> rows, Options options, PrintStream out) {
    double baseline = rows.get(0).medianSeconds();
    out.println();
    out.printf(Locale.ROOT, "check of a %,d-row list against a %,d-row register (%s, %d runs after %d untimed, median)%n",
        options.listSize(), options.registerSize(), options.profile(), options.runs(), options.warmups());
    out.printf(Locale.ROOT, "%-11s %10s %13s %9s %12s %12s %12s %10s%n", "contender", "median s", "rows/s",
        "time x", "rows", "callable", "blocked", "invalid");
    for (Row row : rows) {
      double median = row.medianSeconds();
      Result result = row.result();
      out.printf(Locale.ROOT, "%-11s %10.2f %,13.0f %9.2f %,12d %,12d %,12d %,10d%n", row.contender().name(), median,
          result.rows() / median, median / baseline, result.rows(), result.callable(), result.blocked(),
          result.invalid());
    }
    out.printf(Locale.ROOT, "time x = median time / %s's median time (lower is faster)%n",
        rows.get(0).contender().name());
    out.println("all contenders blocked the same rows (count and digest of row ids).");
    Row validating = rows.stream().filter(row -> row.contender().validatesNumbers()).findFirst().orElse(null);
    for (Row row : rows) {
      if (!row.contender().validatesNumbers() && validating != null) {
        out.printf(Locale.ROOT,
            "%s does not validate numbers (SQL text normalisation): %,d invalid vs %,d for %s; the difference"
                + " is malformed numbers libphonenumber still reads, e.g. a typed letter O in a mobile.%n",
            row.contender().name(), row.result().invalid(), validating.result().invalid(),
            validating.contender().name());
      }
    }
    for (Row row : rows) {
      out.printf(Locale.ROOT, "%-11s %s%n", row.contender().name(), row.contender().notes());
    }
    out.printf(Locale.ROOT, "JVM heap max %,d MB; process RSS is not measured (see /proc/<pid>/status)%n",
        Runtime.getRuntime().maxMemory() >> 20);
    out.println("JVM arguments: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  static Path register(Options options, PrintStream out) throws IOException {
    Path file = options.directory().resolve(
        "register-" + options.profile() + "-" + options.registerSize() + "-s" + REGISTER_SEED + ".csv");
    if (Files.exists(SampleData.sidecar(file)) && Files.exists(file)) {
      out.println("reusing " + file);
      return file;
    }
    long start = System.nanoTime();
    SampleData.writeRegister(file, options.registerSize(), REGISTER_SEED, options.profile());
    out.printf(Locale.ROOT, "generated %s (%,d MB) in %.1f s%n", file, Files.size(file) >> 20,
        (System.nanoTime() - start) / 1e9);
    return file;
  }

  static Path list(Options options, Path register, PrintStream out) throws IOException {
    String registerName = register.getFileName().toString().replace(".csv", "");
    Path file = options.directory().resolve("list-" + options.profile() + "-" + options.listSize() + "-s" + LIST_SEED
        + "-r" + options.registeredShare() + "-on-" + registerName + ".csv");
    if (Files.exists(SampleData.sidecar(file)) && Files.exists(file)) {
      out.println("reusing " + file);
      return file;
    }
    long start = System.nanoTime();
    SampleData.writeList(file, options.listSize(), LIST_SEED, register, options.registeredShare(), options.profile());
    out.printf(Locale.ROOT, "generated %s (%,d MB) in %.1f s%n", file, Files.size(file) >> 20,
        (System.nanoTime() - start) / 1e9);
    return file;
  }
}
