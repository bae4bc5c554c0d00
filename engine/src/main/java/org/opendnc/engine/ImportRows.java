package org.opendnc.engine;

import it.unimi.dsi.fastutil.longs.LongArrays;
import java.util.Arrays;

/**
 * One run of an import's valid rows, held as parallel primitive arrays (number, time, channel),
 * with a stable sort by number. Not thread-safe.
 */
final class ImportRows {

  /*
   * The sort pairs each number with its row (its order of addition) and sorts the pairs with
   * fastutil's LongArrays.radixSort (in place, MSD, signed lexicographic order of the pairs), so
   * rows with the same number keep their order of addition (file order): the sort is stable. The
   * times and channels are then gathered in that order into a second pair of arrays, which become
   * the run's. O(n) time, no boxing. The arrays start small and double up to the run's capacity (a
   * small file gets small arrays); the row and second arrays are allocated by the sort and kept
   * while the size allows, so a cleared run is refilled without allocating. Extra memory: 17 bytes
   * a row (row 8, time 8, channel 1).
   */

  private static final int INITIAL_ROWS = 1 << 16;

  private final int capacity;
  private long[] numbers;
  private long[] times;
  private byte[] channels;
  private int size;
  private long[] order;
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
    if (order == null || order.length != numbers.length) {
      order = new long[numbers.length];
      timesTo = new long[numbers.length];
      channelsTo = new byte[numbers.length];
    }
    long[] rows = order;
    for (int i = 0; i < size; i++) {
      rows[i] = i;
    }
    LongArrays.radixSort(numbers, rows, 0, size);
    for (int i = 0; i < size; i++) {
      int row = (int) rows[i];
      timesTo[i] = times[row];
      channelsTo[i] = channels[row];
    }
    long[] swapTimes = times;
    times = timesTo;
    timesTo = swapTimes;
    byte[] swapChannels = channels;
    channels = channelsTo;
    channelsTo = swapChannels;
  }
}
