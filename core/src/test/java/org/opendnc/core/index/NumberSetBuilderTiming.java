package org.opendnc.core.index;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;

/**
 * Times {@link NumberSet.Builder#build(ExecutorService, int)} against the algorithm it replaced,
 * on the callable set at the end of a check: ~6.9 M Italian numbers in list order, about 1%
 * repeated. Not a unit test: run by hand, e.g.
 *
 * <pre>
 * java -Xmx6g -cp core/target/classes:core/target/test-classes:$ROARING_JAR \
 *     org.opendnc.core.index.NumberSetBuilderTiming [numbers] [rounds] [old|new]
 * </pre>
 *
 * Old and new alternate within each round on a 2-thread pool, as the check's workers; both also
 * run single-threaded ({@code build()}). Every result must serialize to the same bytes. With a
 * third argument it times only the first build(pool, 2) of the JVM, old or new: a one-off check
 * builds its set once, before the JIT has compiled the builder.
 */
public final class NumberSetBuilderTiming {

  private static final int MAGIC = 0x4F4E5331; // NumberSet's "ONS1"

  private NumberSetBuilderTiming() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 6_900_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    long[] numbers = numbers(count, new SplittableRandom(42));
    NumberSet.Builder builder = new NumberSet.Builder();
    TreeMap<Integer, int[]> lows = new TreeMap<>();
    for (long number : numbers) {
      builder.add(number);
    }
    group(numbers, lows);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      if (args.length > 2) {
        cold(args[2], builder, lows, pool);
        return;
      }
      byte[] expected = toBytes(oldBuild(lows));
      check("old build(pool, 2)", toBytes(oldBuild(lows, pool, 2)), expected);
      check("new build()", builder.build().toBytes(), expected);
      check("new build(pool, 2)", builder.build(pool, 2).toBytes(), expected);
      NumberSet set = builder.build(pool, 2);
      System.out.printf(Locale.ROOT, "%,d numbers added, %,d distinct, %d buckets, %,d containers%n",
          numbers.length, set.cardinality(), set.bucketKeys().length, containers(set));

      long[][] times = new long[4][rounds];
      for (int round = 0; round < rounds; round++) {
        long t0 = System.nanoTime();
        oldBuild(lows, pool, 2);
        long t1 = System.nanoTime();
        builder.build(pool, 2);
        long t2 = System.nanoTime();
        oldBuild(lows);
        long t3 = System.nanoTime();
        builder.build();
        long t4 = System.nanoTime();
        times[0][round] = t1 - t0;
        times[1][round] = t2 - t1;
        times[2][round] = t3 - t2;
        times[3][round] = t4 - t3;
      }
      report("build(pool, 2), 2 threads", times[0], times[1]);
      report("build(), 1 thread", times[2], times[3]);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The first build(pool, 2) of this JVM, as at the end of a one-off check: {@code old} or {@code
   * new}; run each in several fresh JVMs, alternating.
   */
  private static void cold(
      String which, NumberSet.Builder builder, TreeMap<Integer, int[]> lows, ExecutorService pool)
      throws Exception {
    long start = System.nanoTime();
    switch (which) {
      case "old" -> oldBuild(lows, pool, 2);
      case "new" -> builder.build(pool, 2);
      default -> throw new IllegalArgumentException("old or new: " + which);
    }
    System.out.printf(Locale.ROOT, "  first build(pool, 2) of this JVM, %s: %.1f ms%n",
        which, (System.nanoTime() - start) / 1e6);
  }

  /** {@code count} numbers in random order: 99% drawn fresh, 1% repeats of earlier ones. */
  static long[] numbers(int count, SplittableRandom random) {
    LongSupplier italy = IndexMemoryMeasure.italy(random);
    long[] numbers = new long[count];
    for (int i = 0; i < count; i++) {
      numbers[i] = i > 0 && random.nextInt(100) == 0 ? numbers[random.nextInt(i)] : italy.getAsLong();
    }
    return numbers;
  }

  private static void group(long[] numbers, TreeMap<Integer, int[]> lows) {
    TreeMap<Integer, Integer> sizes = new TreeMap<>();
    for (long number : numbers) {
      sizes.merge((int) (number >>> 32), 1, Integer::sum);
    }
    sizes.forEach((key, size) -> lows.put(key, new int[size]));
    Map<Integer, Integer> next = new TreeMap<>();
    for (long number : numbers) {
      int key = (int) (number >>> 32);
      int at = next.merge(key, 1, Integer::sum) - 1;
      lows.get(key)[at] = (int) number;
    }
  }

  /** The replaced build(pool, parts): pieces in arrival order, sorted apart, then ORed. */
  private static TreeMap<Integer, RoaringBitmap> oldBuild(
      TreeMap<Integer, int[]> lows, ExecutorService pool, int parts) throws Exception {
    List<List<Future<RoaringBitmap>>> pieces = new ArrayList<>();
    for (int[] values : lows.values()) {
      List<Future<RoaringBitmap>> bucket = new ArrayList<>();
      int step = Math.max(1, (values.length + parts - 1) / parts);
      for (int from = 0; from < values.length; from += step) {
        int[] piece = Arrays.copyOfRange(values, from, Math.min(values.length, from + step));
        bucket.add(pool.submit(() -> RoaringBitmap.bitmapOfUnordered(piece)));
      }
      pieces.add(bucket);
    }
    TreeMap<Integer, RoaringBitmap> result = new TreeMap<>();
    int i = 0;
    for (Integer key : lows.keySet()) {
      RoaringBitmap bitmap = new RoaringBitmap();
      for (Future<RoaringBitmap> piece : pieces.get(i)) {
        bitmap.or(piece.get());
      }
      bitmap.runOptimize();
      result.put(key, bitmap);
      i++;
    }
    return result;
  }

  /** The replaced build(). */
  private static TreeMap<Integer, RoaringBitmap> oldBuild(TreeMap<Integer, int[]> lows) {
    TreeMap<Integer, RoaringBitmap> result = new TreeMap<>();
    lows.forEach((key, values) -> {
      RoaringBitmap bitmap = RoaringBitmap.bitmapOfUnordered(values.clone());
      bitmap.runOptimize();
      result.put(key, bitmap);
    });
    return result;
  }

  /** The bytes NumberSet.toBytes() writes for these buckets. */
  private static byte[] toBytes(TreeMap<Integer, RoaringBitmap> buckets) {
    int size = 8;
    for (RoaringBitmap bitmap : buckets.values()) {
      size += 8 + bitmap.serializedSizeInBytes();
    }
    ByteBuffer buffer = ByteBuffer.allocate(size).putInt(MAGIC).putInt(buckets.size());
    buckets.forEach((key, bitmap) -> {
      buffer.putInt(key).putInt(bitmap.serializedSizeInBytes());
      bitmap.serialize(buffer);
    });
    return buffer.array();
  }

  private static long containers(NumberSet set) {
    long containers = 0;
    for (int i = 0; i < set.bucketKeys().length; i++) {
      for (ContainerPointer p = set.bucketBitmap(i).getContainerPointer(); p.getContainer() != null;
          p.advance()) {
        containers++;
      }
    }
    return containers;
  }

  private static void check(String what, byte[] actual, byte[] expected) {
    if (!Arrays.equals(actual, expected)) {
      throw new AssertionError(what + " differs from the old build()");
    }
  }

  private static void report(String what, long[] old, long[] current) {
    double oldMedian = median(old);
    double newMedian = median(current);
    System.out.printf(Locale.ROOT,
        "  %-28s old %7.1f ms, new %7.1f ms (median of %d), old/new %.2fx%n    old %s%n    new %s%n",
        what, oldMedian, newMedian, old.length, oldMedian / newMedian, millis(old), millis(current));
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private static String millis(long[] nanos) {
    StringBuilder text = new StringBuilder();
    for (long n : nanos) {
      text.append(String.format(Locale.ROOT, "%.1f ", n / 1e6));
    }
    return text.toString().trim();
  }
}
