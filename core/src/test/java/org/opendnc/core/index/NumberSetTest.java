package org.opendnc.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumberSetTest {

  private static final long TWO_TO_32 = 1L << 32;

  /** Values that stress bucket edges and the real ranges: near k * 2^32, Italy, the US. */
  private static long randomNumber(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> {
        long k = 1 + random.nextInt(100);
        long near = k * TWO_TO_32 + random.nextInt(64) - 32;
        yield Math.max(1, near);
      }
      case 1 -> 393_200_000_000L + random.nextInt(74_000_000); // mobile 39 32x..39 39x
      case 2 -> 390_200_000_000L + random.nextInt(100_000_000); // Milan 39 02
      case 3 -> 12_010_000_000L + (long) (random.nextDouble() * 7_990_000_000L); // US NANP
      default -> 1 + (long) (random.nextDouble() * 100L * TWO_TO_32);
    };
  }

  @Test
  void agreesWithHashSetUnderRandomAddsAndRemoves() {
    Random random = new Random(20240613);
    NumberSet set = new NumberSet();
    Set<Long> reference = new HashSet<>();
    List<Long> seen = new ArrayList<>();
    for (int step = 0; step < 200_000; step++) {
      long number = !seen.isEmpty() && random.nextInt(3) == 0
          ? seen.get(random.nextInt(seen.size()))
          : randomNumber(random);
      seen.add(number);
      if (random.nextInt(4) == 0) {
        assertThat(set.remove(number)).isEqualTo(reference.remove(number));
      } else {
        assertThat(set.add(number)).isEqualTo(reference.add(number));
      }
      if (step % 1000 == 0) {
        assertThat(set.cardinality()).isEqualTo(reference.size());
      }
    }
    assertThat(set.cardinality()).isEqualTo(reference.size());
    for (long number : seen) {
      assertThat(set.contains(number)).isEqualTo(reference.contains(number));
      assertThat(set.contains(number + 1)).isEqualTo(reference.contains(number + 1));
    }
    long[] expected = reference.stream().mapToLong(Long::longValue).sorted().toArray();
    assertThat(toArray(set)).containsExactly(expected);
    set.runOptimize();
    assertThat(toArray(set)).containsExactly(expected);
    assertThat(NumberSet.fromBytes(set.toBytes())).isEqualTo(set);
  }

  @Test
  void removingEveryNumberLeavesAnEmptySetWithNoBuckets() {
    NumberSet set = new NumberSet();
    long[] numbers = {1, TWO_TO_32 - 1, TWO_TO_32, 5 * TWO_TO_32 + 7, NumberSet.MAX_E164};
    for (long number : numbers) {
      assertThat(set.add(number)).isTrue();
      assertThat(set.add(number)).isFalse();
    }
    assertThat(toArray(set)).containsExactly(numbers);
    for (long number : numbers) {
      assertThat(set.remove(number)).isTrue();
      assertThat(set.remove(number)).isFalse();
    }
    assertThat(set.isEmpty()).isTrue();
    assertThat(set).isEqualTo(new NumberSet());
    assertThat(set.toBytes()).isEqualTo(new NumberSet().toBytes());
  }

  @Test
  void rejectsNumbersOutsideE164AndNeverContainsThem() {
    NumberSet set = new NumberSet();
    for (long bad : new long[] {0, -1, Long.MIN_VALUE, NumberSet.MAX_E164 + 1, Long.MAX_VALUE}) {
      assertThatThrownBy(() -> set.add(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThat(set.contains(bad)).isFalse();
      assertThat(set.remove(bad)).isFalse();
    }
  }

  @Test
  void readOnlyViewSeesChangesAndRejectsWrites() {
    NumberSet set = new NumberSet();
    NumberSet view = set.readOnlyView();
    set.add(393331234567L);
    assertThat(view.contains(393331234567L)).isTrue();
    assertThat(view.cardinality()).isEqualTo(1);
    assertThatThrownBy(() -> view.add(1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> view.remove(393331234567L))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(view::runOptimize).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> NumberSet.emptyReadOnly().add(1))
        .isInstanceOf(UnsupportedOperationException.class);
    NumberSet copy = view.copy();
    copy.add(12025550123L);
    assertThat(set.contains(12025550123L)).isFalse();
  }

  @Test
  void serializesTheSameThroughDataOutputAndToBytes() throws IOException {
    NumberSet set = randomSet(new Random(7), 50_000);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    set.serialize(new DataOutputStream(bytes));
    assertThat(bytes.toByteArray()).isEqualTo(set.toBytes());
    assertThat(set.serializedSizeInBytes()).isEqualTo(bytes.size());
    NumberSet read = NumberSet.fromBytes(bytes.toByteArray());
    assertThat(read).isEqualTo(set);
    assertThat(toArray(read)).containsExactly(toArray(set));
  }

  @Test
  void deserializeLeavesTheBufferAfterTheSet() {
    NumberSet first = randomSet(new Random(1), 1000);
    NumberSet second = randomSet(new Random(2), 10);
    ByteBuffer buffer = ByteBuffer.allocate(3 + first.toBytes().length + second.toBytes().length);
    buffer.put(new byte[3]).put(first.toBytes()).put(second.toBytes()).flip().position(3);
    assertThat(NumberSet.deserialize(buffer)).isEqualTo(first);
    assertThat(NumberSet.deserialize(buffer)).isEqualTo(second);
    assertThat(buffer.hasRemaining()).isFalse();
  }

  @Test
  void rejectsEveryTruncation() {
    byte[] bytes = randomSet(new Random(3), 300).toBytes();
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> NumberSet.fromBytes(truncated))
          .as("truncated to %d bytes", length)
          .isInstanceOf(MalformedNumberSetException.class);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> NumberSet.fromBytes(longer))
        .isInstanceOf(MalformedNumberSetException.class)
        .hasMessageContaining("unexpected bytes");
  }

  @Test
  void randomGarbageIsRejectedOrDecodesToAValidSet() {
    Random random = new Random(99);
    byte[] valid = randomSet(new Random(4), 2000).toBytes();
    for (int trial = 0; trial < 2000; trial++) {
      byte[] bytes = valid.clone();
      int flips = 1 + random.nextInt(4);
      for (int i = 0; i < flips; i++) {
        bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
      }
      try {
        NumberSet set = NumberSet.fromBytes(bytes);
        // A flip inside the values can give another valid set: it must then behave as one.
        long[] values = toArray(set);
        assertThat(values.length).isEqualTo(set.cardinality());
        for (long value : values) {
          assertThat(set.contains(value)).isTrue();
          assertThat(value).isBetween(1L, NumberSet.MAX_E164);
        }
      } catch (MalformedNumberSetException expected) {
        assertThat(expected.getMessage()).startsWith("malformed number set: ");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "empty.bin", "garbage.bin", "wrong-magic.bin", "huge-bucket-count.bin",
        "negative-bucket-length.bin", "bucket-length-beyond-end.bin", "unordered-keys.bin",
        "duplicate-keys.bin", "unsorted-array-container.bin", "empty-bucket.bin",
        "number-too-long.bin", "zero-number.bin", "trailing-bytes-in-bucket.bin",
        "huge-container-count.bin", "bad-cookie.bin", "truncated-bitmap.bin"
      })
  void rejectsAdversarialInputs(String name) throws IOException {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/index/" + name)) {
      assertThat(in).as(name).isNotNull();
      bytes = in.readAllBytes();
    }
    assertThatThrownBy(() -> NumberSet.fromBytes(bytes))
        .as(name)
        .isInstanceOf(MalformedNumberSetException.class)
        .hasMessageStartingWith("malformed number set: ");
  }

  @Test
  void sizeInBytesGrowsWithContentAndShrinksAfterRunOptimizeOfARun() {
    NumberSet set = new NumberSet();
    long empty = set.sizeInBytes();
    for (long n = 393_330_000_000L; n < 393_330_100_000L; n++) {
      set.add(n);
    }
    long dense = set.sizeInBytes();
    assertThat(dense).isGreaterThan(empty);
    set.runOptimize();
    assertThat(set.sizeInBytes()).isLessThan(dense);
    assertThat(set.cardinality()).isEqualTo(100_000);
  }

  static NumberSet randomSet(Random random, int size) {
    NumberSet set = new NumberSet();
    while (set.cardinality() < size) {
      set.add(randomNumber(random));
    }
    return set;
  }

  static long[] toArray(NumberSet set) {
    long[] values = new long[(int) set.cardinality()];
    int[] next = {0};
    set.forEach(value -> values[next[0]++] = value);
    return values;
  }

  @Test
  void builderMakesTheSameSetAsAddingOneByOne() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(8);
    NumberSet expected = new NumberSet();
    NumberSet.Builder builder = new NumberSet.Builder();
    for (int i = 0; i < 300_000; i++) {
      long number = switch (i % 3) {
        case 0 -> 393_000_000_000L + random.nextLong(1_000_000_000L); // low parts above 2^31 too
        case 1 -> 1 + random.nextLong(NumberSet.MAX_E164);
        default -> 390_612_345_000L + random.nextLong(1000); // many duplicates
      };
      expected.add(number);
      builder.add(number);
    }
    NumberSet built = builder.build();
    assertThat(built.cardinality()).isEqualTo(expected.cardinality());
    assertThat(built).isEqualTo(expected);
    assertThat(built.toBytes()).isEqualTo(copyOptimized(expected).toBytes());
    built.add(393_331_234_567L); // a built set is writable
    assertThat(built.contains(393_331_234_567L)).isTrue();
    assertThat(new NumberSet.Builder().build().isEmpty()).isTrue();
    assertThatThrownBy(() -> new NumberSet.Builder().add(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderAddsArraysAsItAddsNumbersAcrossManyBuckets() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(12);
    long[] numbers = new long[50_000];
    for (int i = 0; i < numbers.length; i++) {
      // Two busy buckets (the Italian case) and numbers in hundreds of others, past the few the
      // builder keeps at hand.
      numbers[i] = i % 5 == 0 ? 1 + random.nextLong(NumberSet.MAX_E164) : 390_000_000_000L + random.nextLong(9_999_999_999L);
    }
    NumberSet.Builder one = new NumberSet.Builder();
    for (long number : numbers) {
      one.add(number);
    }
    NumberSet.Builder all = new NumberSet.Builder();
    all.addAll(numbers, 20_000).addAll(java.util.Arrays.copyOfRange(numbers, 20_000, numbers.length), 30_000);
    assertThat(all.build().toBytes()).isEqualTo(one.build().toBytes());

    NumberSet.Builder refused = new NumberSet.Builder();
    assertThatThrownBy(() -> refused.addAll(new long[] {393_331_234_567L, -1, 393_331_234_568L}, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(refused.build().contains(393_331_234_567L)).as("the numbers before the bad one").isTrue();
    assertThatThrownBy(() -> new NumberSet.Builder().addAll(new long[2], 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void builderMakesTheSameSetOnAPoolWhateverTheNumberOfParts() throws Exception {
    java.util.SplittableRandom random = new java.util.SplittableRandom(9);
    NumberSet.Builder builder = new NumberSet.Builder();
    NumberSet.Builder reference = new NumberSet.Builder();
    for (int i = 0; i < 200_000; i++) {
      long number = switch (i % 3) {
        case 0 -> 393_000_000_000L + random.nextLong(1_000_000_000L);
        case 1 -> 1 + random.nextLong(NumberSet.MAX_E164);
        default -> 390_612_345_000L + random.nextLong(1000); // duplicates, also across parts
      };
      builder.add(number);
      reference.add(number);
    }
    NumberSet expected = reference.build();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int parts : new int[] {1, 2, 3, 7}) {
        NumberSet built = builder.build(pool, parts);
        assertThat(built).as("%d parts", parts).isEqualTo(expected);
        assertThat(built.toBytes()).as("%d parts", parts).isEqualTo(expected.toBytes());
      }
      assertThat(new NumberSet.Builder().build(pool, 2).isEmpty()).isTrue();
      assertThatThrownBy(() -> builder.build(pool, 0)).isInstanceOf(IllegalArgumentException.class);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Bucket 91 holds the Italian mobiles: 91 * 2^32 = 390,842,023,936. */
  private static final long BUCKET_91 = 91 * TWO_TO_32;

  @Test
  void poolBuildAgreesOnRandomNumbersWithDuplicatesAcrossBuckets() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(10);
    long[] numbers = new long[700_000];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = switch (i % 20) {
        case 0 -> 1 + random.nextLong(NumberSet.MAX_E164); // mostly one per bucket
        case 1, 2 -> 390_200_000_000L + random.nextLong(100_000_000L); // bucket 90, Milan
        case 3, 4 -> 12_010_000_000L + random.nextLong(7_990_000_000L); // US, buckets 2 and 3
        case 5, 6, 7 -> numbers[random.nextInt(i)]; // a repeat, often in another part's slice
        default -> 393_000_000_000L + random.nextLong(2_000_000_000L); // bucket 91
      };
    }
    assertBuildsAgree(numbers);
  }

  @Test
  void poolBuildAgreesOnEdgeCases() {
    assertBuildsAgree(new long[0]);
    assertBuildsAgree(new long[] {393_331_234_567L});
    long[] sameNumber = new long[300_000];
    Arrays.fill(sameNumber, 393_331_234_567L);
    assertBuildsAgree(sameNumber);
  }

  @Test
  void poolBuildAgreesAtContainerAndBucketBoundaries() {
    long[] lows = {0, 1, 0xFFFF, 0x1_0000, 0x1_0001, 0x7FFF_FFFF, 0x8000_0000L, 0xFFFF_0000L,
        0xFFFF_FFFEL, 0xFFFF_FFFFL};
    List<Long> few = new ArrayList<>();
    for (long bucket : new long[] {1, 90, 91, 92}) {
      for (long low : lows) {
        few.add(bucket * TWO_TO_32 + low);
      }
    }
    few.add(NumberSet.MAX_E164);
    assertBuildsAgree(few.stream().mapToLong(Long::longValue).toArray());
    // The same edges inside buckets large enough to be split across parts.
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    long[] many = new long[1_000_000];
    for (int i = 0; i < many.length; i++) {
      long bucket = i % 2 == 0 ? 91 : 92;
      many[i] = i < 2 * few.size() ? few.get(i / 2) : bucket * TWO_TO_32 + random.nextLong(TWO_TO_32);
    }
    assertBuildsAgree(many);
  }

  @Test
  void poolBuildAgreesWhenEverythingIsInOneContainer() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(12);
    long container = BUCKET_91 + (0x5EB5L << 16);
    long[] sparse = new long[200_000]; // 3,000 distinct values, each many times: an array
    long[] dense = new long[200_000]; // most of the 65,536 values: a bitmap
    for (int i = 0; i < sparse.length; i++) {
      sparse[i] = container + 7 * random.nextInt(3_000);
      dense[i] = container + random.nextInt(1 << 16);
    }
    assertBuildsAgree(sparse);
    assertBuildsAgree(dense);
    // Roaring's limit between an array and a bitmap: at most 4,096 values in an array.
    for (int distinct : new int[] {4096, 4097}) {
      long[] once = new long[distinct];
      long[] repeated = new long[200_000];
      for (int i = 0; i < repeated.length; i++) {
        repeated[i] = container + 3 * (i % distinct);
      }
      System.arraycopy(repeated, 0, once, 0, distinct);
      assertBuildsAgree(once);
      assertBuildsAgree(repeated);
    }
  }

  @Test
  void poolBuildAgreesOnDenseContainersAndRuns() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(13);
    long[] numbers = new long[600_000];
    long base = BUCKET_91 + (0x4000L << 16);
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = switch (i % 4) {
        case 0 -> base + i; // consecutive: run containers
        case 1 -> base + (0x100L << 16) + random.nextInt(1 << 16); // ~6,000 per container: bitmaps
        case 2 -> base + (0x200L << 16) + random.nextInt(1 << 22); // ~2,300 per container: arrays
        default -> base + (0x300L << 16) + 2 * random.nextInt(50_000); // every other: no runs
      };
    }
    assertBuildsAgree(numbers);
  }

  /**
   * build() and build(pool, parts) for 1, 2, 3 and 7 parts all give the set that adding the
   * numbers one by one gives, run-optimized: same numbers and same serialized bytes.
   */
  private static void assertBuildsAgree(long[] numbers) {
    NumberSet expected = new NumberSet();
    NumberSet.Builder builder = new NumberSet.Builder();
    for (long number : numbers) {
      expected.add(number);
      builder.add(number);
    }
    expected.runOptimize();
    byte[] expectedBytes = expected.toBytes();
    NumberSet single = builder.build();
    assertThat(single.cardinality()).isEqualTo(expected.cardinality());
    assertThat(single).isEqualTo(expected);
    assertThat(single.toBytes()).isEqualTo(expectedBytes);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int parts : new int[] {1, 2, 3, 7}) {
        NumberSet built = builder.build(pool, parts);
        assertThat(built.cardinality()).as("%d parts", parts).isEqualTo(expected.cardinality());
        assertThat(built).as("%d parts", parts).isEqualTo(expected);
        assertThat(built.toBytes()).as("%d parts", parts).isEqualTo(expectedBytes);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static NumberSet copyOptimized(NumberSet set) {
    NumberSet copy = set.copy();
    copy.runOptimize();
    return copy;
  }
}
