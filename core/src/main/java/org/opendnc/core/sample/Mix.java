package org.opendnc.core.sample;

/** Counter-based hashing: every random choice is a pure function of (seed, row), so files can be regenerated. */
final class Mix {
  static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Mix() {}

  /** Stafford's variant 13 of the SplitMix64 finaliser: a bijection on 64-bit values. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The hash of row {@code index} in the stream keyed by {@code key}. */
  static long row(long key, long index) {
    return mix64(key + index * GOLDEN);
  }

  /** A value uniform in [0, bound) from a hash (bound small compared with 2^64). */
  static long below(long hash, long bound) {
    return Long.remainderUnsigned(hash, bound);
  }
}
