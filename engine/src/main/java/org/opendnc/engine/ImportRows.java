package org.opendnc.engine;

import java.util.Arrays;

/**
 * One run of an import's valid rows, held as parallel primitive arrays (number, time, channel),
 * with a stable sort by number. Not thread-safe.
 */
final class ImportRows {

  /*
   * The sort is an LSD radix sort on (e164 - min), 11 bits per pass, that moves the three arrays
   * together through a second set of arrays and back. Only the passes over bits that differ among
   * the keys run (Italian numbers span less than 2^32 above the smallest, so at most three passes),
   * and a pass whose digits are all equal is skipped. LSD radix sort is stable: rows with the same
   * number keep their order of addition (file order). O(n) time, no boxing. The arrays start
   * small and double up to the run's capacity (a small file gets small arrays); the second set is
   * allocated by the sort and kept while the size allows, so a cleared run is refilled without
   * allocating. It stays hand-written (decision 0051): fastutil's radix sort of (number, row) pairs
   * followed by gathering the times and channels is markedly slower on a run (SortBenchmark).
   */

  private static final int INITIAL_ROWS = 1 << 16;

  private static final int DIGIT_BITS = 11;
  private static final int BUCKETS = 1 << DIGIT_BITS;

  private final int capacity;
  private long[] numbers;
  private long[] times;
  private byte[] channels;
  private int size;
  private long[] numbersTo;
  private long[] timesTo;
  private byte[] channelsTo;

  /** An empty run that holds at most {@code capacity} rows. */
  ImportRows(int capacity) {
    this.capacity = capacity;
    int initial = Math.min(capacity, INITIAL_ROWS);
    numbers = new long[initial];
    times = new long[initial];
    channels = new byte[initial];
  }

  int size() {
    return size;
  }

  /**
   * Adds a row after the previous ones.
   *
   * @throws IllegalStateException when full
   */
  void add(long e164, long atEpochNanos, byte channel) {
    if (size == numbers.length) {
      if (size == capacity) {
        throw new IllegalStateException("the run is full: " + capacity + " rows");
      }
      int length = (int) Math.min(capacity, 2L * size);
      numbers = Arrays.copyOf(numbers, length);
      times = Arrays.copyOf(times, length);
      channels = Arrays.copyOf(channels, length);
    }
    numbers[size] = e164;
    times[size] = atEpochNanos;
    channels[size] = channel;
    size++;
  }

  long number(int row) {
    return numbers[row];
  }

  long atEpochNanos(int row) {
    return times[row];
  }

  byte channel(int row) {
    return channels[row];
  }

  /** Empties the run, keeping its arrays. */
  void clear() {
    size = 0;
  }

  /** Sorts the rows by number, stably: rows of equal numbers keep their order of addition. */
  void sortByNumber() {
    if (size < 2) {
      return;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, numbers[i]);
      max = Math.max(max, numbers[i]);
    }
    int bits = 64 - Long.numberOfLeadingZeros(max - min);
    if (numbersTo == null || numbersTo.length != numbers.length) {
      numbersTo = new long[numbers.length];
      timesTo = new long[numbers.length];
      channelsTo = new byte[numbers.length];
    }
    int[] counts = new int[BUCKETS];
    for (int shift = 0; shift < bits; shift += DIGIT_BITS) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < size; i++) {
        counts[digit(numbers[i], min, shift)]++;
      }
      if (counts[digit(numbers[0], min, shift)] == size) {
        continue; // every key has this digit: the pass would not move anything
      }
      int offset = 0;
      for (int b = 0; b < BUCKETS; b++) {
        int count = counts[b];
        counts[b] = offset;
        offset += count;
      }
      for (int i = 0; i < size; i++) {
        int to = counts[digit(numbers[i], min, shift)]++;
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
  }

  private static int digit(long number, long min, int shift) {
    return (int) (((number - min) >>> shift) & (BUCKETS - 1));
  }
}
