package org.opendnc.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.opendnc.core.sample.SampleData;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.engine.RegisterImport;

/**
 * The bulk-import benchmark: a generated register CSV (realistic numbers, ~0.1% malformed rows)
 * imported into a fresh SQLite register, as {@code dnc register import} does, several times;
 * prints each run and the median, and checks the answer.
 */
public final class ImportBenchmark {
  /*
   * Each run: delete the data directory, open a new register (SQLite default, WAL,
   * synchronous=FULL), time RegisterImport.run plus saveSnapshot (what the CLI does before it
   * reports), then check untimed: every row accounted for (registered + already + duplicates +
   * rejected), as many events in the log and numbers in the index as registered. The first run
   * also imports the file a second time and requires that it registers nothing (idempotence).
   */

  private static final long REGISTER_SEED = 20110131L;

  private ImportBenchmark() {}

  /** Command-line options: register size, runs, directory, profile. */
  record Options(long registerSize, int runs, Path directory, SampleData.Profile profile) {
    static Options parse(String... args) {
      long size = 1_000_000;
      int runs = 3;
      Path directory = Path.of("bench-data");
      SampleData.Profile profile = SampleData.Profile.IT;
      for (int i = 0; i + 1 < args.length; i += 2) {
        String value = args[i + 1];
        switch (args[i]) {
          case "--register-size" -> size = CheckBenchmark.Options.parseCount(value);
          case "--runs" -> runs = Integer.parseInt(value);
          case "--dir" -> directory = Path.of(value);
          case "--profile" -> profile = SampleData.Profile.valueOf(value.toUpperCase(Locale.ROOT));
          default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
        }
      }
      if (args.length % 2 != 0 || runs < 1 || size < 1) {
        throw new IllegalArgumentException(usage());
      }
      return new Options(size, runs, directory, profile);
    }
  }

  static String usage() {
    return """
        usage: ImportBenchmark [--register-size 1M] [--runs 3] [--dir DIR] [--profile IT|US]
          imports a generated register CSV into a fresh SQLite register per run; prints the median""";
  }

  public static void main(String[] args) throws IOException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(64);
      return;
    }
    run(options, System.out);
  }

  /**
   * Runs the benchmark and returns the seconds of each run.
   *
   * @throws IllegalStateException if an import's counts do not add up or a re-import registers
   *     anything
   */
  static double[] run(Options options, PrintStream out) throws IOException {
    Files.createDirectories(options.directory());
    Path csv = options.directory().resolve(
        "register-" + options.profile() + "-" + options.registerSize() + "-s" + REGISTER_SEED + ".csv");
    if (!Files.exists(SampleData.sidecar(csv)) || !Files.exists(csv)) {
      long start = System.nanoTime();
      SampleData.writeRegister(csv, options.registerSize(), REGISTER_SEED, options.profile());
      out.printf(Locale.ROOT, "generated %s (%,d MB) in %.1f s%n", csv, Files.size(csv) >> 20,
          (System.nanoTime() - start) / 1e9);
    }
    double[] seconds = new double[options.runs()];
    long registered = 0;
    for (int run = 0; run < options.runs(); run++) {
      Path data = options.directory().resolve("import-data");
      deleteRecursively(data);
      RegisterConfig config = new RegisterConfig(data, null, null, null, options.profile().name());
      try (Register register = Register.open(config, line -> {})) {
        long cpuStart = processCpuNanos();
        long readerCpuStart = threadCpuNanos(Thread.currentThread());
        long writerCpuStart = threadCpuNanos(writerThread());
        long start = System.nanoTime();
        RegisterImport.Result result =
            new RegisterImport(register, Clock.systemUTC()).run(csv, data.resolve("rejects.csv"), null);
        register.saveSnapshot();
        seconds[run] = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        out.printf(Locale.ROOT,
            "run %d: %,d rows in %.2f s: %,.0f numbers registered/s (registered %,d, duplicates %,d, rejected %,d)%n"
                + "  CPU: process %.1f s, reader %.1f s, register writer (SQLite, index) %.1f s; load average %s%n",
            run + 1, result.rows(), seconds[run], result.registered() / seconds[run], result.registered(),
            result.duplicates(), result.rejected(), cpuSeconds,
            (threadCpuNanos(Thread.currentThread()) - readerCpuStart) / 1e9,
            (threadCpuNanos(writerThread()) - writerCpuStart) / 1e9, loadAverage());
        verify(register, result);
        registered = result.registered();
        if (run == 0) {
          long start2 = System.nanoTime();
          RegisterImport.Result again =
              new RegisterImport(register, Clock.systemUTC()).run(csv, data.resolve("rejects2.csv"), null);
          if (again.registered() != 0 || again.alreadyRegistered() != result.registered()) {
            throw new IllegalStateException("re-import registered " + again.registered() + ", found "
                + again.alreadyRegistered() + " registered of " + result.registered());
          }
          out.printf(Locale.ROOT, "  re-import of the same file: nothing registered, %,d already registered (%.2f s)%n",
              again.alreadyRegistered(), (System.nanoTime() - start2) / 1e9);
        }
      }
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double median = sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    out.printf(Locale.ROOT, "import of %,d rows (%s), %d runs: median %.2f s, %,.0f numbers registered/s; runs %s%n",
        options.registerSize(), options.profile(), options.runs(), median, registered / median,
        Arrays.toString(seconds));
    return seconds;
  }

  private static void verify(Register register, RegisterImport.Result result) {
    long accounted = result.registered() + result.alreadyRegistered() + result.duplicates() + result.rejected();
    if (accounted != result.rows()) {
      throw new IllegalStateException(result.rows() + " rows read but " + accounted + " accounted for: " + result);
    }
    long logged = register.store().events().count();
    long indexed = register.view().registeredCount();
    if (logged != result.registered() || indexed != result.registered()) {
      throw new IllegalStateException("registered " + result.registered() + " but the log holds " + logged
          + " events and the index " + indexed + " numbers");
    }
  }

  /** CPU time of this process (all threads), for comparing runs on a shared machine. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static long threadCpuNanos(Thread thread) {
    return thread == null ? 0 : Math.max(0, ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.threadId()));
  }

  /** The register's writer thread (it appends and applies every run), or null. */
  private static Thread writerThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("opendnc-register-writer"))
        .findFirst()
        .orElse(null);
  }

  private static String loadAverage() {
    return String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
