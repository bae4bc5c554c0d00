package org.opendnc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The run's radix sort against Arrays.sort, and its stability. */
class ImportRowsTest {

  @Test
  void sortsLikeArraysSortOnRandomNumbersOfEveryWidth() {
    SplittableRandom random = new SplittableRandom(2026);
    long[] spans = {10, 1_000, 1L << 16, 1_000_000_000L, 10_000_000_000L, 999_999_999_999_999L};
    for (long span : spans) {
      for (int size : new int[] {0, 1, 2, 7, 1_000, 100_003}) {
        ImportRows rows = new ImportRows(size);
        long[] expected = new long[size];
        for (int i = 0; i < size; i++) {
          long e164 = 1 + random.nextLong(span);
          expected[i] = e164;
          rows.add(e164, e164 * 3, (byte) (e164 % 6));
        }
        Arrays.sort(expected);

        rows.sortByNumber();

        long[] sorted = new long[size];
        for (int i = 0; i < size; i++) {
          sorted[i] = rows.number(i);
          assertThat(rows.atEpochNanos(i)).as("the time moves with its number").isEqualTo(sorted[i] * 3);
          assertThat(rows.channel(i)).as("the channel moves with its number").isEqualTo((byte) (sorted[i] % 6));
        }
        assertThat(sorted).as("span %d, %d rows", span, size).isEqualTo(expected);
      }
    }
  }

  @Test
  void equalNumbersKeepTheOrderTheyWereAddedIn() {
    SplittableRandom random = new SplittableRandom(7);
    int size = 50_000;
    ImportRows rows = new ImportRows(size);
    for (int i = 0; i < size; i++) {
      // 300 distinct numbers, so each repeats ~170 times; the time records the order of addition.
      rows.add(393_330_000_000L + random.nextInt(300) * 1_000_003L, i, (byte) 0);
    }

    rows.sortByNumber();

    for (int i = 1; i < size; i++) {
      assertThat(rows.number(i)).isGreaterThanOrEqualTo(rows.number(i - 1));
      if (rows.number(i) == rows.number(i - 1)) {
        assertThat(rows.atEpochNanos(i)).as("row %d", i).isGreaterThan(rows.atEpochNanos(i - 1));
      }
    }
  }

  @Test
  void aClearedRunIsFilledAndSortedAgain() {
    ImportRows rows = new ImportRows(4);
    rows.add(5, 0, (byte) 0);
    rows.add(3, 1, (byte) 1);
    rows.sortByNumber();
    rows.clear();
    for (long e164 : new long[] {40, 10, 30, 10}) {
      rows.add(e164, e164, (byte) 2);
    }

    rows.sortByNumber();

    assertThat(rows.size()).isEqualTo(4);
    assertThat(new long[] {rows.number(0), rows.number(1), rows.number(2), rows.number(3)})
        .containsExactly(10, 10, 30, 40);
    assertThatThrownBy(() -> rows.add(50, 0, (byte) 0)).isInstanceOf(IllegalStateException.class);
  }
}
