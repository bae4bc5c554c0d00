package org.opendnc.investigate.register;

import java.util.Arrays;

/**
 * The latest registration (REGISTER or RENEW) of each registered number, as sorted parallel
 * arrays: 12 bytes a number. A registration revokes every consent given before it (DPR 26/2022).
 */
public final class Registrations {
  private final long[] numbers;
  private final int[] minutes;

  private Registrations(long[] numbers, int[] minutes) {
    this.numbers = numbers;
    this.minutes = minutes;
  }

  /** No registrations (no register given). */
  public static Registrations none() {
    return new Registrations(new long[0], new int[0]);
  }

  /**
   * Builds the table from unsorted (number, epoch minute) pairs, keeping the latest minute of each
   * number. The arrays are reused and must not be used by the caller afterwards.
   */
  static Registrations of(long[] numbers, int[] minutes, int count) {
    long[] packedNumbers = Arrays.copyOf(numbers, count);
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    sortIndexes(packedNumbers, order);
    long[] outNumbers = new long[count];
    int[] outMinutes = new int[count];
    int kept = 0;
    for (int i = 0; i < count; i++) {
      int row = order[i];
      if (kept > 0 && outNumbers[kept - 1] == packedNumbers[i]) {
        outMinutes[kept - 1] = Math.max(outMinutes[kept - 1], minutes[row]);
      } else {
        outNumbers[kept] = packedNumbers[i];
        outMinutes[kept] = minutes[row];
        kept++;
      }
    }
    return new Registrations(Arrays.copyOf(outNumbers, kept), Arrays.copyOf(outMinutes, kept));
  }

  private static void sortIndexes(long[] keys, int[] order) {
    // bottom-up merge sort of the keys, carrying the row indexes along (stable)
    int n = keys.length;
    long[] tmpKeys = new long[n];
    int[] tmpOrder = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int low = 0; low < n; low += 2 * width) {
        int middle = Math.min(low + width, n);
        int high = Math.min(low + 2 * width, n);
        int i = low;
        int j = middle;
        int k = low;
        while (i < middle && j < high) {
          if (keys[i] <= keys[j]) {
            tmpKeys[k] = keys[i];
            tmpOrder[k++] = order[i++];
          } else {
            tmpKeys[k] = keys[j];
            tmpOrder[k++] = order[j++];
          }
        }
        while (i < middle) {
          tmpKeys[k] = keys[i];
          tmpOrder[k++] = order[i++];
        }
        while (j < high) {
          tmpKeys[k] = keys[j];
          tmpOrder[k++] = order[j++];
        }
      }
      System.arraycopy(tmpKeys, 0, keys, 0, n);
      System.arraycopy(tmpOrder, 0, order, 0, n);
    }
  }

  /** Registered numbers. */
  public int size() {
    return numbers.length;
  }

  /** The epoch minute of the number's latest registration, or {@link Integer#MIN_VALUE}. */
  public int latestMinute(long e164) {
    int index = Arrays.binarySearch(numbers, e164);
    return index < 0 ? Integer.MIN_VALUE : minutes[index];
  }

  /** A cursor for lookups in ascending number order (amortised O(1) each). */
  public Cursor cursor() {
    return new Cursor();
  }

  /** Forward-only lookups; ask for numbers in ascending order. */
  public final class Cursor {
    private int position;

    /** The latest registration minute of {@code e164}, or {@link Integer#MIN_VALUE}. */
    public int latestMinute(long e164) {
      while (position < numbers.length && numbers[position] < e164) {
        position++;
      }
      return position < numbers.length && numbers[position] == e164 ? minutes[position] : Integer.MIN_VALUE;
    }
  }
}
