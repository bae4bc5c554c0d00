package org.opendnc.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumberTableTest {

  /** A set with two dense buckets (Italian mobiles and Rome-like fixed lines) and sparse ones. */
  private static NumberSet mixedSet(long seed, int dense) {
    SplittableRandom random = new SplittableRandom(seed);
    NumberSet set = new NumberSet();
    for (int i = 0; i < dense; i++) {
      set.add(393_000_000_000L + random.nextLong(1_000_000_000L)); // one 2^32 bucket or two
      set.add(390_600_000_000L + random.nextLong(100_000_000L));
    }
    for (int i = 0; i < 500; i++) {
      set.add(39_000_000L + random.nextLong(1_000_000_000L)); // short numbers: sparse buckets
      set.add(1 + random.nextLong(NumberSet.MAX_E164)); // anywhere
    }
    // Edges of the 16-bit directory slots and of a bucket.
    set.add(393_000_000_000L & ~0xFFFFL);
    set.add((393_000_000_000L & ~0xFFFFL) + 0xFFFF);
    set.add((394_000_000_000L & ~0xFFFFFFFFL) - 1);
    set.add(NumberSet.MAX_E164);
    set.add(1);
    return set;
  }

  /** The table as built for a register, and with sub-slots in every dense bucket (see NumberTable). */
  private static List<NumberTable> tables(NumberSet set) {
    return List.of(NumberTable.of(set), NumberTable.of(set, 0));
  }

  @Test
  void answersLikeTheSetItWasBuiltFrom() {
    NumberSet set = mixedSet(1, 200_000);
    for (NumberTable table : tables(set)) {
      answersLike(set, table);
    }
  }

  private static void answersLike(NumberSet set, NumberTable table) {
    assertThat(table.cardinality()).isEqualTo(set.cardinality());

    set.forEach(number -> {
      if (!table.contains(number)) {
        throw new AssertionError("member " + number + " not found");
      }
      // Neighbours are the hardest non-members for the interpolation walk.
      if (table.contains(number + 1) != set.contains(number + 1)
          || table.contains(number - 1) != set.contains(number - 1)) {
        throw new AssertionError("neighbour of " + number + " answered wrongly");
      }
    });
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 1_000_000; i++) {
      long probe = i % 2 == 0 ? 393_000_000_000L + random.nextLong(1_000_000_000L) : random.nextLong();
      assertThat(table.contains(probe)).as("probe %d", probe).isEqualTo(set.contains(probe));
    }
  }

  @Test
  void holdsEveryKindOfBitmapContainerInOrder() {
    SplittableRandom random = new SplittableRandom(5);
    NumberSet set = mixedSet(6, 20_000); // array containers, sparse buckets
    for (long n = 393_100_000_000L; n < 393_100_300_000L; n++) {
      set.add(n); // runs across several 16-bit slots
    }
    for (int i = 0; i < 30_000; i++) {
      set.add(393_200_000_000L + random.nextLong(3 * 65_536)); // > 4,096 a slot: bitmap containers
    }
    set.runOptimize();
    for (NumberTable table : tables(set)) {
      assertThat(table.cardinality()).isEqualTo(set.cardinality());
      java.util.List<Long> fromSet = new java.util.ArrayList<>();
      java.util.List<Long> fromTable = new java.util.ArrayList<>();
      set.forEach(fromSet::add);
      table.forEach(fromTable::add);
      assertThat(fromTable).isEqualTo(fromSet);
      for (int i = 0; i < 200_000; i++) {
        long probe = 393_100_000_000L - 100_000 + random.nextLong(1_400_000L) + (i % 2) * 99_800_000L;
        assertThat(table.contains(probe)).as("probe %d", probe).isEqualTo(set.contains(probe));
      }
    }
  }

  /**
   * Sub-slots (4,096 values each) at their edges: a full 16-bit slot (65,536 numbers, the last
   * sub-slot starting after 61,440), values on both sides of every sub-slot boundary, empty
   * sub-slots between full ones, a slot holding one number; single and batch lookups agree.
   */
  @Test
  void subSlotsAnswerAtTheirEdges() {
    NumberSet set = mixedSet(9, 20_000);
    long fullSlot = 393_500_000_000L & ~0xFFFFL;
    for (long n = fullSlot; n < fullSlot + 65_536; n++) {
      set.add(n);
    }
    long edges = fullSlot + 3 * 65_536;
    for (int k = 0; k < 16; k += 2) { // odd sub-slots stay empty
      set.add(edges + k * 4_096L);
      set.add(edges + k * 4_096L + 4_095);
    }
    set.add(fullSlot + 9 * 65_536 + 1_234); // alone in its slot
    set.runOptimize();
    NumberTable table = NumberTable.of(set, 0);
    long[] probes = new long[40 * 65_536];
    int n = 0;
    for (long p = fullSlot - 2; p < fullSlot + 10 * 65_536 + 2; p++) {
      probes[n++] = p;
      assertThat(table.contains(p)).as("probe %d", p).isEqualTo(set.contains(p));
    }
    boolean[] found = table.containsAll(probes, n);
    for (int i = 0; i < n; i++) {
      assertThat(found[i]).as("batch probe %d", probes[i]).isEqualTo(set.contains(probes[i]));
    }
  }

  @Test
  void batchLookupEqualsSingleLookups() {
    NumberSet set = mixedSet(3, 100_000);
    for (NumberTable table : tables(set)) {
      batchLookupEqualsSingleLookups(set, table);
    }
  }

  private static void batchLookupEqualsSingleLookups(NumberSet set, NumberTable table) {
    SplittableRandom random = new SplittableRandom(4);
    int n = 5000;
    long[] probes = new long[n];
    long[] members = new long[(int) set.cardinality()];
    int[] count = {0};
    set.forEach(number -> members[count[0]++] = number);
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < n; i++) {
        probes[i] = switch (i % 4) {
          case 0 -> members[random.nextInt(members.length)];
          case 1 -> members[random.nextInt(members.length)] + 1;
          case 2 -> random.nextLong(-5, NumberSet.MAX_E164 + 5);
          default -> 390_600_000_000L + random.nextLong(100_000_000L);
        };
      }
      boolean[] found = table.containsAll(probes, n);
      for (int i = 0; i < n; i++) {
        assertThat(found[i]).as("probe %d", probes[i]).isEqualTo(set.contains(probes[i]));
      }
    }
  }

  @Test
  void rejectsNumbersOutsideE164() {
    NumberTable table = NumberTable.of(mixedSet(5, 20_000));
    assertThat(table.contains(0)).isFalse();
    assertThat(table.contains(-393_331_234_567L)).isFalse();
    assertThat(table.contains(NumberSet.MAX_E164 + 1)).isFalse();
    assertThat(table.contains(Long.MAX_VALUE)).isFalse();
  }

  @Test
  void emptyTableHoldsNothing() {
    NumberTable table = NumberTable.of(new NumberSet());
    assertThat(table.cardinality()).isZero();
    assertThat(table.contains(393_331_234_567L)).isFalse();
    assertThat(table.containsAll(new long[] {393_331_234_567L}, 1)[0]).isFalse();
  }

  @Test
  void isATakenCopyNotAView() {
    NumberSet set = new NumberSet();
    set.add(393_331_234_567L);
    NumberTable table = NumberTable.of(set);
    set.add(393_331_234_568L);
    set.remove(393_331_234_567L);
    assertThat(table.contains(393_331_234_567L)).isTrue();
    assertThat(table.contains(393_331_234_568L)).isFalse();
  }
}
