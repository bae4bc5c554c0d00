package org.opendnc.bench;

import java.util.Arrays;

/** The project's hand-written LSD radix sorts before decision 0051: the baselines of {@link SortBenchmark}. */
final class HandWrittenSorts {
  private HandWrittenSorts() {}

  /** FirmRecordsBuilder.radixSort: signed order, byte digits, the row indexes riding along. */
  static void firmRadixSort(long[] keys, int[] order, int n) {
    if (n < 64) {
      Integer[] boxed = new Integer[n];
      for (int i = 0; i < n; i++) {
        boxed[i] = i;
      }
      Arrays.sort(boxed, (a, b) -> Long.compare(keys[a], keys[b]));
      long[] sortedKeys = new long[n];
      int[] sortedOrder = new int[n];
      for (int i = 0; i < n; i++) {
        sortedKeys[i] = keys[boxed[i]];
        sortedOrder[i] = order[boxed[i]];
      }
      System.arraycopy(sortedKeys, 0, keys, 0, n);
      System.arraycopy(sortedOrder, 0, order, 0, n);
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

  private static int digit(long key, int b) {
    int d = (int) (key >>> (b << 3)) & 0xFF;
    return b == 7 ? d ^ 0x80 : d;
  }

  private static final int DIGIT_BITS = 11;
  private static final int BUCKETS = 1 << DIGIT_BITS;

  /** ImportRows.sortByNumber: stable, 11-bit digits of (number - min), three arrays moved together. */
  static void importRadixSort(long[] numbersIn, long[] timesIn, byte[] channelsIn, int size) {
    if (size < 2) {
      return;
    }
    long[] numbers = numbersIn;
    long[] times = timesIn;
    byte[] channels = channelsIn;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, numbers[i]);
      max = Math.max(max, numbers[i]);
    }
    int bits = 64 - Long.numberOfLeadingZeros(max - min);
    long[] numbersTo = new long[numbers.length];
    long[] timesTo = new long[numbers.length];
    byte[] channelsTo = new byte[numbers.length];
    int[] counts = new int[BUCKETS];
    for (int shift = 0; shift < bits; shift += DIGIT_BITS) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < size; i++) {
        counts[importDigit(numbers[i], min, shift)]++;
      }
      if (counts[importDigit(numbers[0], min, shift)] == size) {
        continue;
      }
      int offset = 0;
      for (int b = 0; b < BUCKETS; b++) {
        int count = counts[b];
        counts[b] = offset;
        offset += count;
      }
      for (int i = 0; i < size; i++) {
        int to = counts[importDigit(numbers[i], min, shift)]++;
        numbersTo[to] = numbers[i];
        timesTo[to] = times[i];
        channelsTo[to] = channels[i];
      }
      long[] swapNumbers = numbers;
      numbers = numbersTo;
      numbersTo = swapNumbers;
      long[] swapTimes = times;
      times = timesTo;
      timesTo = swapTimes;
      byte[] swapChannels = channels;
      channels = channelsTo;
      channelsTo = swapChannels;
    }
    if (numbers != numbersIn) {
      System.arraycopy(numbers, 0, numbersIn, 0, size);
      System.arraycopy(times, 0, timesIn, 0, size);
      System.arraycopy(channels, 0, channelsIn, 0, size);
    }
  }

  private static int importDigit(long number, long min, int shift) {
    return (int) (((number - min) >>> shift) & (BUCKETS - 1));
  }
}
