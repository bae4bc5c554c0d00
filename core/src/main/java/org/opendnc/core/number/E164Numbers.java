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
   * E.164), so a leading-digits test is exact. Called once per row of a check: one division.
   */
  public static boolean hasCountryCode(long e164, int countryCode) {
    if (e164 <= 0 || countryCode <= 0) {
      return e164 == countryCode;
    }
    int extra = digits(e164) - digits(countryCode);
    return extra >= 0 && e164 / POWERS_OF_TEN[extra] == countryCode;
  }

  /** The number of decimal digits of a positive value. */
  static int digits(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value);
    int guess = (bits * 1233) >>> 12; // floor(bits * log10(2)): the count or one less
    return guess < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[guess] ? guess + 1 : guess;
  }
}
