package org.opendnc.bench;

import it.unimi.dsi.fastutil.longs.LongArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The two radix sorts that decision 0051 weighed, timed side by side on Italian-shaped keys: the
 * investigation's sort of a firm's keys with their row order, and the register import's stable sort
 * by number carrying times and channels. Each variant's answer is checked against Arrays.sort.
 *
 * <p>{@code java -cp "bench/target/opendnc-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
 * org.opendnc.bench.SortBenchmark [ROWS] [ROUNDS]} (10 M rows, 5 rounds by default).
 */
public final class SortBenchmark {
  /*
   * The hand-written sorts are the baselines, copied here from the code they were measured in
   * (FirmRecordsBuilder.radixSort, ImportRows.sortByNumber before 0051), so that both can be timed
   * in one run on one machine. Rounds are interleaved (every variant once per round, in turn) so
   * that the machine's drift falls on all alike; the table gives the median and the ratio to the
   * baseline.
   */

  private SortBenchmark() {}

  /** A firm's keys and their row order (the investigation) or the import's three columns. */
  private interface Variant {
    String name();

    /** Sorts fresh copies of the input, returns a digest of the answer checked by the caller. */
    void run(Input input);
  }

  record Input(long[] keys, long[] times, byte[] channels) {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? (int) AuditBenchmark.parseCount(args[0]) : 10_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Input input = italianKeys(rows, 51);
    List<Variant> firmSorts = List.of(
        variant("firm keys: hand-written LSD radix (keys + int order)", in -> checkFirm(in, handWrittenFirmSort(in))),
        variant("firm keys: LongArrays.radixSort(keys, long order)", in -> checkFirm(in, fastutilPairSort(in))),
        variant("firm keys: LongArrays.radixSortIndirect(int order, keys)", in -> checkFirm(in, fastutilIndirectSort(in))));
    List<Variant> importSorts = List.of(
        variant("import: hand-written stable LSD radix, 3 arrays", in -> checkImport(in, handWrittenImportSort(in))),
        variant("import: LongArrays.radixSort(numbers, row) + gather", in -> checkImport(in, fastutilImportPairSort(in))),
        variant("import: LongArrays.radixSortIndirect(stable) + gather", in -> checkImport(in, fastutilImportIndirectSort(in))));
    System.out.printf(Locale.ROOT, "%,d Italian-shaped keys (39 + 9-10 digits, 10 %% repeated), %d rounds interleaved%n",
        rows, rounds);
    report(firmSorts, input, rounds);
    report(importSorts, input, rounds);
  }

  private static void report(List<Variant> variants, Input input, int rounds) {
    List<List<Double>> times = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      times.add(new ArrayList<>());
      variants.get(v).run(input); // warm-up, checked
    }
    for (int round = 0; round < rounds; round++) {
      for (int v = 0; v < variants.size(); v++) {
        System.gc();
        long start = System.nanoTime();
        variants.get(v).run(input);
        times.get(v).add((System.nanoTime() - start) / 1e9);
      }
    }
    double baseline = median(times.get(0));
    for (int v = 0; v < variants.size(); v++) {
      double median = median(times.get(v));
      System.out.printf(Locale.ROOT, "%-60s median %6.3f s  x%.2f  %s%n", variants.get(v).name(), median,
          median / baseline, times.get(v).stream().map(t -> String.format(Locale.ROOT, "%.3f", t)).toList());
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static Variant variant(String name, java.util.function.Consumer<Input> body) {
    return new Variant() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void run(Input input) {
        body.accept(input);
      }
    };
  }

  /** 39 followed by 9 or 10 digits (mobiles 3xx, fixed lines 0x), one key in ten a repeat of an earlier one. */
  static Input italianKeys(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] keys = new long[rows];
    long[] times = new long[rows];
    byte[] channels = new byte[rows];
    for (int i = 0; i < rows; i++) {
      if (i > 0 && random.nextInt(10) == 0) {
        keys[i] = keys[random.nextInt(i)];
      } else if (random.nextInt(4) == 0) {
        keys[i] = 39_0_000_000_00L + random.nextLong(1_000_000_000L); // 39 0x xxxxxxxx: 11 digits
      } else {
        keys[i] = 393_000_000_000L + random.nextLong(1_000_000_000L); // 39 3xx xxxxxxx: 12 digits
      }
      times[i] = i; // the order of addition, to check stability
      channels[i] = (byte) (keys[i] % 6);
    }
    return new Input(keys, times, channels);
  }

  // ---- the investigation's sort: keys with their row indexes ----

  /** Sorted keys and, for each, its row in the input. */
  record FirmSorted(long[] keys, int[] rows) {}

  private static FirmSorted handWrittenFirmSort(Input input) {
    int n = input.keys.length;
    long[] keys = input.keys.clone();
    int[] order = identity(n);
    HandWrittenSorts.firmRadixSort(keys, order, n);
    return new FirmSorted(keys, order);
  }

  private static FirmSorted fastutilPairSort(Input input) {
    int n = input.keys.length;
    long[] keys = input.keys.clone();
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    LongArrays.radixSort(keys, order, 0, n);
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = (int) order[i];
    }
    return new FirmSorted(keys, rows);
  }

  private static FirmSorted fastutilIndirectSort(Input input) {
    int n = input.keys.length;
    long[] keys = input.keys.clone();
    int[] order = identity(n);
    LongArrays.radixSortIndirect(order, keys, 0, n, false);
    long[] sorted = new long[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = keys[order[i]];
    }
    return new FirmSorted(sorted, order);
  }

  private static void checkFirm(Input input, FirmSorted sorted) {
    long[] expected = input.keys.clone();
    Arrays.sort(expected);
    if (!Arrays.equals(expected, sorted.keys)) {
      throw new AssertionError("keys out of order");
    }
    for (int i = 0; i < expected.length; i++) {
      if (input.keys[sorted.rows[i]] != sorted.keys[i]) {
        throw new AssertionError("row " + i + " does not ride with its key");
      }
    }
  }

  // ---- the import's sort: stable by number, times and channels carried ----

  private static Input handWrittenImportSort(Input input) {
    long[] numbers = input.keys.clone();
    long[] times = input.times.clone();
    byte[] channels = input.channels.clone();
    HandWrittenSorts.importRadixSort(numbers, times, channels, numbers.length);
    return new Input(numbers, times, channels);
  }

  private static Input fastutilImportPairSort(Input input) {
    int n = input.keys.length;
    long[] numbers = input.keys.clone();
    long[] rows = new long[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    LongArrays.radixSort(numbers, rows, 0, n); // (number, row) pairs: equal numbers stay in row order
    long[] times = new long[n];
    byte[] channels = new byte[n];
    for (int i = 0; i < n; i++) {
      int row = (int) rows[i];
      times[i] = input.times[row];
      channels[i] = input.channels[row];
    }
    return new Input(numbers, times, channels);
  }

  private static Input fastutilImportIndirectSort(Input input) {
    int n = input.keys.length;
    long[] numbers = input.keys.clone();
    int[] perm = identity(n);
    LongArrays.radixSortIndirect(perm, numbers, 0, n, true);
    long[] sorted = new long[n];
    long[] times = new long[n];
    byte[] channels = new byte[n];
    for (int i = 0; i < n; i++) {
      int row = perm[i];
      sorted[i] = numbers[row];
      times[i] = input.times[row];
      channels[i] = input.channels[row];
    }
    return new Input(sorted, times, channels);
  }

  private static void checkImport(Input input, Input sorted) {
    long[] expected = input.keys.clone();
    Arrays.sort(expected);
    if (!Arrays.equals(expected, sorted.keys)) {
      throw new AssertionError("numbers out of order");
    }
    for (int i = 0; i < expected.length; i++) {
      int row = (int) sorted.times[i];
      if (input.keys[row] != sorted.keys[i] || input.channels[row] != sorted.channels[i]) {
        throw new AssertionError("row " + i + " does not ride with its number");
      }
      if (i > 0 && sorted.keys[i] == sorted.keys[i - 1] && sorted.times[i] <= sorted.times[i - 1]) {
        throw new AssertionError("not stable at " + i);
      }
    }
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
