package org.opendnc.core.index;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.roaringbitmap.Container;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;

/**
 * An immutable set of phone numbers laid out for fast membership tests: the register's frozen
 * state that a check reads millions of times. Built from a {@link NumberSet}; about two bytes per
 * number plus 256 KiB per populated 2^32 range (a country's numbers fill a handful).
 *
 * <p>Thread-safe: it never changes after construction.
 */
public final class NumberTable {

  /*
   * Why not the RoaringBitmap itself: a Roaring lookup is a binary search over the container keys
   * followed by a binary search inside a container that holds ~1,000 numbers for the register's
   * densities. Each of those searches touches several cache lines that are not in cache for a
   * random number, so a lookup costs 4-6 memory latencies (~290 ns measured at 30 M numbers).
   *
   * Layout. As in NumberSet, a number is split into a bucket (e164 >>> 32, a handful per country)
   * and a 32-bit low part. A dense bucket (at least DENSE_MIN numbers) keeps a direct directory
   * over the next 16 bits: starts[h]..starts[h + 1] is the range of `lows` holding the low 16 bits,
   * ascending, of the numbers whose low part starts with h. A lookup reads two adjacent directory
   * entries and two sub-slot entries (see below) and then guesses the position by interpolation,
   * the numbers being close to uniform within 4,096 consecutive values; a short linear walk from
   * the guess finds the place, usually in the same cache line. Three memory reads, the first two
   * in arrays of a few MiB that stay in the L2 or L3 cache, instead of 4-6 misses.
   * A sparse bucket keeps its low parts in a sorted int array (biased to sort as unsigned) and is
   * searched by binary search: such buckets are small, so they stay in cache or do not matter.
   *
   * Sub-slots (decision 0060). A country's numbers fill only part of a bucket's 2^32 values (the
   * Italian mobiles ~10^9 of them), so a directory slot of an Italian register holds ~1,400 values,
   * and the interpolation guess is typically ~19 places off: the walk from the guess took
   * ~55 ns a number, most of a lookup, in dependent steps and mispredicted exits. So each slot
   * also has 16 sub-slots of 4,096 values: fine[subIndex(h, k)] is where, counted from starts[h],
   * the values whose low 16 bits start with k (their top 4 bits) begin. A char suffices: a sub-slot
   * k starts after at most k * 4,096 values. The guess then interpolates inside ~90 values and is
   * off by ~4 places. ~1.9 MiB per bucket, so only buckets of at least FINE_MIN numbers have them
   * (at most 0.5 B a number of such a bucket; the Italian mobiles' bucket holds most of a
   * register); a lookup in another dense bucket interpolates over the whole slot as before. The
   * scratch keeps each number's 16-bit interpolation key, so both kinds take the same code after
   * the directory.
   */

  private static final int DENSE_MIN = 1 << 14;
  private static final int DIRECTORY = 1 << 16;
  /** Sub-slots per directory slot, by the top bits of the low 16 bits. */
  private static final int SUB_SHIFT = 12;
  private static final int SUBS = 1 << (16 - SUB_SHIFT);
  private static final int SUB_MASK = (1 << SUB_SHIFT) - 1;
  /** The fewest numbers of a bucket that gets sub-slots. */
  private static final int FINE_MIN = 1 << 22;

  private final int[] bucketKeys;
  /** Per bucket: the directory of a dense bucket, or null. */
  private final int[][] starts;
  /** Per bucket: the sub-slot offsets of a dense bucket (see the layout comment), or null. */
  private final char[][] fine;
  /** Per bucket: the biased low parts of a sparse bucket, or null. */
  private final int[][] sparse;
  /** The low 16 bits of the numbers of every dense bucket, bucket by bucket, ascending. */
  private final char[] lows;
  private final long cardinality;
  /** Written by containsAll so the JIT keeps its prefetching loads. */
  @SuppressWarnings("unused")
  private volatile int sink;

  private NumberTable(int[] bucketKeys, int[][] starts, char[][] fine, int[][] sparse, char[] lows,
      long cardinality) {
    this.bucketKeys = bucketKeys;
    this.starts = starts;
    this.fine = fine;
    this.sparse = sparse;
    this.lows = lows;
    this.cardinality = cardinality;
  }

  /**
   * A table holding the numbers of {@code set} at this moment. Copies the set's bitmaps container
   * by container: a RoaringBitmap container holds the values of one 16-bit high part, which is
   * exactly a directory slot here, so no number goes through a callback (this runs at every start
   * of the register, on a cold JVM).
   */
  public static NumberTable of(NumberSet set) {
    return of(set, FINE_MIN);
  }

  /**
   * As {@link #of(NumberSet)}, giving sub-slots to the dense buckets of at least {@code fineMin}
   * numbers; for tests.
   */
  static NumberTable of(NumberSet set, int fineMin) {
    Objects.requireNonNull(set, "set");
    int[] keys = set.bucketKeys();
    long denseTotal = 0;
    for (int b = 0; b < keys.length; b++) {
      long count = set.bucketBitmap(b).getLongCardinality();
      if (count >= DENSE_MIN) {
        denseTotal += count;
      }
    }
    if (denseTotal > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("a number table holds at most 2^31 numbers in dense ranges");
    }
    int[][] starts = new int[keys.length][];
    char[][] fine = new char[keys.length][];
    int[][] sparse = new int[keys.length][];
    char[] lows = new char[(int) denseTotal];
    int[] values = new int[DIRECTORY];
    int offset = 0;
    for (int b = 0; b < keys.length; b++) {
      RoaringBitmap bitmap = set.bucketBitmap(b);
      if (bitmap.getLongCardinality() < DENSE_MIN) {
        int[] biased = bitmap.toArray(); // ascending as unsigned
        for (int i = 0; i < biased.length; i++) {
          biased[i] ^= Integer.MIN_VALUE;
        }
        sparse[b] = biased;
        continue;
      }
      int[] directory = new int[DIRECTORY + 1];
      // Index 0 and the last index are padding (see subIndex).
      char[] subs = bitmap.getLongCardinality() >= fineMin ? new char[DIRECTORY * (SUBS - 1) + 2] : null;
      int slot = 0;
      for (ContainerPointer pointer = bitmap.getContainerPointer(); pointer.getContainer() != null;
          pointer.advance()) {
        int high = pointer.key();
        while (slot <= high) {
          directory[slot++] = offset; // empty slots before this one, then this one's start
        }
        Container container = pointer.getContainer();
        int count = container.getCardinality();
        container.fillLeastSignificant16bits(values, 0, 0);
        for (int i = 0; i < count; i++) {
          lows[offset + i] = (char) values[i];
        }
        for (int k = 1, at = 0; subs != null && k < SUBS; k++) {
          while (at < count && values[at] >>> SUB_SHIFT < k) {
            at++;
          }
          subs[subIndex(high, k)] = (char) at;
        }
        offset += count;
      }
      while (slot <= DIRECTORY) {
        directory[slot++] = offset;
      }
      starts[b] = directory;
      fine[b] = subs;
    }
    return new NumberTable(keys, starts, fine, sparse, lows, set.cardinality());
  }

  /** Calls the consumer with every number, in ascending order. */
  public void forEach(LongConsumer consumer) {
    Objects.requireNonNull(consumer, "consumer");
    for (int b = 0; b < bucketKeys.length; b++) {
      long high = ((long) bucketKeys[b]) << 32;
      int[] directory = starts[b];
      if (directory == null) {
        for (int biased : sparse[b]) {
          consumer.accept(high | Integer.toUnsignedLong(biased ^ Integer.MIN_VALUE));
        }
        continue;
      }
      for (int h = 0; h < DIRECTORY; h++) {
        long prefix = high | ((long) h << 16);
        for (int i = directory[h], end = directory[h + 1]; i < end; i++) {
          consumer.accept(prefix | lows[i]);
        }
      }
    }
  }

  /** How many numbers the table holds. */
  public long cardinality() {
    return cardinality;
  }

  /** Whether the number is in the table; {@code false} for any non-positive or too long value. */
  public boolean contains(long e164) {
    if (e164 <= 0 || e164 > NumberSet.MAX_E164) {
      return false;
    }
    int b = bucket((int) (e164 >>> 32));
    if (b < 0) {
      return false;
    }
    int low = (int) e164;
    int[] directory = starts[b];
    if (directory == null) {
      return Arrays.binarySearch(sparse[b], low ^ Integer.MIN_VALUE) >= 0;
    }
    int h = low >>> 16;
    char[] subs = fine[b];
    if (subs == null) {
      return containsIn(directory[h], directory[h + 1], (char) low, (char) low);
    }
    int k = (low >>> SUB_SHIFT) & (SUBS - 1);
    return containsIn(subFrom(directory, subs, h, k), subTo(directory, subs, h, k), (char) low,
        (low & SUB_MASK) << (16 - SUB_SHIFT));
  }

  /**
   * Where sub-slot k (1 to 15) of slot h begins, counted from the slot's start, is kept at this
   * index: sub-slot 0 always begins at 0 and is not kept, so a bucket's sub-slots take 15 chars a
   * slot (1.875 MiB a bucket). Index 0 and the last index are padding, read and ignored by
   * subFrom and subTo.
   */
  private static int subIndex(int h, int k) {
    return h * (SUBS - 1) + k;
  }

  /** Where sub-slot {@code k} of slot {@code h} begins in {@code lows}. */
  private static int subFrom(int[] directory, char[] subs, int h, int k) {
    int offset = subs[subIndex(h, k)]; // for k = 0 the previous slot's last entry or padding
    return directory[h] + (k == 0 ? 0 : offset);
  }

  /** Where sub-slot {@code k} of slot {@code h} ends: the next sub-slot, or the slot's end. */
  private static int subTo(int[] directory, char[] subs, int h, int k) {
    int next = directory[h] + subs[subIndex(h, k + 1)]; // for k = 15 the next slot's or padding
    return k == SUBS - 1 ? directory[h + 1] : next;
  }

  /** Per-thread arrays for {@link #containsAll}, grown to the largest batch seen. */
  private static final class Scratch {
    int[] from = new int[0];
    int[] to = new int[0];
    /** The 16-bit interpolation key of each number in its range (see containsIn). */
    int[] key = new int[0];
    boolean[] found = new boolean[0];

    Scratch ensure(int count) {
      if (found.length < count) {
        from = new int[count];
        to = new int[count];
        key = new int[count];
        found = new boolean[count];
      }
      return this;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /**
   * Whether each of {@code numbers[0, count)} is in the table. Faster per number than {@link
   * #contains} on a batch: the numbers are taken {@value #SUB_BATCH} at a time, and within those
   * the directory reads of all numbers are issued before any of them is needed, then the data
   * reads, so their cache misses overlap.
   *
   * @return an array whose first {@code count} entries are the answers; it belongs to the calling
   *     thread and is overwritten by its next call
   */
  public boolean[] containsAll(long[] numbers, int count) {
    Scratch scratch = SCRATCH.get().ensure(count);
    for (int start = 0; start < count; start += SUB_BATCH) {
      containsAll(numbers, start, Math.min(count, start + SUB_BATCH), scratch);
    }
    return scratch.found;
  }

  /*
   * Why sub-batches: the overlapping only pays while the pages the batch touches stay in the TLB.
   * A random number touches a page of `lows` of its own (60 MB at 30 M numbers, ~15,000 pages of
   * 4 KiB), so a batch of 8,192 missed the TLB again when it came back to walk from its guesses;
   * on a virtual machine each miss is a two-level page walk. Measured at 30 M numbers (random
   * probes, docs/benchmarks.md): 122 ns per number in batches of 8,192, 106 at 4,096, 76 at 1,024,
   * 74 at 512, 75 at 256.
   */
  static final int SUB_BATCH = 512;

  private void containsAll(long[] numbers, int start, int end, Scratch scratch) {
    int[] scratchFrom = scratch.from;
    int[] scratchTo = scratch.to;
    int[] scratchKey = scratch.key;
    boolean[] found = scratch.found;
    for (int i = start; i < end; i++) {
      long e164 = numbers[i];
      int from = 0;
      int to = -1; // from > to: decided without the dense path
      int key = 0;
      if (e164 > 0 && e164 <= NumberSet.MAX_E164) {
        int b = bucket((int) (e164 >>> 32));
        if (b >= 0) {
          int[] directory = starts[b];
          if (directory != null) {
            int low = (int) e164;
            int h = low >>> 16;
            char[] subs = fine[b];
            if (subs != null) {
              int k = (low >>> SUB_SHIFT) & (SUBS - 1);
              from = subFrom(directory, subs, h, k);
              to = subTo(directory, subs, h, k);
              key = (low & SUB_MASK) << (16 - SUB_SHIFT);
            } else {
              from = directory[h];
              to = directory[h + 1];
              key = low & 0xFFFF;
            }
          } else {
            from = Arrays.binarySearch(sparse[b], ((int) e164) ^ Integer.MIN_VALUE) >= 0 ? 1 : 0;
            to = -2;
          }
        }
      }
      scratchFrom[i] = from;
      scratchTo[i] = to;
      scratchKey[i] = key;
    }
    // Touch each number's guessed position first, with no branch on the loaded value, so the
    // cache misses of the sub-batch are in flight together; the walks below then hit cache.
    char[] l = lows;
    int touched = 0;
    for (int i = start; i < end; i++) {
      int from = scratchFrom[i];
      int n = scratchTo[i] - from;
      if (n > 0) {
        touched += l[from + (int) (((long) scratchKey[i] * n) >>> 16)];
      }
    }
    sink = touched;
    for (int i = start; i < end; i++) {
      int to = scratchTo[i];
      found[i] = to >= 0
          ? containsIn(scratchFrom[i], to, (char) numbers[i], scratchKey[i])
          : to == -2 && scratchFrom[i] == 1;
    }
  }

  /**
   * Whether {@code low} is among {@code lows[from, to)}, searched from the interpolation guess:
   * {@code key} is where low lies in the range's values, scaled to 16 bits.
   */
  private boolean containsIn(int from, int to, char low, int key) {
    int n = to - from;
    if (n <= 0) {
      return false;
    }
    char[] l = lows;
    int p = from + (int) (((long) key * n) >>> 16);
    if (l[p] < low) {
      do {
        p++;
      } while (p < to && l[p] < low);
      return p < to && l[p] == low;
    }
    while (p > from && l[p - 1] >= low) {
      p--;
    }
    return l[p] == low;
  }

  private int bucket(int key) {
    int[] keys = bucketKeys;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        return i;
      }
      if (keys[i] > key) {
        return -1;
      }
    }
    return -1;
  }

  /** The heap this table uses, in bytes (arrays and their headers). */
  public long sizeInBytes() {
    long size = 16 + 16L + 4L * bucketKeys.length + 3 * (16L + 4L * bucketKeys.length) + 16L + 2L * lows.length;
    for (int b = 0; b < bucketKeys.length; b++) {
      size += starts[b] != null
          ? 16L + 4L * starts[b].length + (fine[b] == null ? 0 : 16L + 2L * fine[b].length)
          : 16L + 4L * sparse[b].length;
    }
    return size;
  }
}
