package org.opendnc.bench;

import it.unimi.dsi.fastutil.longs.LongArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.opendnc.engine.ImportRowsProbe;
import org.opendnc.investigate.ingest.FirmKeySortProbe;

/**
 * The project's two radix sorts against fastutil's, side by side on Italian-shaped keys (decision
 * 0051): the investigation's sort of a firm's keys with their row indexes, and the register
 * import's stable sort by number carrying times and channels. Every answer is checked.
 *
 * <p>{@code java -Xmx6g -cp "bench/target/opendnc-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
 * org.opendnc.bench.SortBenchmark [ROWS] [ROUNDS]} (10 M rows, 5 rounds by default).
 */
public final class SortBenchmark {
  /*
   * Each variant copies the input untimed (prepare), then only the sort is timed (for fastutil's
   * pair sorts: filling the row array, the sort, and gathering what rides along, since the
   * project's sorts move those themselves). Rounds are interleaved (every variant once per round,
   * in turn) so the machine's drift falls on all alike; the table gives each variant's median and
   * its ratio to the project's sort, the first of its group.
   */

  private SortBenchmark() {}

  /** One way to sort: prepared untimed, sorted timed, its answer checked after the clock stops. */
  private record Variant<T>(String name, Function<Input, Supplier<T>> prepare, BiConsumer<Input, T> check) {
    double timeAndCheck(Input input) {
      Supplier<T> sort = prepare.apply(input);
      long start = System.nanoTime();
      T sorted = sort.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      check.accept(input, sorted);
      return seconds;
    }
  }

  /** Keys (numbers) with their import times (the row index) and channels, and Arrays.sort's answer. */
  record Input(long[] keys, long[] times, byte[] channels, long[] sortedKeys) {}

  /** Sorted keys and, for each, its row in the input. */
  record FirmSorted(long[] keys, IntUnaryOperator row) {}

  /** The rows of a sorted import run. */
  interface SortedRun {
    long number(int row);

    long time(int row);

    byte channel(int row);
  }

  /** Numbers in order with the times and channels that rode along. */
  record ImportSorted(long[] numbers, long[] times, byte[] channels) implements SortedRun {
    @Override
    public long number(int row) {
      return numbers[row];
    }

    @Override
    public long time(int row) {
      return times[row];
    }

    @Override
    public byte channel(int row) {
      return channels[row];
    }
  }

  public static void main(String[] args) {
    int rows = args.length > 0 ? (int) AuditBenchmark.parseCount(args[0]) : 10_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Input input = italianKeys(rows, 51);
    System.out.printf(Locale.ROOT, "%,d Italian-shaped keys (39 + 9-10 digits, 10 %% repeated), %d rounds interleaved%n",
        rows, rounds);
    report(List.of(
        new Variant<>("firm keys: FirmRecordsBuilder.radixSort (LSD)", SortBenchmark::projectFirmSort, SortBenchmark::checkFirm),
        new Variant<>("firm keys: LongArrays.radixSort(keys, long rows)", SortBenchmark::fastutilPairSort, SortBenchmark::checkFirm),
        new Variant<>("firm keys: LongArrays.radixSortIndirect(rows, keys)", SortBenchmark::fastutilIndirectSort, SortBenchmark::checkFirm)),
        input, rounds);
    report(List.of(
        new Variant<>("import: ImportRows.sortByNumber (LSD, stable)", SortBenchmark::projectImportSort, SortBenchmark::checkImport),
        new Variant<>("import: LongArrays.radixSort(numbers, rows) + gather", SortBenchmark::fastutilImportPairSort, SortBenchmark::checkImport),
        new Variant<>("import: LongArrays.radixSortIndirect(stable) + gather", SortBenchmark::fastutilImportIndirectSort, SortBenchmark::checkImport)),
        input, rounds);
  }

  private static void report(List<Variant<?>> variants, Input input, int rounds) {
    List<List<Double>> times = new ArrayList<>();
    for (Variant<?> variant : variants) {
      times.add(new ArrayList<>());
      variant.timeAndCheck(input); // warm-up
    }
    for (int round = 0; round < rounds; round++) {
      for (int v = 0; v < variants.size(); v++) {
        System.gc();
        times.get(v).add(variants.get(v).timeAndCheck(input));
      }
    }
    double baseline = median(times.get(0));
    for (int v = 0; v < variants.size(); v++) {
      double median = median(times.get(v));
      System.out.printf(Locale.ROOT, "%-56s median %6.3f s  x%.2f  %s%n", variants.get(v).name(), median,
          median / baseline, times.get(v).stream().map(t -> String.format(Locale.ROOT, "%.3f", t)).toList());
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** 39 followed by 9 or 10 digits (fixed lines 0x, mobiles 3xx), one key in ten a repeat of an earlier one. */
  static Input italianKeys(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] keys = new long[rows];
    long[] times = new long[rows];
    byte[] channels = new byte[rows];
    for (int i = 0; i < rows; i++) {
      if (i > 0 && random.nextInt(10) == 0) {
        keys[i] = keys[random.nextInt(i)];
      } else if (random.nextInt(4) == 0) {
        keys[i] = 39_000_000_000L + random.nextLong(1_000_000_000L); // 39 0x...: 11 digits
      } else {
        keys[i] = 393_000_000_000L + random.nextLong(1_000_000_000L); // 39 3xx...: 12 digits
      }
      times[i] = i; // the order of addition, to check stability
      channels[i] = (byte) (keys[i] % 6);
    }
    long[] sorted = keys.clone();
    Arrays.sort(sorted);
    return new Input(keys, times, channels, sorted);
  }

  // The investigation's sort: a firm's keys with their row indexes.

  private static Supplier<FirmSorted> projectFirmSort(Input input) {
    int n = input.keys.length;
    long[] keys = input.keys.clone();
    int[] order = new int[n];
    return () -> {
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      FirmKeySortProbe.radixSort(keys, order, n);
      return new FirmSorted(keys, i -> order[i]);
    };
  }

  private static Supplier<FirmSorted> fastutilPairSort(Input input) {
    int n = input.keys.length;
    long[] keys = input.keys.clone();
    long[] order = new long[n];
    return () -> {
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      LongArrays.radixSort(keys, order, 0, n); // (key, row) pairs
      return new FirmSorted(keys, i -> (int) order[i]);
    };
  }

  private static Supplier<FirmSorted> fastutilIndirectSort(Input input) {
    int n = input.keys.length;
    long[] keys = input.keys.clone();
    int[] order = new int[n];
    return () -> {
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      LongArrays.radixSortIndirect(order, keys, 0, n, false);
      long[] sorted = new long[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = keys[order[i]];
      }
      return new FirmSorted(sorted, i -> order[i]);
    };
  }

  private static void checkFirm(Input input, FirmSorted sorted) {
    if (!Arrays.equals(input.sortedKeys, sorted.keys)) {
      throw new AssertionError("keys out of order");
    }
    for (int i = 0; i < sorted.keys.length; i++) {
      if (input.keys[sorted.row.applyAsInt(i)] != sorted.keys[i]) {
        throw new AssertionError("row " + i + " does not ride with its key");
      }
    }
  }

  // The import's sort: stable by number, times and channels carried.

  private static Supplier<SortedRun> projectImportSort(Input input) {
    ImportRowsProbe run = new ImportRowsProbe(input.keys, input.times, input.channels);
    return () -> {
      run.sortByNumber();
      return new SortedRun() { // read through the run after the clock stops
        @Override
        public long number(int row) {
          return run.number(row);
        }

        @Override
        public long time(int row) {
          return run.time(row);
        }

        @Override
        public byte channel(int row) {
          return run.channel(row);
        }
      };
    };
  }

  private static Supplier<SortedRun> fastutilImportPairSort(Input input) {
    ImportArrays arrays = ImportArrays.of(input);
    long[] rows = new long[arrays.n()];
    return () -> {
      for (int i = 0; i < rows.length; i++) {
        rows[i] = i;
      }
      // (number, row) pairs: equal numbers stay in row order, and the numbers are sorted in place.
      LongArrays.radixSort(arrays.numbers(), rows, 0, rows.length);
      return arrays.gather(i -> (int) rows[i], arrays.numbers());
    };
  }

  private static Supplier<SortedRun> fastutilImportIndirectSort(Input input) {
    ImportArrays arrays = ImportArrays.of(input);
    int[] perm = new int[arrays.n()];
    long[] numbersTo = new long[arrays.n()];
    return () -> {
      for (int i = 0; i < perm.length; i++) {
        perm[i] = i;
      }
      LongArrays.radixSortIndirect(perm, arrays.numbers(), 0, perm.length, true);
      for (int i = 0; i < perm.length; i++) {
        numbersTo[i] = arrays.numbers()[perm[i]];
      }
      return arrays.gather(i -> perm[i], numbersTo);
    };
  }

  /** A fastutil variant's own copy of the import's columns, and the columns it fills. */
  private record ImportArrays(long[] numbers, long[] times, byte[] channels, long[] timesTo, byte[] channelsTo) {
    static ImportArrays of(Input input) {
      int n = input.keys.length;
      return new ImportArrays(input.keys.clone(), input.times.clone(), input.channels.clone(), new long[n],
          new byte[n]);
    }

    int n() {
      return numbers.length;
    }

    /** The sorted run: row {@code rowOf(i)} of the input goes to place {@code i}. */
    ImportSorted gather(java.util.function.IntUnaryOperator rowOf, long[] sortedNumbers) {
      for (int i = 0; i < timesTo.length; i++) {
        int row = rowOf.applyAsInt(i);
        timesTo[i] = times[row];
        channelsTo[i] = channels[row];
      }
      return new ImportSorted(sortedNumbers, timesTo, channelsTo);
    }
  }

  private static void checkImport(Input input, SortedRun sorted) {
    long[] expected = input.sortedKeys;
    for (int i = 0; i < expected.length; i++) {
      long number = sorted.number(i);
      if (number != expected[i]) {
        throw new AssertionError("numbers out of order at " + i);
      }
      int row = (int) sorted.time(i);
      if (input.keys[row] != number || input.channels[row] != sorted.channel(i)) {
        throw new AssertionError("row " + i + " does not ride with its number");
      }
      if (i > 0 && number == expected[i - 1] && sorted.time(i) <= sorted.time(i - 1)) {
        throw new AssertionError("not stable at " + i);
      }
    }
  }
}
