package org.opendnc.core.number;

/** Arithmetic on E.164 numbers held as longs. */
public final class E164Numbers {
  private E164Numbers() {}

  /**
   * Whether the number starts with the given country code. Country codes are prefix-free (ITU-T
   * E.164), so a leading-digits test is exact.
   */
  public static boolean hasCountryCode(long e164, int countryCode) {
    long n = e164;
    while (n > countryCode && n >= 10) {
      n /= 10;
      if (n == countryCode) {
        return true;
      }
    }
    return n == countryCode;
  }
}
