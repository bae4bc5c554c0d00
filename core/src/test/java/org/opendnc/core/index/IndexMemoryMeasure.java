package org.opendnc.core.index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * Measures index memory (bytes per registered number), lookup speed and snapshot load time on
 * synthetic registers shaped like Italy's and the US's. Not a unit test: run by hand, e.g.
 *
 * <pre>
 * java -Xmx12g -cp core/target/classes:core/target/test-classes:$ROARING_JAR \
 *     org.opendnc.core.index.IndexMemoryMeasure it 30000000
 * java -Xmx12g ... IndexMemoryMeasure us 250000000
 * </pre>
 *
 * Numbers are drawn uniformly inside real prefixes, which is pessimistic: real registrations
 * cluster in the blocks operators actually assigned, and denser bitmaps compress better.
 */
public final class IndexMemoryMeasure {

  /** Italian mobile prefixes in use; weight 3 for the large old ranges, 1 for the others. */
  private static final int[][] IT_MOBILE = {
    {320, 3}, {324, 1}, {327, 1}, {328, 3}, {329, 3}, {330, 3}, {331, 1}, {333, 3}, {334, 3},
    {335, 3}, {336, 3}, {337, 3}, {338, 3}, {339, 3}, {340, 3}, {342, 3}, {343, 1}, {344, 1},
    {345, 3}, {346, 3}, {347, 3}, {348, 3}, {349, 3}, {350, 1}, {351, 2}, {360, 1}, {366, 3},
    {368, 1}, {370, 1}, {371, 1}, {373, 1}, {375, 1}, {377, 1}, {378, 1}, {379, 1}, {380, 3},
    {383, 1}, {388, 3}, {389, 3}, {391, 1}, {392, 3}, {393, 3}
  };

  /** Italian fixed area codes (digits after +39, with the 0), subscriber digits, weight. */
  private static final String[][] IT_FIXED = {
    {"02", "8", "10"}, {"06", "8", "10"}, {"011", "7", "4"}, {"010", "7", "2"}, {"081", "7", "4"},
    {"051", "7", "2"}, {"055", "7", "2"}, {"091", "7", "2"}, {"070", "6", "1"}, {"0422", "6", "1"},
    {"045", "7", "2"}, {"049", "7", "2"}, {"080", "7", "2"}, {"095", "7", "1"}, {"0331", "6", "1"},
    {"0575", "6", "1"}, {"0471", "6", "1"}, {"0961", "6", "1"}, {"0187", "6", "1"},
    {"0823", "6", "1"}
  };

  /** US area codes (about 300 real NPAs are in heavy use; these cover the big ones). */
  private static final int[] US_NPA = {
    201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 220, 223,
    224, 225, 228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270,
    272, 276, 279, 281, 301, 302, 303, 304, 305, 307, 308, 309, 310, 312, 313, 314, 315, 316, 317,
    318, 319, 320, 321, 323, 325, 326, 330, 331, 332, 334, 336, 337, 339, 340, 341, 346, 347, 351,
    352, 360, 361, 364, 380, 385, 386, 401, 402, 404, 405, 406, 407, 408, 409, 410, 412, 413, 414,
    415, 417, 419, 423, 424, 425, 430, 432, 434, 435, 440, 442, 443, 445, 447, 458, 463, 469, 470,
    475, 478, 479, 480, 484, 501, 502, 503, 504, 505, 507, 508, 509, 510, 512, 513, 515, 516, 517,
    518, 520, 530, 531, 534, 539, 540, 541, 551, 559, 561, 562, 563, 564, 567, 570, 571, 573, 574,
    575, 580, 585, 586, 601, 602, 603, 605, 606, 607, 608, 609, 610, 612, 614, 615, 616, 617, 618,
    619, 620, 623, 626, 628, 629, 630, 631, 636, 640, 641, 646, 650, 651, 656, 657, 659, 660, 661,
    662, 667, 669, 678, 680, 681, 682, 689, 701, 702, 703, 704, 706, 707, 708, 712, 713, 714, 715,
    716, 717, 718, 719, 720, 724, 725, 726, 727, 731, 732, 734, 737, 740, 743, 747, 754, 757, 760,
    762, 763, 765, 769, 770, 772, 773, 774, 775, 779, 781, 785, 786, 801, 802, 803, 804, 805, 806,
    808, 810, 812, 813, 814, 815, 816, 817, 818, 820, 828, 830, 831, 832, 838, 839, 840, 843, 845,
    847, 848, 850, 854, 856, 857, 858, 859, 860, 862, 863, 864, 865, 870, 872, 878, 901, 903, 904,
    906, 907, 908, 909, 910, 912, 913, 914, 915, 916, 917, 918, 919, 920, 925, 928, 929, 930, 931,
    934, 936, 937, 938, 940, 941, 945, 947, 949, 951, 952, 954, 956, 959, 970, 971, 972, 973, 975,
    978, 979, 980, 984, 985, 986, 989
  };

  private IndexMemoryMeasure() {}

  public static void main(String[] args) throws Exception {
    String country = args.length > 0 ? args[0] : "it";
    long target = args.length > 1 ? Long.parseLong(args[1]) : 30_000_000L;
    boolean compare64 = args.length > 2 && args[2].equals("compare64");
    SplittableRandom random = new SplittableRandom(42);
    LongSupplier generator = country.equals("us") ? us(random) : italy(random);
    System.out.printf(Locale.ROOT, "%s, %,d numbers, %d US NPAs%n", country, target, US_NPA.length);

    long before = usedHeap();
    long start = System.nanoTime();
    NumberSet set = new NumberSet();
    while (set.cardinality() < target) {
      set.add(generator.getAsLong());
    }
    long buildNanos = System.nanoTime() - start;
    long beforeOptimize = usedHeap() - before;
    set.runOptimize();
    long heap = usedHeap() - before;
    report("build", buildNanos / 1e9, "s");
    report("heap before runOptimize, bytes/number", (double) beforeOptimize / target, "");
    report("heap after runOptimize, bytes/number (measured, GC)", (double) heap / target, "");
    report("sizeInBytes()/number (estimate)", (double) set.sizeInBytes() / target, "");
    report("serialized bytes/number", (double) set.serializedSizeInBytes() / target, "");

    long[] probes = new long[10_000_000];
    SplittableRandom probeRandom = new SplittableRandom(7);
    LongSupplier probeGenerator = country.equals("us") ? us(probeRandom) : italy(probeRandom);
    for (int i = 0; i < probes.length; i++) {
      probes[i] = probeGenerator.getAsLong();
    }
    for (int round = 0; round < 3; round++) {
      long hits = 0;
      long t0 = System.nanoTime();
      for (long probe : probes) {
        if (set.contains(probe)) {
          hits++;
        }
      }
      report("NumberSet.contains round " + round + ", ns/lookup (hits " + hits + ")",
          (System.nanoTime() - t0) / (double) probes.length, "");
    }

    long tableBefore = usedHeap();
    long tableStart = System.nanoTime();
    NumberTable table = NumberTable.of(set);
    report("NumberTable build", (System.nanoTime() - tableStart) / 1e9, "s");
    report("NumberTable heap bytes/number (measured, GC)", (double) (usedHeap() - tableBefore) / target, "");
    report("NumberTable sizeInBytes()/number", (double) table.sizeInBytes() / target, "");
    for (int round = 0; round < 3; round++) {
      long hits = 0;
      long t0 = System.nanoTime();
      for (long probe : probes) {
        if (table.contains(probe)) {
          hits++;
        }
      }
      report("NumberTable.contains round " + round + ", ns/lookup (hits " + hits + ")",
          (System.nanoTime() - t0) / (double) probes.length, "");
    }
    for (int batch : new int[] {4096, 8192}) {
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        long hits = hitsInBatches(table, probes, batch, false);
        report("NumberTable.containsAll, batches of " + batch + ", round " + round + ", ns/lookup (hits " + hits + ")",
            (System.nanoTime() - t0) / (double) probes.length, "");
      }
    }
    for (int sortedBatch : new int[] {8192, 65536, 1 << 20}) {
      for (int round = 0; round < 2; round++) {
        long t0 = System.nanoTime();
        long hits = hitsInBatches(table, probes, sortedBatch, true);
        report("NumberTable.containsAll after sorting batches of " + sortedBatch + " (sort included), round "
            + round + ", ns/lookup (hits " + hits + ")", (System.nanoTime() - t0) / (double) probes.length, "");
      }
    }

    long[] sortedProbes = probes.clone();
    java.util.Arrays.sort(sortedProbes);
    for (int round = 0; round < 2; round++) {
      long hits = 0;
      long t0 = System.nanoTime();
      for (long probe : sortedProbes) {
        if (set.contains(probe)) {
          hits++;
        }
      }
      report("NumberSet.contains, sorted probes, round " + round + ", ns/lookup (hits " + hits + ")",
          (System.nanoTime() - t0) / (double) probes.length, "");
    }
    sortedProbes = null;

    if (compare64) {
      long before64 = usedHeap();
      Roaring64Bitmap r64 = new Roaring64Bitmap();
      set.forEach(r64::addLong);
      r64.runOptimize();
      report("Roaring64Bitmap heap bytes/number", (double) (usedHeap() - before64) / target, "");
      for (int round = 0; round < 3; round++) {
        long hits = 0;
        long t0 = System.nanoTime();
        for (long probe : probes) {
          if (r64.contains(probe)) {
            hits++;
          }
        }
        report("Roaring64Bitmap.contains round " + round + ", ns/lookup (hits " + hits + ")",
            (System.nanoTime() - t0) / (double) probes.length, "");
      }
      r64 = null;
    }

    // Snapshot: the register plus two operators with allowances.
    NumberSet registered = set;
    OppositionIndex index = new OppositionIndex(0, registered, new java.util.TreeMap<>());
    set = null;
    long sequence = 1;
    long[] some = new long[200_000];
    int[] filled = {0};
    registered.forEach(n -> {
      if (filled[0] < some.length && (n % 97) == 0) {
        some[filled[0]++] = n;
      }
    });
    for (int i = 0; i < filled[0]; i++) {
      String operator = i % 2 == 0 ? "ACME-ENERGIA" : "TELCO-42";
      index.apply(new RegisterEvent(
          sequence++, some[i], EventType.ALLOW, operator, Instant.EPOCH, Channel.WEB, null));
    }
    index.runOptimize();
    Path directory = Files.createTempDirectory("opendnc-measure");
    Path file = directory.resolve("index.snapshot");
    long t0 = System.nanoTime();
    IndexSnapshots.write(index, file);
    report("snapshot write", (System.nanoTime() - t0) / 1e9, "s");
    report("snapshot file MB", Files.size(file) / 1e6, "");
    index = null;
    registered = null;
    long beforeLoad = usedHeap();
    OppositionIndex measured = IndexSnapshots.read(file);
    report("OppositionIndex heap after snapshot load, bytes/number (measured, GC)",
        (double) (usedHeap() - beforeLoad) / measured.registeredCount(), "");
    report("OppositionIndex sizeInBytes()/number",
        (double) measured.sizeInBytes() / measured.registeredCount(), "");
    measured = null;
    usedHeap();
    for (int round = 0; round < 3; round++) {
      long t1 = System.nanoTime();
      OppositionIndex loaded = IndexSnapshots.read(file);
      report("snapshot read round " + round + " (" + loaded.registeredCount() + " registered)",
          (System.nanoTime() - t1) / 1e9, "s");
      loaded = null;
      usedHeap();
    }
    Files.delete(file);
    Files.delete(directory);
  }

  /** Italian numbers drawn like registrations: mostly mobiles, weighted by prefix. */
  static LongSupplier italy(SplittableRandom random) {
    int mobileWeight = 0;
    for (int[] prefix : IT_MOBILE) {
      mobileWeight += prefix[1];
    }
    int[] mobileCumulative = new int[IT_MOBILE.length];
    int sum = 0;
    for (int i = 0; i < IT_MOBILE.length; i++) {
      sum += IT_MOBILE[i][1];
      mobileCumulative[i] = sum;
    }
    int totalMobileWeight = mobileWeight;
    int fixedWeight = 0;
    for (String[] code : IT_FIXED) {
      fixedWeight += Integer.parseInt(code[2]);
    }
    int totalFixedWeight = fixedWeight;
    return () -> {
      if (random.nextInt(6) < 5) { // about 5 in 6 registered numbers are mobiles
        int pick = random.nextInt(totalMobileWeight);
        int i = 0;
        while (mobileCumulative[i] <= pick) {
          i++;
        }
        return 390_000_000_000L + IT_MOBILE[i][0] * 10_000_000L + random.nextInt(10_000_000);
      }
      int pick = random.nextInt(totalFixedWeight);
      for (String[] code : IT_FIXED) {
        pick -= Integer.parseInt(code[2]);
        if (pick < 0) {
          int digits = Integer.parseInt(code[1]);
          long scale = pow10(digits);
          // "39" + area code with its 0 + subscriber digits, as one decimal number.
          long prefix = Long.parseLong("39" + code[0]);
          return prefix * scale + random.nextLong(scale);
        }
      }
      throw new AssertionError();
    };
  }

  private static LongSupplier us(SplittableRandom random) {
    return () -> {
      int npa = US_NPA[random.nextInt(US_NPA.length)];
      int nxx = 200 + random.nextInt(800);
      return 10_000_000_000L + npa * 10_000_000L + nxx * 10_000L + random.nextInt(10_000);
    };
  }

  private static long pow10(int digits) {
    long value = 1;
    for (int i = 0; i < digits; i++) {
      value *= 10;
    }
    return value;
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** Looks the probes up {@code batch} at a time (each batch sorted first if asked); the hits. */
  private static long hitsInBatches(NumberTable table, long[] probes, int batch, boolean sortEach) {
    long[] chunk = new long[batch];
    long hits = 0;
    for (int offset = 0; offset < probes.length; offset += batch) {
      int n = Math.min(batch, probes.length - offset);
      System.arraycopy(probes, offset, chunk, 0, n);
      if (sortEach) {
        java.util.Arrays.sort(chunk, 0, n);
      }
      boolean[] found = table.containsAll(chunk, n);
      for (int i = 0; i < n; i++) {
        if (found[i]) {
          hits++;
        }
      }
    }
    return hits;
  }

  private static void report(String what, double value, String unit) {
    System.out.printf(Locale.ROOT, "  %-60s %10.3f %s%n", what, value, unit);
  }
}
