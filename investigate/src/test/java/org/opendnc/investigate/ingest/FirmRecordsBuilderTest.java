package org.opendnc.investigate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FirmRecordsBuilderTest {
  @Test
  void theRadixSortOrdersSignedKeysAndCarriesTheRowIndexes() {
    Random random = new Random(6);
    for (int n : new int[] {0, 1, 63, 64, 1000, 100_000}) {
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        keys[i] = switch (random.nextInt(4)) {
          case 0 -> 390_000_000_000L + random.nextInt(1_000_000_000); // Italian numbers
          case 1 -> random.nextLong(); // anything, negative included
          case 2 -> -random.nextInt(1000);
          default -> keys[Math.max(0, i - 1)]; // duplicates
        };
      }
      long[] sorted = keys.clone();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      FirmRecordsBuilder.radixSort(sorted, order, n);
      long[] expected = keys.clone();
      Arrays.sort(expected);
      assertThat(sorted).as("n=%d", n).isEqualTo(expected);
      for (int i = 0; i < n; i++) {
        assertThat(keys[order[i]]).isEqualTo(sorted[i]);
      }
      assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, n).toArray());
    }
  }
}
