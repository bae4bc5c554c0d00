package org.opendnc.investigate.ingest;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Collects one firm's rows in file order, then sorts, de-duplicates and packs them. */
final class FirmRecordsBuilder {
  /*
   * Columns grow by half when full. finish() counts consent timestamps (fastutil's
   * Long2IntOpenHashMap), flags the rows whose timestamp is shared by at least the threshold, sorts
   * the keys with their row indexes riding along (radixSort below; quicksort under 64 rows), keeps
   * the first-acquired row of each key and writes the packed columns. Peak memory while finishing
   * is about 40 bytes a row.
   *
   * The radix sort stays hand-written (decision 0051): fastutil's LongArrays.radixSort of (key, row)
   * pairs, an in-place MSD sort, is several times slower on a firm's keys (SortBenchmark).
   */
  private static final long NO_SECONDS = Long.MIN_VALUE;

  private final String firm;
  private long[] keys = new long[1024];
  private char[] days = new char[1024];
  private long[] consentSeconds = new long[1024];
  private short[] names = new short[1024];
  private byte[] shapes = new byte[1024];
  private byte[] flags = new byte[1024];
  private int[] lines = new int[1024];
  private int size;
  private int duplicates;

  FirmRecordsBuilder(String firm) {
    this.firm = firm;
  }

  /**
   * Adds a row.
   *
   * @param epochDay acquisition day, or {@link FirmRecords#UNKNOWN_DAY}
   * @param consent consent epoch seconds, or {@link DateReader#BLANK} / {@link DateReader#UNREADABLE}
   */
  void add(long key, int epochDay, long consent, short name, byte shape, boolean noConsentSource, long line) {
    if (size == keys.length) {
      int capacity = size + (size >> 1);
      keys = Arrays.copyOf(keys, capacity);
      days = Arrays.copyOf(days, capacity);
      consentSeconds = Arrays.copyOf(consentSeconds, capacity);
      names = Arrays.copyOf(names, capacity);
      shapes = Arrays.copyOf(shapes, capacity);
      flags = Arrays.copyOf(flags, capacity);
      lines = Arrays.copyOf(lines, capacity);
    }
    keys[size] = key;
    days[size] = epochDay == FirmRecords.UNKNOWN_DAY ? 0 : (char) Math.max(1, Math.min(65_535, epochDay + 1));
    consentSeconds[size] = consent == DateReader.BLANK ? NO_SECONDS : consent;
    names[size] = name;
    shapes[size] = shape;
    flags[size] = noConsentSource ? FirmRecords.NO_CONSENT_SOURCE : 0;
    lines[size] = (int) Math.min(Integer.MAX_VALUE, line);
    size++;
  }

  int rows() {
    return size;
  }

  /** Rows dropped because an earlier-acquired row of the same file has the same number. */
  int duplicates() {
    return duplicates;
  }

  /**
   * Packs the records. A consent timestamp carried by at least {@code sharedThreshold} rows flags
   * them all as {@link FirmRecords#SHARED_CONSENT}.
   */
  FirmRecords finish(int sharedThreshold) {
    flagSharedConsents(sharedThreshold);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    long[] sortedKeys = Arrays.copyOf(keys, size);
    radixSort(sortedKeys, order, size);
    keys = null;
    // De-duplicate: of equal keys keep the earliest day, then the lowest line.
    int kept = 0;
    for (int i = 0; i < size; ) {
      int j = i + 1;
      int best = order[i];
      while (j < size && sortedKeys[j] == sortedKeys[i]) {
        int candidate = order[j];
        if (earlier(candidate, best)) {
          best = candidate;
        }
        j++;
      }
      duplicates += j - i - 1;
      sortedKeys[kept] = sortedKeys[i];
      order[kept] = best;
      kept++;
      i = j;
    }
    ByteArrayOutputStream packed = new ByteArrayOutputStream(kept * 2 + 16);
    char[] outDays = new char[kept];
    int[] outConsents = new int[kept];
    short[] outNames = new short[kept];
    byte[] outShapes = new byte[kept];
    byte[] outFlags = new byte[kept];
    int[] outLines = new int[kept];
    long previous = 0;
    int valid = 0;
    for (int i = 0; i < kept; i++) {
      long key = sortedKeys[i];
      long delta = key - previous;
      previous = key;
      while ((delta & ~0x7FL) != 0) {
        packed.write((int) ((delta & 0x7F) | 0x80));
        delta >>>= 7;
      }
      packed.write((int) delta);
      if (Keys.isValid(key)) {
        valid++;
      }
      int row = order[i];
      outDays[i] = days[row];
      long seconds = consentSeconds[row];
      outConsents[i] = seconds == NO_SECONDS ? FirmRecords.NO_CONSENT
          : seconds == DateReader.UNREADABLE ? FirmRecords.CONSENT_UNREADABLE
          : (int) Math.floorDiv(seconds, 60);
      outNames[i] = names[row];
      outShapes[i] = shapes[row];
      outFlags[i] = flags[row];
      outLines[i] = lines[row];
    }
    return new FirmRecords(firm, kept, packed.toByteArray(), outDays, outConsents, outNames, outShapes,
        outFlags, outLines, valid);
  }

  private boolean earlier(int a, int b) {
    int dayA = days[a] == 0 ? Integer.MAX_VALUE : days[a];
    int dayB = days[b] == 0 ? Integer.MAX_VALUE : days[b];
    return dayA != dayB ? dayA < dayB : lines[a] < lines[b];
  }

  private void flagSharedConsents(int threshold) {
    Long2IntOpenHashMap counts = new Long2IntOpenHashMap(Math.max(16, size));
    for (int i = 0; i < size; i++) {
      long value = consentSeconds[i];
      if (value != NO_SECONDS && value != DateReader.UNREADABLE) {
        counts.addTo(value, 1);
      }
    }
    for (int i = 0; i < size; i++) {
      long value = consentSeconds[i];
      if (value != NO_SECONDS && value != DateReader.UNREADABLE && counts.get(value) >= threshold) {
        flags[i] |= FirmRecords.SHARED_CONSENT;
      }
    }
  }

  /**
   * Sorts the keys (signed order) with the row indexes riding along: least significant byte
   * first, a pass per byte, the passes where every key has the same byte skipped (telephone keys
   * differ in their low five or six bytes only). Twice as much memory as the keys, for a fraction
   * of the quicksort's time on 10 M rows.
   */
  static void radixSort(long[] keys, int[] order, int n) {
    if (n < 64) {
      sort(keys, order, 0, n - 1);
      return;
    }
    int[][] counts = new int[8][256];
    for (int i = 0; i < n; i++) {
      long k = keys[i];
      for (int b = 0; b < 8; b++) {
        counts[b][digit(k, b)]++;
      }
    }
    long[] sourceKeys = keys;
    int[] sourceOrder = order;
    long[] targetKeys = null;
    int[] targetOrder = null;
    for (int b = 0; b < 8; b++) {
      int[] count = counts[b];
      boolean trivial = false;
      for (int d = 0; d < 256; d++) {
        if (count[d] == n) {
          trivial = true;
          break;
        }
      }
      if (trivial) {
        continue;
      }
      if (targetKeys == null) {
        targetKeys = new long[n];
        targetOrder = new int[n];
      }
      int[] next = new int[256];
      for (int d = 1; d < 256; d++) {
        next[d] = next[d - 1] + count[d - 1];
      }
      for (int i = 0; i < n; i++) {
        long k = sourceKeys[i];
        int at = next[digit(k, b)]++;
        targetKeys[at] = k;
        targetOrder[at] = sourceOrder[i];
      }
      long[] swapKeys = sourceKeys;
      sourceKeys = targetKeys;
      targetKeys = swapKeys;
      int[] swapOrder = sourceOrder;
      sourceOrder = targetOrder;
      targetOrder = swapOrder;
    }
    if (sourceKeys != keys) {
      System.arraycopy(sourceKeys, 0, keys, 0, n);
      System.arraycopy(sourceOrder, 0, order, 0, n);
    }
  }

  /** Byte b (0: lowest) of a key, the sign bit flipped in the top byte so that the order is signed. */
  private static int digit(long key, int b) {
    int d = (int) (key >>> (b << 3)) & 0xFF;
    return b == 7 ? d ^ 0x80 : d;
  }

  private static void sort(long[] keys, int[] order, int low, int high) {
    while (high - low > 16) {
      int middle = (low + high) >>> 1;
      // median of three as pivot
      if (keys[middle] < keys[low]) {
        swap(keys, order, middle, low);
      }
      if (keys[high] < keys[low]) {
        swap(keys, order, high, low);
      }
      if (keys[high] < keys[middle]) {
        swap(keys, order, high, middle);
      }
      long pivot = keys[middle];
      int i = low;
      int j = high;
      while (i <= j) {
        while (keys[i] < pivot) {
          i++;
        }
        while (keys[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(keys, order, i, j);
          i++;
          j--;
        }
      }
      if (j - low < high - i) {
        sort(keys, order, low, j);
        low = i;
      } else {
        sort(keys, order, i, high);
        high = j;
      }
    }
    for (int i = low + 1; i <= high; i++) {
      long key = keys[i];
      int index = order[i];
      int j = i - 1;
      while (j >= low && keys[j] > key) {
        keys[j + 1] = keys[j];
        order[j + 1] = order[j];
        j--;
      }
      keys[j + 1] = key;
      order[j + 1] = index;
    }
  }

  private static void swap(long[] keys, int[] order, int a, int b) {
    long key = keys[a];
    keys[a] = keys[b];
    keys[b] = key;
    int index = order[a];
    order[a] = order[b];
    order[b] = index;
  }
}
