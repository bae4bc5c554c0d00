package org.opendnc.core.sample;

/**
 * A keyed pseudo-random permutation of [0, size): distinct inputs give distinct outputs, so the
 * i-th generated number never repeats unless a duplicate is wanted.
 */
final class Permutation {
  /*
   * A balanced Feistel network on 2 * halfBits bits (a bijection on [0, 2^(2*halfBits))), restricted
   * to [0, size) by cycle walking: re-encrypt until the value falls inside. The domain is at most
   * four times the size, so the expected number of walks is below four.
   */
  private static final int ROUNDS = 4;

  private final long size;
  private final int halfBits;
  private final long mask;
  private final long[] keys = new long[ROUNDS];

  Permutation(long size, long seed) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive: " + size);
    }
    this.size = size;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
    this.halfBits = (bits + 1) / 2;
    this.mask = (1L << halfBits) - 1;
    for (int round = 0; round < ROUNDS; round++) {
      keys[round] = Mix.row(seed, round + 1);
    }
  }

  long size() {
    return size;
  }

  /** The image of {@code index}, which must lie in [0, size). */
  long apply(long index) {
    long value = index;
    do {
      value = encrypt(value);
    } while (value >= size);
    return value;
  }

  private long encrypt(long value) {
    long left = value >>> halfBits;
    long right = value & mask;
    for (long key : keys) {
      long next = left ^ (Mix.mix64(right ^ key) & mask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }
}
