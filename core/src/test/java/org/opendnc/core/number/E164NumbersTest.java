package org.opendnc.core.number;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class E164NumbersTest {

  /** The definition: strip trailing digits until the value is no longer above the code. */
  private static boolean byDivision(long e164, int countryCode) {
    long n = e164;
    while (n > countryCode && n >= 10) {
      n /= 10;
      if (n == countryCode) {
        return true;
      }
    }
    return n == countryCode;
  }

  @Test
  void recognisesTheCountryCodeOfAnyNumber() {
    assertThat(E164Numbers.hasCountryCode(393_331_234_567L, 39)).isTrue();
    assertThat(E164Numbers.hasCountryCode(12_025_550_123L, 1)).isTrue();
    assertThat(E164Numbers.hasCountryCode(12_025_550_123L, 39)).isFalse();
    assertThat(E164Numbers.hasCountryCode(3_931_234_567L, 393)).isTrue();
    assertThat(E164Numbers.hasCountryCode(999_999_999_999_999L, 999)).isTrue();
    assertThat(E164Numbers.hasCountryCode(39, 39)).isTrue();
    assertThat(E164Numbers.hasCountryCode(3, 39)).isFalse();
    assertThat(E164Numbers.hasCountryCode(0, 39)).isFalse();
    assertThat(E164Numbers.hasCountryCode(-39, 39)).isFalse();
    assertThat(E164Numbers.hasCountryCode(Long.MAX_VALUE, 9)).isTrue();
    assertThat(E164Numbers.hasCountryCode(Long.MAX_VALUE, 99)).as("99 * 10^17 passes Long.MAX_VALUE").isFalse();
    assertThat(E164Numbers.hasCountryCode(Long.MAX_VALUE, 922)).isTrue();
    assertThat(E164Numbers.hasCountryCode(390_000_000_000L, 39)).isTrue();
    assertThat(E164Numbers.hasCountryCode(399_999_999_999L, 39)).isTrue();
    assertThat(E164Numbers.hasCountryCode(400_000_000_000L, 39)).isFalse();
    assertThat(E164Numbers.hasCountryCode(389_999_999_999L, 39)).isFalse();
  }

  @Test
  void agreesWithRepeatedDivisionOnRandomNumbers() {
    SplittableRandom random = new SplittableRandom(11);
    int[] codes = {1, 7, 20, 33, 39, 44, 352, 998};
    for (int i = 0; i < 200_000; i++) {
      int digits = 1 + random.nextInt(18);
      long value = random.nextLong((long) Math.pow(10, digits - 1), (long) Math.pow(10, digits));
      int code = random.nextInt(4) == 0 ? (int) (value / (long) Math.pow(10, random.nextInt(digits)))
          : codes[random.nextInt(codes.length)];
      if (code <= 0 || code > 999) {
        code = codes[random.nextInt(codes.length)];
      }
      assertThat(E164Numbers.hasCountryCode(value, code)).as("%d with %d", value, code).isEqualTo(byDivision(value, code));
    }
  }

  @Test
  void countsDigitsAtEveryPowerOfTen() {
    long power = 1;
    for (int digits = 1; digits <= 18; digits++) {
      assertThat(E164Numbers.digits(power)).isEqualTo(digits);
      assertThat(E164Numbers.digits(power * 10 - 1)).isEqualTo(digits);
      power *= 10;
    }
    assertThat(E164Numbers.digits(Long.MAX_VALUE)).isEqualTo(19);
  }
}
