package org.opendnc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opendnc.investigate.Investigation;
import org.opendnc.investigate.InvestigationOptions;
import org.opendnc.investigate.InvestigationResult;
import org.opendnc.core.number.NumberParser;
import org.opendnc.investigate.ingest.CaseReader;
import org.opendnc.investigate.ingest.FileSummary;
import org.opendnc.investigate.ingest.Mapping;
import org.opendnc.investigate.lineage.Edge;
import org.opendnc.investigate.sample.CaseWorld;
import org.opendnc.investigate.sample.TruthScore;

/**
 * Benchmarks {@code dnc investigate} on generated cases: throughput and memory at scale, and the
 * precision and recall of the inferred list flows against the generated truth.
 */
public final class InvestigateBenchmark {
  /*
   * scale FIRMS RECORDS_PER_FIRM DIR: generates (untimed) a world whose firms hold about
   * RECORDS_PER_FIRM records each (own collection plus what brokers and other firms passed on),
   * then times one investigation with the switches, honeypots and calls of the world; prints
   * rows/s, the packed records' bytes and the heap's peak (pool peaks, reset after generation).
   * truth SEEDS FIRMS ORGANIC BROKER_SIZE DIR: generates SEEDS worlds and scores the inferred flows
   * (unseized sources matched to brokers by their buyers) against the truth, summed over worlds.
   * Every run checks its answer: scale also scores the flows, so a fast wrong answer shows.
   * generate FIRMS RECORDS_PER_FIRM DIR then run DIR: the same as scale in two processes, so the
   * generator's memory (about 25 bytes per held record) is not the timed run's; generate writes
   * the flows of the truth to DIR/truth-transfers.tsv, which run scores against.
   */

  private InvestigateBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || !List.of("scale", "truth", "generate", "run", "read").contains(args[0])) {
      System.err.println("usage: InvestigateBenchmark scale FIRMS RECORDS_PER_FIRM DIR\n"
          + "       InvestigateBenchmark generate FIRMS RECORDS_PER_FIRM DIR, then InvestigateBenchmark run DIR\n"
          + "       InvestigateBenchmark truth SEEDS FIRMS ORGANIC BROKER_SIZE DIR");
      System.exit(2);
    }
    if (args[0].equals("scale")) {
      scale(Integer.parseInt(args[1]), parseCount(args[2]), Path.of(args[3]));
    } else if (args[0].equals("generate")) {
      CaseWorld.Truth truth = generate(Integer.parseInt(args[1]), parseCount(args[2]), Path.of(args[3]));
      writeTransfers(truth, Path.of(args[3]).resolve(TRANSFERS));
    } else if (args[0].equals("read")) {
      read(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 1);
    } else if (args[0].equals("run")) {
      Path dir = Path.of(args[1]);
      run(dir, readTransfers(dir.resolve(TRANSFERS)));
    } else {
      truth(Integer.parseInt(args[1]), Integer.parseInt(args[2]), parseCount(args[3]), parseCount(args[4]), Path.of(args[5]));
    }
  }

  static int parseCount(String text) {
    String t = text.toUpperCase(Locale.ROOT);
    if (t.endsWith("M")) {
      return (int) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1_000_000);
    }
    if (t.endsWith("K")) {
      return (int) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1_000);
    }
    return Integer.parseInt(t);
  }

  private static final String TRANSFERS = "truth-transfers.tsv";

  /**
   * read DIR [REPEATS]: reads each firm's file of DIR/case alone, on this thread, and prints its
   * rows and the thread's CPU time per row: the reading cost by format, whatever the machine's load.
   */
  private static void read(Path dir, int repeats) {
    var threads = ManagementFactory.getThreadMXBean();
    CaseReader reader = new CaseReader(new CaseReader.Options(NumberParser.forRegion("IT"), CaseWorld.ZONE, Mapping.none(),
        InvestigationOptions.DEFAULT_MAX_LINE_CHARS, InvestigationOptions.DEFAULT_SHARED_CONSENT_ROWS, 1));
    List<Path> files = CaseReader.caseFiles(dir.resolve("case"));
    var names = CaseReader.firmNames(files);
    for (int r = 0; r < repeats; r++) {
      long totalRows = 0;
      long totalCpu = 0;
      for (Path file : files) {
        long cpu = threads.getCurrentThreadCpuTime();
        CaseReader.FirmFile result = reader.readOne(file, names.get(file), (f, line, reason, detail) -> { });
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        long rows = result.summary().rows();
        totalRows += rows;
        totalCpu += cpu;
        System.out.printf(Locale.ROOT, "READ %-24s %-40s %,11d rows %7.2f s CPU %6.2f us/row%n", file.getFileName(),
            result.summary().format(), rows, cpu / 1e9, cpu / 1e3 / Math.max(1, rows));
      }
      System.out.printf(Locale.ROOT, "READ total %,d rows %.1f s CPU %.2f us/row%n", totalRows, totalCpu / 1e9,
          totalCpu / 1e3 / Math.max(1, totalRows));
    }
  }

  private static void scale(int firms, int perFirm, Path dir) throws IOException {
    run(dir, generate(firms, perFirm, dir));
  }

  private static CaseWorld.Truth generate(int firms, int perFirm, Path dir) throws IOException {
    // Firms receive about as much from brokers and other firms as they collect: organic ~ half.
    int organic = perFirm / 2;
    int brokers = Math.max(2, firms / 5);
    int brokerSize = perFirm;
    CaseWorld.Settings settings = new CaseWorld.Settings(20_260_101L, firms, brokers, organic, brokerSize, 25, 20_000, 0.4);
    long start = System.nanoTime();
    CaseWorld.Truth truth = new CaseWorld(settings).write(dir);
    System.out.printf(Locale.ROOT, "generated %d firms, %,d records in %.1f s%n", firms,
        truth.recordsPerFirm().values().stream().mapToLong(Long::longValue).sum(), seconds(start));
    return truth;
  }

  private static void writeTransfers(CaseWorld.Truth truth, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (CaseWorld.Transfer t : truth.transfers()) {
      lines.add(String.join("\t", t.from(), t.to(), t.date().toString(), Double.toString(t.share()), Integer.toString(t.records())));
    }
    Files.write(file, lines);
  }

  /** A truth holding only the flows, as {@link TruthScore} needs. */
  private static CaseWorld.Truth readTransfers(Path file) throws IOException {
    List<CaseWorld.Transfer> transfers = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t");
      transfers.add(new CaseWorld.Transfer(f[0], f[1], LocalDate.parse(f[2]), Double.parseDouble(f[3]), Integer.parseInt(f[4])));
    }
    return new CaseWorld.Truth(List.of(), List.of(), transfers, Map.of(), Map.of(), Set.of(), Set.of(), Map.of(), Map.of(),
        Map.of(), 0, Map.of());
  }

  private static void run(Path dir, CaseWorld.Truth truth) throws IOException {
    int firms;
    try (var list = Files.list(dir.resolve("case"))) {
      firms = (int) list.count();
    }
    long start;
    long bytes = Files.walk(dir.resolve("case")).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    System.gc();
    resetPeaks();
    CaseWorld.Paths paths = CaseWorld.paths(dir);
    InvestigationOptions options = InvestigationOptions.of(paths.caseDir(), dir.resolve("out"))
        .withRegister(paths.register().toString())
        .withInputs(paths.calls(), paths.switches(), paths.honeypots(), null, paths.commissions(), paths.turnover());
    start = System.nanoTime();
    long cpuStart = processCpuNanos();
    long runStart = start;
    InvestigationResult result = Investigation.of(options).run(line ->
        System.out.printf(Locale.ROOT, "  %7.1f s  %s%n", seconds(runStart), line));
    double elapsed = seconds(start);
    double cpu = (processCpuNanos() - cpuStart) / 1e9;
    long rows = result.files().stream().mapToLong(FileSummary::rows).sum();
    TruthScore score = TruthScore.of(truth, result.lineage().edges());
    System.out.printf(Locale.ROOT, "RESULT scale firms=%d rows=%,d files=%.2f GB time=%.1f s rate=%,.0f rows/s"
            + " packed=%.1f B/record heap-peak=%.2f GB edges=%d precision=%.3f recall=%.3f%n",
        firms, rows, bytes / 1e9, elapsed, rows / elapsed, (double) result.peakRecordsBytes() / rows, peakHeap() / 1e9,
        result.lineage().edges().size(), score.precision(), score.recall());
    System.out.printf(Locale.ROOT, "process CPU %.0f s in %.0f s of wall time (%.2f cores)%n", cpu, elapsed, cpu / elapsed);
    System.out.printf(Locale.ROOT, "extrapolated to 200 M rows at this rate: %.1f min%n", 200e6 / (rows / elapsed) / 60);
  }

  private static void truth(int seeds, int firms, int organic, int brokerSize, Path dir) throws IOException {
    TruthScore total = TruthScore.empty();
    int brokers = Math.max(2, firms / 4);
    for (int seed = 1; seed <= seeds; seed++) {
      Path world = dir.resolve("world-" + seed);
      CaseWorld.Truth truth = new CaseWorld(new CaseWorld.Settings(seed, firms, brokers, organic, brokerSize, 25, 200, 0.4)).write(world);
      CaseWorld.Paths paths = CaseWorld.paths(world);
      InvestigationResult result = Investigation.of(InvestigationOptions.of(paths.caseDir(), world.resolve("out"))).run(line -> { });
      TruthScore score = TruthScore.of(truth, result.lineage().edges());
      System.out.printf(Locale.ROOT, "seed %d: true edges %d, inferred %d, precision %.3f, recall %.3f%s%s%n", seed,
          truth.edges().size(), result.lineage().edges().size(), score.precision(), score.recall(),
          score.wrong.isEmpty() ? "" : " wrong " + score.wrong, score.missed.isEmpty() ? "" : " missed " + score.missed);
      total = total.plus(score);
      long unseized = result.lineage().edges().stream().filter(Edge::fromUnseized).count();
      System.out.printf(Locale.ROOT, "  edges from unseized sources: %d%n", unseized);
    }
    System.out.printf(Locale.ROOT, "RESULT truth worlds=%d firms=%d brokers=%d tp=%d fp=%d fn=%d precision=%.3f recall=%.3f%n",
        seeds, firms, brokers, total.truePositives, total.falsePositives, total.falseNegatives, total.precision(), total.recall());
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
