package org.opendnc.investigate.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairCountsTest {
  @Test
  void countsEveryPairAsAMapWould() {
    Random random = new Random(37);
    LineageAnalysis.PairCounts counts = new LineageAnalysis.PairCounts();
    Map<Long, Integer> expected = new HashMap<>();
    for (int i = 0; i < 300_000; i++) {
      // halves that XOR alike, as batch pairs do
      int a = random.nextInt(3000);
      int b = random.nextInt(3000);
      long pair = (long) a << 32 | b;
      counts.increment(pair);
      expected.merge(pair, 1, Integer::sum);
    }
    counts.increment(0);
    expected.merge(0L, 1, Integer::sum);
    assertThat(counts.size()).isEqualTo(expected.size());
    expected.forEach((pair, n) -> assertThat(counts.get(pair)).as("%d", pair).isEqualTo(n));
    long seen = 0;
    for (int slot = 0; slot < counts.keys.length; slot++) {
      if (counts.keys[slot] != LineageAnalysis.PairCounts.EMPTY) {
        assertThat(counts.counts[slot]).isEqualTo(expected.get(counts.keys[slot]));
        seen++;
      }
    }
    assertThat(seen).isEqualTo(expected.size());
    assertThat(counts.get(1L << 40)).isZero();
  }
}
