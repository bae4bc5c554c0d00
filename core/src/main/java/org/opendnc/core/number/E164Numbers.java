package org.opendnc.core.number;

/** Arithmetic on E.164 numbers held as longs. */
public final class E164Numbers {
  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  private E164Numbers() {}

  /**
   * Whether the number starts with the given country code. Country codes are prefix-free (ITU-T
   * E.164), so a leading-digits test is exact. Called once per row of a check: a range test, no
   * division (a 64-bit division by a table entry costs more than the rest of the test).
   */
  public static boolean hasCountryCode(long e164, int countryCode) {
    if (e164 <= 0 || countryCode <= 0) {
      return e164 == countryCode;
    }
    int extra = digits(e164) - digits(countryCode);
    if (extra < 0) {
      return false;
    }
    // e164 / 10^extra == countryCode, i.e. low <= e164 < low + 10^extra. The product has at most
    // 19 digits, below 2^64, so unsigned arithmetic holds it exactly.
    long power = POWERS_OF_TEN[extra];
    long low = countryCode * power;
    return Long.compareUnsigned(e164, low) >= 0 && Long.compareUnsigned(e164 - low, power) < 0;
  }

  /** The number of decimal digits of a positive value. */
  static int digits(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value);
    int guess = (bits * 1233) >>> 12; // floor(bits * log10(2)): the count or one less
    return guess < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[guess] ? guess + 1 : guess;
  }
}
