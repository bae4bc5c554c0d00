package org.opendnc.core.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.roaringbitmap.ArrayContainer;
import org.roaringbitmap.BitmapContainer;
import org.roaringbitmap.Container;
import org.roaringbitmap.RoaringBitmap;

/**
 * Turns a bucket's unsorted low parts, duplicates included, into a run-optimized RoaringBitmap,
 * split across threads: the engine of {@link NumberSet.Builder}. One instance builds the buckets of
 * one set, one after another, and reuses its scratch arrays between them. Not thread-safe.
 *
 * <p>How. A Roaring container holds the values sharing their high 16 bits (the container key), so
 * a counting sort by key groups each container's values without comparing anything:
 *
 * <ol>
 *   <li>each part counts the keys of its slice of the input (a histogram of 65,536 counters);
 *   <li>the calling thread turns the counts into write positions, part by part within each key so
 *       the parts never write to the same place, and cuts the keys into ranges of about equal
 *       numbers of values, one range per part;
 *   <li>each part scatters the low 16 bits of its slice to those positions;
 *   <li>each part builds the containers of its own key range: a small radix sort of the group's
 *       values (it stays in the L1 cache), duplicates dropped, then the container Roaring itself
 *       would choose for that cardinality, run-optimized.
 * </ol>
 *
 * The key ranges are disjoint and ascending, so the parts' containers are appended in order with
 * no merge. Work is proportional to the number of values plus 65,536 per part and bucket: no
 * container goes through an 8 KiB bitmap unless it holds more than 4,096 values, where Roaring
 * uses a bitmap anyway.
 *
 * <p>The result equals what {@code RoaringBitmap.bitmapOfUnordered} followed by {@code
 * runOptimize()} gives: an array container for at most 4,096 distinct values, a bitmap container
 * above, each replaced by a run container when that is strictly smaller.
 */
final class BucketBitmaps {

  private static final int KEYS = 1 << 16;
  /** Roaring keeps at most this many values in an array container, more go to a bitmap. */
  private static final int ARRAY_MAX = 4096;
  /** Below this, one sort of the whole bucket is cheaper than histograms of 65,536 counters. */
  private static final int SMALL_BUCKET = 1 << 14;
  /**
   * The fewest values a part gets: bounds the 256 KiB histogram of each part to 4 bytes a value
   * and keeps tiny buckets from paying for threads.
   */
  private static final int MIN_PART = 1 << 16;
  /** Groups this small are sorted by insertion: cheaper than clearing radix counters. */
  private static final int INSERTION_MAX = 48;

  private final ExecutorService pool;
  private final int parts;
  /** Per part: its key counts, then its write positions. */
  private final int[][] cursors;
  /** Per part: scratch for sorting a group and the part's containers; see {@link #scratch}. */
  private final Scratch[] scratch;
  /** Group starts: the values of key k are grouped[starts[k]..starts[k + 1]). */
  private final int[] starts = new int[KEYS + 1];
  /** Part t builds the containers of keys bounds[t]..bounds[t + 1]. */
  private final int[] bounds;
  private char[] grouped = new char[0];

  /** Per-part scratch, grown on demand and kept across buckets. */
  private static final class Scratch {
    char[] buffer = new char[ARRAY_MAX];
    final int[] counts = new int[2 * 256];
    long[] words;
    char[] keys = new char[16];
    Container[] containers = new Container[16];
    int size;

    void add(int key, Container container) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        containers = Arrays.copyOf(containers, size * 2);
      }
      keys[size] = (char) key;
      containers[size++] = container;
    }
  }

  /**
   * @param pool runs parts 1 to {@code parts - 1} while the calling thread runs part 0; unused
   *     (may be null) when {@code parts} is 1
   */
  BucketBitmaps(ExecutorService pool, int parts) {
    this.pool = pool;
    this.parts = parts;
    this.cursors = new int[parts][];
    this.scratch = new Scratch[parts];
    this.bounds = new int[parts + 1];
  }

  /** The run-optimized bitmap of {@code values[0..size)}, which it reads and never changes. */
  RoaringBitmap build(int[] values, int size) {
    if (size < SMALL_BUCKET) {
      return small(values, size);
    }
    int p = Math.max(1, Math.min(parts, size / MIN_PART));
    inParallel(p, t -> count(values, slice(size, p, t), slice(size, p, t + 1), t));
    positions(size, p);
    if (grouped.length < size) {
      grouped = new char[size];
    }
    inParallel(p, t -> scatter(values, slice(size, p, t), slice(size, p, t + 1), t));
    inParallel(p, t -> containers(bounds[t], bounds[t + 1], scratch(t)));
    RoaringBitmap bitmap = new RoaringBitmap();
    for (int t = 0; t < p; t++) {
      Scratch s = scratch(t);
      for (int i = 0; i < s.size; i++) {
        bitmap.append(s.keys[i], s.containers[i]);
      }
      Arrays.fill(s.containers, 0, s.size, null);
      s.size = 0;
    }
    return bitmap;
  }

  /** Part t's scratch, made on first use: only the parts that some bucket is large enough for. */
  private Scratch scratch(int t) {
    Scratch s = scratch[t];
    if (s == null) {
      s = scratch[t] = new Scratch();
    }
    return s;
  }

  private static int slice(int size, int p, int t) {
    return (int) ((long) size * t / p);
  }

  private void count(int[] values, int from, int to, int t) {
    int[] counts = cursors[t];
    if (counts == null) {
      counts = cursors[t] = new int[KEYS];
    } else {
      Arrays.fill(counts, 0);
    }
    for (int i = from; i < to; i++) {
      counts[values[i] >>> 16]++;
    }
  }

  /**
   * Turns the parts' counts into their write positions (within a key, part 0's values first) and
   * cuts the keys into {@code p} ranges of about {@code size / p} values each.
   */
  private void positions(int size, int p) {
    int position = 0;
    int part = 1;
    bounds[0] = 0;
    for (int key = 0; key < KEYS; key++) {
      starts[key] = position;
      while (part < p && position >= slice(size, p, part)) {
        bounds[part++] = key;
      }
      for (int t = 0; t < p; t++) {
        int[] counts = cursors[t];
        int n = counts[key];
        counts[key] = position;
        position += n;
      }
    }
    starts[KEYS] = position;
    while (part <= p) {
      bounds[part++] = KEYS;
    }
  }

  private void scatter(int[] values, int from, int to, int t) {
    int[] next = cursors[t];
    char[] out = grouped;
    for (int i = from; i < to; i++) {
      int value = values[i];
      out[next[value >>> 16]++] = (char) value;
    }
  }

  /**
   * Builds the containers of the keys {@code fromKey..toKey}. The sort is written out in this one
   * loop rather than called per container: this runs once per check, and the JIT compiles a long
   * loop in place (on-stack replacement) far sooner than a method called once per container, which
   * runs profiled code for its first few hundred calls (a fresh JVM's first build of 6.9 M numbers
   * took about 230 ms that way, 185 ms this way; warm builds are the same).
   */
  private void containers(int fromKey, int toKey, Scratch s) {
    char[] group = grouped;
    char[] buffer = s.buffer;
    int[] counts = s.counts;
    for (int key = fromKey; key < toKey; key++) {
      int from = starts[key];
      int to = starts[key + 1];
      int n = to - from;
      if (n == 0) {
        continue;
      }
      if (n > ARRAY_MAX) {
        s.add(key, dense(group, from, to, s));
        continue;
      }
      // Sorted straight into the container's array; duplicates are rare, so it is usually exact.
      char[] sorted = new char[n];
      if (n <= INSERTION_MAX) {
        for (int i = 0; i < n; i++) {
          char value = group[from + i];
          int j = i - 1;
          while (j >= 0 && sorted[j] > value) {
            sorted[j + 1] = sorted[j];
            j--;
          }
          sorted[j + 1] = value;
        }
      } else {
        // Two radix passes of 8 bits, through the scratch buffer.
        Arrays.fill(counts, 0);
        for (int i = from; i < to; i++) {
          char value = group[i];
          counts[value & 0xFF]++;
          counts[256 + (value >>> 8)]++;
        }
        int low = 0;
        int high = 0;
        for (int d = 0; d < 256; d++) {
          int c = counts[d];
          counts[d] = low;
          low += c;
          c = counts[256 + d];
          counts[256 + d] = high;
          high += c;
        }
        for (int i = from; i < to; i++) {
          char value = group[i];
          buffer[counts[value & 0xFF]++] = value;
        }
        for (int i = 0; i < n; i++) {
          char value = buffer[i];
          sorted[counts[256 + (value >>> 8)]++] = value;
        }
      }
      s.add(key, arrayContainer(sorted));
    }
  }

  /** A bucket too small for histograms: one sort as unsigned ints, then its groups by key. */
  private RoaringBitmap small(int[] values, int size) {
    // Flipping the sign bit makes the signed sort an unsigned one.
    int[] sorted = new int[size];
    for (int i = 0; i < size; i++) {
      sorted[i] = values[i] ^ Integer.MIN_VALUE;
    }
    Arrays.sort(sorted);
    char[] lows = new char[size];
    for (int i = 0; i < size; i++) {
      lows[i] = (char) sorted[i];
    }
    RoaringBitmap bitmap = new RoaringBitmap();
    int from = 0;
    while (from < size) {
      int key = (sorted[from] ^ Integer.MIN_VALUE) >>> 16;
      int to = from + 1;
      while (to < size && (sorted[to] ^ Integer.MIN_VALUE) >>> 16 == key) {
        to++;
      }
      bitmap.append(
          (char) key,
          to - from > ARRAY_MAX
              ? dense(lows, from, to, scratch(0))
              : arrayContainer(Arrays.copyOfRange(lows, from, to)));
      from = to;
    }
    return bitmap;
  }

  /**
   * The run-optimized container of {@code sorted}, at most {@link #ARRAY_MAX} ascending values
   * with their duplicates, which it drops in place.
   */
  private static Container arrayContainer(char[] sorted) {
    int n = sorted.length;
    int distinct = 1;
    for (int i = 1; i < n; i++) {
      char value = sorted[i];
      if (value != sorted[distinct - 1]) {
        sorted[distinct++] = value;
      }
    }
    char[] content = distinct < n ? Arrays.copyOf(sorted, distinct) : sorted;
    return new ArrayContainer(distinct, content).runOptimize();
  }

  /**
   * More values than an array container holds, duplicates included: setting bits needs no sort,
   * and if duplicates bring the count down to an array's, the bitmap reads out sorted.
   */
  private static Container dense(char[] group, int from, int to, Scratch s) {
    long[] words = s.words == null ? new long[KEYS / 64] : s.words;
    s.words = null;
    for (int i = from; i < to; i++) {
      char value = group[i];
      words[value >>> 6] |= 1L << value;
    }
    int cardinality = 0;
    for (long word : words) {
      cardinality += Long.bitCount(word);
    }
    if (cardinality > ARRAY_MAX) {
      return new BitmapContainer(words, cardinality).runOptimize();
    }
    char[] content = new char[cardinality];
    int n = 0;
    for (int w = 0; w < words.length; w++) {
      for (long word = words[w]; word != 0; word &= word - 1) {
        content[n++] = (char) (w * 64 + Long.numberOfTrailingZeros(word));
      }
      words[w] = 0;
    }
    s.words = words; // all zero again: reusable for the next dense group
    return new ArrayContainer(cardinality, content).runOptimize();
  }

  /**
   * Runs {@code task} for parts 0 to {@code p - 1}: part 0 on the calling thread, the others on the
   * pool, and returns when all are done.
   *
   * @throws IllegalStateException if a part on the pool fails or the calling thread is interrupted
   */
  private void inParallel(int p, IntConsumer task) {
    if (p == 1) {
      task.accept(0);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(p - 1);
    for (int t = 1; t < p; t++) {
      int part = t;
      futures.add(pool.submit(() -> task.accept(part)));
    }
    try {
      task.accept(0);
    } catch (RuntimeException | Error e) {
      // The other parts still write to this instance's scratch: wait for them before leaving.
      try {
        awaitAll(futures);
      } catch (RuntimeException other) {
        e.addSuppressed(other);
      }
      throw e;
    }
    awaitAll(futures);
  }

  private static void awaitAll(List<Future<?>> futures) {
    Throwable failure = null;
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (InterruptedException e) {
        futures.forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while building a number set", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
      }
    }
    if (failure != null) {
      throw new IllegalStateException("building a number set failed", failure);
    }
  }
}
