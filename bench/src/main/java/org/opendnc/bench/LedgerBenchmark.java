package org.opendnc.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.opendnc.ledger.Checkpoint;
import org.opendnc.ledger.NoteSigner;
import org.opendnc.ledger.ProofVerifier;
import org.opendnc.ledger.Rfc6962;
import org.opendnc.ledger.TransparencyLog;
import org.opendnc.store.RegisterStore;

/**
 * The transparency log's benchmark: sustained appends with batched integration (a signed
 * checkpoint per integration) on SQLite or PostgreSQL, and inclusion and consistency proof times
 * on a large stored log. Every figure is checked: proofs are verified, the log is reopened.
 */
public final class LedgerBenchmark {
  /*
   * Appends: one producer thread appends 32-byte entries (the size of the salted record hashes the
   * consent ledger will log), paced at --rate or as fast as it can with at most --max-pending
   * queued; the main thread integrates in a loop, each integration taking what was queued (at most
   * --max-batch, which bounds the time between checkpoints) and writing it with its tiles and a
   * signed checkpoint in one durable transaction (SQLite WAL with synchronous=FULL; PostgreSQL
   * defaults). Counted: entries integrated during the measured
   * window (after a warm-up), the longest time between two checkpoints, integration times.
   *
   * Proofs: a log of --proof-size entries is built once through the same integrate() path, in
   * batches of --fill-batch (kept in --dir and resumed or reused by later runs), then reopened;
   * every proof is timed alone (System.nanoTime around the call) and verified untimed. Inclusion:
   * uniform random index in the whole tree. Consistency: uniform random old and new sizes. The
   * tile cache is the log's default (4,096 tiles); the database file is in the OS page cache after
   * the fill, which the figures say.
   */

  private static final long ENTRY_SEED = 0x5eed_1ed9_e4L;
  private static final String ORIGIN = "bench.opendnc.example/ledger";

  private LedgerBenchmark() {}

  /** Command-line options; see {@link #usage()}. */
  record Options(Path directory, Set<String> databases, int appendSeconds, int warmupSeconds,
      int maxPending, int maxBatch, long rate, long proofSize, int fillBatch, int proofs, Set<String> only) {

    static Options parse(String... args) {
      Path directory = Path.of("bench-data", "ledger");
      Set<String> databases = new LinkedHashSet<>(List.of("sqlite"));
      int appendSeconds = 60;
      int warmupSeconds = 5;
      int maxPending = 200_000;
      int maxBatch = 50_000;
      long rate = 0;
      long proofSize = 100_000_000;
      int fillBatch = 1_000_000;
      int proofs = 10_000;
      Set<String> only = Set.of("appends", "proofs");
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
          case "--dir" -> directory = Path.of(value);
          case "--database" -> databases = new LinkedHashSet<>(Arrays.asList(value.toLowerCase(Locale.ROOT).split(",")));
          case "--append-seconds" -> appendSeconds = Integer.parseInt(value);
          case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(value);
          case "--max-pending" -> maxPending = (int) CheckBenchmark.Options.parseCount(value);
          case "--max-batch" -> maxBatch = (int) CheckBenchmark.Options.parseCount(value);
          case "--rate" -> rate = CheckBenchmark.Options.parseCount(value);
          case "--proof-size" -> proofSize = CheckBenchmark.Options.parseCount(value);
          case "--fill-batch" -> fillBatch = (int) CheckBenchmark.Options.parseCount(value);
          case "--proofs" -> proofs = (int) CheckBenchmark.Options.parseCount(value);
          case "--only" -> only = new LinkedHashSet<>(Arrays.asList(value.toLowerCase(Locale.ROOT).split(",")));
          default -> throw new IllegalArgumentException("unknown option " + option + "\n" + usage());
        }
      }
      for (String database : databases) {
        if (!database.equals("sqlite") && !database.equals("postgresql")) {
          throw new IllegalArgumentException("--database takes sqlite and/or postgresql, not " + database);
        }
      }
      if (appendSeconds < 1 || proofSize < 2 || fillBatch < 1 || proofs < 1 || maxPending < 1 || maxBatch < 1
          || rate < 0) {
        throw new IllegalArgumentException("sizes and durations must be positive\n" + usage());
      }
      return new Options(directory, databases, appendSeconds, warmupSeconds, maxPending, maxBatch, rate,
          proofSize, fillBatch, proofs, only);
    }
  }

  static String usage() {
    return """
        usage: LedgerBenchmark [--only appends,proofs] [--dir DIR] [--database sqlite,postgresql]
                               [--append-seconds 60] [--warmup-seconds 5] [--rate 0]
                               [--max-batch 50k] [--max-pending 200k]
                               [--proof-size 100M] [--fill-batch 1M] [--proofs 10k]
          appends: sustained appends/s with an integration (signed checkpoint) per batch of at most
                   --max-batch entries; --rate N paces the producer at N appends/s (0: as fast as the
                   log takes them; it waits while --max-pending are queued)
          proofs:  inclusion and consistency proof times on a stored log of --proof-size entries
                   (SQLite in DIR/proofs-<size>, built once and reused)""";
  }

  public static void main(String[] args) throws Exception {
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

  /** The figures of one run, for tests. */
  record Figures(List<AppendFigures> appends, ProofFigures proofs) {}

  record AppendFigures(String database, long entries, double seconds, int checkpoints,
      double maxIntervalMillis, double integrationP50Millis, double integrationP99Millis) {
    double perSecond() {
      return entries / seconds;
    }
  }

  record ProofFigures(long size, double fillSeconds, double openMillis, Distribution inclusion,
      Distribution consistency, Distribution coldInclusion) {}

  static Figures run(Options options, PrintStream out) throws Exception {
    Files.createDirectories(options.directory());
    out.printf(Locale.ROOT, "JVM %s, max heap %,d MB, %d cores available%n", Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    List<AppendFigures> appends = new ArrayList<>();
    if (options.only().contains("appends")) {
      for (String database : options.databases()) {
        appends.add(appends(options, database, out));
      }
    }
    ProofFigures proofs = options.only().contains("proofs") ? proofs(options, out) : null;
    return new Figures(appends, proofs);
  }

  /** Entry {@code i} of the benchmark logs: 32 pseudo-random bytes, like a salted record hash. */
  static byte[] entry(long i) {
    SplittableRandom random = new SplittableRandom(ENTRY_SEED ^ (i * 0x9E3779B97F4A7C15L));
    byte[] entry = new byte[32];
    for (int word = 0; word < 4; word++) {
      long bits = random.nextLong();
      for (int b = 0; b < 8; b++) {
        entry[word * 8 + b] = (byte) (bits >>> (8 * b));
      }
    }
    return entry;
  }

  // ---- appends ----

  static AppendFigures appends(Options options, String database, PrintStream out) throws Exception {
    Path directory = Files.createDirectories(
        options.directory().resolve("appends-" + database + "-" + System.currentTimeMillis()));
    EmbeddedPostgres postgres = null;
    RegisterStore store;
    if (database.equals("postgresql")) {
      postgres = EmbeddedPostgres.builder().setDataDirectory(directory.resolve("postgres"))
          .setCleanDataDirectory(true).start();
      store = RegisterStore.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    } else {
      store = RegisterStore.openSqlite(directory);
    }
    try (store) {
      NoteSigner signer = NoteSigner.generate(ORIGIN);
      TransparencyLog log = TransparencyLog.open(store.ledger(), ORIGIN, signer);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong appended = new AtomicLong();
      Thread producer = new Thread(() -> {
        long i = 0;
        long producerStart = System.nanoTime();
        while (!stop.get()) {
          if ((i & 1023) == 0) {
            if (log.pendingCount() > options.maxPending()) {
              Thread.onSpinWait();
              continue;
            }
            if (options.rate() > 0) {
              long due = producerStart + i * 1_000_000_000L / options.rate();
              long early = due - System.nanoTime();
              if (early > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(early);
              }
            }
          }
          log.append(entry(i++));
          appended.lazySet(i);
        }
      }, "ledger-bench-producer");
      producer.start();
      long start = System.nanoTime();
      long measureFrom = start + options.warmupSeconds() * 1_000_000_000L;
      long measureTo = measureFrom + options.appendSeconds() * 1_000_000_000L;
      long sizeAtStart = -1;
      long lastCheckpointAt = 0;
      double maxInterval = 0;
      List<Double> integrations = new ArrayList<>();
      Checkpoint first = null;
      Checkpoint last = null;
      while (true) {
        long before = System.nanoTime();
        if (before >= measureTo) {
          break;
        }
        Checkpoint checkpoint = log.integrate(options.maxBatch());
        long after = System.nanoTime();
        boolean signed = last == null || checkpoint.size() != last.size();
        if (!signed) { // nothing was queued: no new checkpoint
          Thread.sleep(1);
          continue;
        }
        if (after < measureFrom) {
          lastCheckpointAt = after;
          last = checkpoint;
          continue;
        }
        if (sizeAtStart < 0) {
          sizeAtStart = checkpoint.size();
          first = checkpoint;
          measureFrom = after;
          measureTo = after + options.appendSeconds() * 1_000_000_000L;
        } else {
          integrations.add((after - before) / 1e6);
          maxInterval = Math.max(maxInterval, (after - lastCheckpointAt) / 1e6);
        }
        lastCheckpointAt = after;
        last = checkpoint;
      }
      stop.set(true);
      producer.join();
      double seconds = (lastCheckpointAt - measureFrom) / 1e9;
      long entries = last.size() - sizeAtStart;
      Distribution integration = Distribution.of(integrations);
      AppendFigures figures = new AppendFigures(database, entries, seconds, integrations.size(), maxInterval,
          integration.p50(), integration.p99());
      out.printf(Locale.ROOT, "appends %-10s %s: %,d entries in %.1f s = %,.0f appends/s integrated; %,d checkpoints,"
              + " longest gap between checkpoints %.0f ms; integration p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
              + " %,d appended, %,d still queued%n",
          database, options.rate() > 0 ? String.format(Locale.ROOT, "paced at %,d/s", options.rate()) : "unpaced",
          entries, seconds, figures.perSecond(), integrations.size(), maxInterval, integration.p50(),
          integration.p99(), integration.max(), appended.get(), log.pendingCount());
      log.integrate();
      verifyReopened(store, signer, log.checkpoint(), first, out);
      return figures;
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  /** Reopens the log (which checks the stored tree against its checkpoint) and verifies proofs. */
  private static void verifyReopened(RegisterStore store, NoteSigner signer, Checkpoint last, Checkpoint first,
      PrintStream out) {
    TransparencyLog reopened = TransparencyLog.open(store.ledger(), ORIGIN, signer);
    if (!reopened.checkpoint().equals(last)) {
      throw new IllegalStateException("the reopened log's checkpoint " + reopened.checkpoint() + " is not " + last);
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100; i++) {
      long index = random.nextLong(last.size());
      ProofVerifier.verifyInclusion(Rfc6962.leafHash(entry(index)), index, last.size(),
          reopened.inclusionProof(index, last.size()), last.rootHash());
    }
    if (first.size() > 0) {
      ProofVerifier.verifyConsistency(first.size(), last.size(),
          reopened.consistencyProof(first.size(), last.size()), first.rootHash(), last.rootHash());
    }
    out.printf(Locale.ROOT, "  checked: reopened at size %,d with the same checkpoint; 100 inclusion proofs and the"
        + " consistency proof %,d -> %,d verify%n", last.size(), first.size(), last.size());
  }

  // ---- proofs ----

  static ProofFigures proofs(Options options, PrintStream out) throws IOException {
    long size = options.proofSize();
    Path directory = Files.createDirectories(options.directory().resolve("proofs-" + size));
    Path keyFile = directory.resolve("signer.key");
    if (!Files.exists(keyFile)) {
      Files.writeString(keyFile, NoteSigner.generate(ORIGIN).signerKey());
    }
    NoteSigner signer = NoteSigner.parse(Files.readString(keyFile));
    double fillSeconds;
    try (RegisterStore store = RegisterStore.openSqlite(directory)) {
      TransparencyLog log = TransparencyLog.open(store.ledger(), ORIGIN, signer);
      fillSeconds = fill(log, size, options.fillBatch(), out);
    }
    try (RegisterStore store = RegisterStore.openSqlite(directory)) {
      long openStart = System.nanoTime();
      TransparencyLog log = TransparencyLog.open(store.ledger(), ORIGIN, signer);
      double openMillis = (System.nanoTime() - openStart) / 1e6;
      Checkpoint checkpoint = log.checkpoint();
      SplittableRandom random = new SplittableRandom(20261129L);
      Distribution cold = inclusionProofs(log, checkpoint, random, Math.min(100, options.proofs()));
      inclusionProofs(log, checkpoint, random, Math.min(2_000, options.proofs())); // warm-up
      Distribution inclusion = inclusionProofs(log, checkpoint, random, options.proofs());
      consistencyProofs(log, checkpoint, random, Math.min(2_000, options.proofs())); // warm-up
      Distribution consistency = consistencyProofs(log, checkpoint, random, options.proofs());
      out.printf(Locale.ROOT, "proofs  log of %,d entries (SQLite, %,d MB file); opened in %.0f ms (right edge"
              + " rebuilt, root checked)%n", size, Files.size(directory.resolve(RegisterStore.SQLITE_FILE_NAME)) >> 20,
          openMillis);
      out.println("  " + cold.describe("inclusion, first 100 after open (tile cache empty)"));
      out.println("  " + inclusion.describe("inclusion, random index in the whole tree"));
      out.println("  " + consistency.describe("consistency, random old and new sizes"));
      out.printf(Locale.ROOT, "  checked: every proof verified against the checkpoint's root (inclusion) or the"
          + " roots of its two sizes (consistency)%n");
      return new ProofFigures(size, fillSeconds, openMillis, inclusion, consistency, cold);
    }
  }

  /** Appends the missing entries through integrate() in batches; returns the seconds it took. */
  private static double fill(TransparencyLog log, long size, int batch, PrintStream out) {
    if (log.size() > size) {
      throw new IllegalStateException("the stored log has " + log.size() + " entries, more than " + size);
    }
    if (log.size() == size) {
      out.printf(Locale.ROOT, "proofs  reusing the stored log of %,d entries%n", size);
      return 0;
    }
    long start = System.nanoTime();
    long from = log.size();
    long reported = from;
    for (long next = from; next < size; ) {
      long end = Math.min(size, next + batch);
      for (long i = next; i < end; i++) {
        log.append(entry(i));
      }
      log.integrate();
      next = end;
      if (next - reported >= 10_000_000 || next == size) {
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "proofs  filled %,d of %,d entries, %.0f s, %,.0f entries/s%n", next, size, seconds,
            (next - from) / seconds);
        reported = next;
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static Distribution inclusionProofs(TransparencyLog log, Checkpoint checkpoint, SplittableRandom random,
      int count) {
    long size = checkpoint.size();
    List<Double> micros = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long index = random.nextLong(size);
      long start = System.nanoTime();
      List<byte[]> proof = log.inclusionProof(index, size);
      micros.add((System.nanoTime() - start) / 1e3);
      ProofVerifier.verifyInclusion(Rfc6962.leafHash(entry(index)), index, size, proof, checkpoint.rootHash());
    }
    return Distribution.of(micros);
  }

  private static Distribution consistencyProofs(TransparencyLog log, Checkpoint checkpoint, SplittableRandom random,
      int count) {
    long size = checkpoint.size();
    List<Double> micros = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long a = 1 + random.nextLong(size);
      long b = 1 + random.nextLong(size);
      long oldSize = Math.min(a, b);
      long newSize = Math.max(a, b);
      long start = System.nanoTime();
      List<byte[]> proof = log.consistencyProof(oldSize, newSize);
      micros.add((System.nanoTime() - start) / 1e3);
      byte[] newRoot = newSize == size ? checkpoint.rootHash() : log.root(newSize);
      ProofVerifier.verifyConsistency(oldSize, newSize, proof, log.root(oldSize), newRoot);
    }
    return Distribution.of(micros);
  }

  /** Sorted samples. */
  record Distribution(double[] sorted) {
    static Distribution of(List<Double> samples) {
      double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new Distribution(sorted.length == 0 ? new double[] {0} : sorted);
    }

    double quantile(double q) {
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    double p50() {
      return quantile(0.5);
    }

    double p99() {
      return quantile(0.99);
    }

    double max() {
      return sorted[sorted.length - 1];
    }

    double mean() {
      return Arrays.stream(sorted).average().orElse(0);
    }

    String describe(String what) {
      return String.format(Locale.ROOT, "%-52s n=%,d  mean %.0f us  p50 %.0f us  p90 %.0f us  p99 %.0f us  max %.0f us",
          what, sorted.length, mean(), p50(), quantile(0.9), p99(), max());
    }
  }
}
