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
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          what + " " + instant + " is outside the storable range (years 1677 to 2262)", e);
    }
  }

  static Instant toInstant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
  }
}
