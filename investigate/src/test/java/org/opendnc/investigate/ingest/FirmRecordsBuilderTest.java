package org.opendnc.investigate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
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

  @Test
  void finishKeepsTheEarliestAcquiredRowOfEachKeyInSignedKeyOrder() {
    Random random = new Random(6);
    for (int n : new int[] {0, 1, 63, 64, 1000, 1025, 200_000}) {
      FirmRecordsBuilder builder = new FirmRecordsBuilder("firm");
      long[] keys = new long[n];
      int[] days = new int[n];
      TreeMap<Long, Integer> expected = new TreeMap<>(); // key -> the row that should be kept
      for (int i = 0; i < n; i++) {
        keys[i] = switch (random.nextInt(4)) {
          case 0 -> 390_000_000_000L + random.nextInt(1_000_000_000); // Italian numbers
          case 1 -> random.nextLong(); // anything, negative included
          case 2 -> -random.nextInt(1000);
          default -> keys[Math.max(0, i - 1 - random.nextInt(Math.min(i + 1, 50)))]; // duplicates
        };
        days[i] = random.nextInt(8) == 0 ? FirmRecords.UNKNOWN_DAY : 18_000 + random.nextInt(5);
        builder.add(keys[i], days[i], DateReader.BLANK, (short) 0, (byte) 0, false, i + 2);
        // the earliest day wins (an unknown day last), then the lowest line
        expected.merge(keys[i], i, (kept, candidate) -> days[candidate] < days[kept] ? candidate : kept);
      }

      FirmRecords records = builder.finish(Integer.MAX_VALUE);

      assertThat(records.size()).as("n=%d", n).isEqualTo(expected.size());
      assertThat(builder.duplicates()).isEqualTo(n - expected.size());
      FirmRecords.Cursor cursor = records.cursor();
      for (var entry : expected.entrySet()) {
        assertThat(cursor.hasNext()).isTrue();
        assertThat(cursor.next()).isEqualTo(entry.getKey());
        int kept = entry.getValue();
        assertThat(records.line(cursor.index())).as("key %d", entry.getKey()).isEqualTo(kept + 2);
        assertThat(records.day(cursor.index())).isEqualTo(days[kept]);
      }
      assertThat(cursor.hasNext()).isFalse();
    }
  }

  @Test
  void aConsentTimestampCarriedByTheThresholdOfRowsFlagsThemAll() {
    FirmRecordsBuilder builder = new FirmRecordsBuilder("firm");
    long shared = 1_700_000_000L;
    long almost = 1_700_000_060L;
    long key = 393_000_000_000L;
    for (int i = 0; i < 5; i++) {
      builder.add(key++, 19_000, shared, (short) 0, (byte) 0, false, i + 2);
    }
    for (int i = 0; i < 4; i++) {
      builder.add(key++, 19_000, almost, (short) 0, (byte) 0, false, i + 7);
    }
    for (int i = 0; i < 6; i++) {
      builder.add(key++, 19_000, i % 2 == 0 ? DateReader.BLANK : DateReader.UNREADABLE, (short) 0, (byte) 0, false, i + 11);
    }
    builder.add(key, 19_000, 1_600_000_000L + 17, (short) 0, (byte) 0, false, 17);

    FirmRecords records = builder.finish(5);

    for (int i = 0; i < records.size(); i++) {
      int minute = records.consentMinute(i);
      assertThat(records.hasFlag(i, FirmRecords.SHARED_CONSENT)).as("line %d", records.line(i))
          .isEqualTo(minute == (int) (shared / 60));
    }
    assertThat(records.size()).isEqualTo(16);
  }
}
