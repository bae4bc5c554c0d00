package org.opendnc.store;

import java.time.Instant;

/**
 * Instants as stored: a signed 64-bit count of nanoseconds since 1970-01-01T00:00:00Z. Exact for
 * every instant from 1677-09-21 to 2262-04-11, and orders like the instants it encodes.
 */
final class EpochNanos {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private EpochNanos() {}

  static long of(Instant instant, String what) {
    try {
      return exactly(instant);
    } catch (ArithmeticException e) {
      throw outOfRange(instant, what, e);
    }
  }

  /**
   * The instant in nanoseconds, for loops that build their message only on failure.
   *
   * @throws ArithmeticException if it is outside the storable range
   */
  static long exactly(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
  }

  static IllegalArgumentException outOfRange(Instant instant, String what, ArithmeticException cause) {
    return new IllegalArgumentException(
        what + " " + instant + " is outside the storable range (years 1677 to 2262)", cause);
  }

  static Instant toInstant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
  }
}
