package org.opendnc.audit;

import static org.assertj.core.api.Assertions.assertThat;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The called numbers' dense indexes: first-seen order, stable on repeats, -1 when absent. */
class DenseIndexesTest {
  @Test
  void numbersGetIndexesInTheOrderTheyAreFirstSeen() {
    SplittableRandom random = new SplittableRandom(16);
    Long2IntOpenHashMap map = DenseIndexes.map(16);
    Map<Long, Integer> expected = new LinkedHashMap<>();
    for (int i = 0; i < 200_000; i++) {
      long e164 = 393_000_000_000L + random.nextInt(50_000) * 7_919L; // numbers that share their leading digits
      int index = DenseIndexes.indexOf(map, e164);
      Integer first = expected.putIfAbsent(e164, expected.size());
      assertThat(index).isEqualTo(first == null ? expected.size() - 1 : first);
    }
    assertThat(map.size()).isEqualTo(expected.size());
    expected.forEach((e164, index) -> assertThat(map.get((long) e164)).isEqualTo(index));
    assertThat(map.get(393_000_000_001L)).as("a number never called").isEqualTo(-1);
  }
}
