package org.opendnc.core.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path computed against libphonenumber on seeded random inputs. */
class NumberParserAgreementTest {

  /** Inputs per profile region; raise with -Dopendnc.numbers.inputs=1000000 for a long run. */
  private static final int INPUTS_PER_PROFILE_REGION =
      Integer.getInteger("opendnc.numbers.inputs", 50_000);
  private static final int INPUTS_PER_OTHER_REGION = INPUTS_PER_PROFILE_REGION / 200;

  @ParameterizedTest
  @ValueSource(strings = {"IT", "US", "GB", "FR", "CA"})
  void fastPathAgreesWithLibphonenumber(String region) {
    Tally tally = check(region, 0x5eed0000L + region.hashCode(), INPUTS_PER_PROFILE_REGION);
    System.out.printf(
        "%s: %d inputs, %d valid, fast path decided %d (%d of the valid)%n",
        region, tally.total, tally.valid, tally.handled, tally.handledValid);
    // The fast path must really decide most inputs, valid ones included.
    assertThat(tally.handled)
        .as("%s handled of %d", region, tally.total)
        .isGreaterThan(tally.total / 2);
    assertThat(tally.handledValid)
        .as("%s valid handled", region)
        .isGreaterThan(tally.valid * 3 / 4);
  }

  /** Regions whose national prefix for parsing is a pattern (prefix-free), not a literal. */
  @ParameterizedTest
  @ValueSource(strings = {"AU", "CN", "LT", "LI", "CR", "LU", "FO"})
  void fastPathAgreesWhereTheNationalPrefixIsAPattern(String region) {
    Tally tally = check(region, 0x9a77e2L + region.hashCode(), INPUTS_PER_PROFILE_REGION / 10);
    assertThat(tally.handledValid)
        .as("%s valid handled", region)
        .isGreaterThan(tally.valid / 2);
  }

  @Test
  void fastPathAgreesWithLibphonenumberInEveryRegion() {
    for (String region : new TreeSet<>(PhoneNumberUtil.getInstance().getSupportedRegions())) {
      check(region, 0xa11L + region.hashCode(), INPUTS_PER_OTHER_REGION);
    }
  }

  private static Tally check(String region, long seed, int inputs) {
    NumberParser parser = NumberParser.forRegion(region);
    NumberInputGenerator generator = new NumberInputGenerator(seed, region);
    Tally tally = new Tally();
    for (int i = 0; i < inputs; i++) {
      String input = generator.next();
      long expected = LibphonenumberReference.parse(input, region);
      long fast = parser.fastPath(input);
      byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
      long fastBytes = parser.fastPath(bytes, 0, bytes.length);
      tally.total++;
      if (expected != NumberParser.INVALID) {
        tally.valid++;
      }
      if (fast != NumberParser.FELL_BACK) {
        tally.handled++;
        if (expected != NumberParser.INVALID) {
          tally.handledValid++;
        }
        if (fast != expected) {
          fail(mismatch(region, seed, i, input, expected, fast, "fast path (text)"));
        }
      }
      if (fastBytes != fast) {
        fail(mismatch(region, seed, i, input, fast, fastBytes, "fast path (bytes) vs (text)"));
      }
      if ((i & 15) == 0) {
        long e164 = parser.parseE164(input);
        if (e164 != LibphonenumberReference.e164(expected)) {
          fail(mismatch(region, seed, i, input, expected, e164, "parseE164"));
        }
        if (expected != NumberParser.INVALID) {
          long back = LibphonenumberReference.parse("+" + e164, region);
          NumberType type = LibphonenumberReference.e164(back) == e164
              ? LibphonenumberReference.type(back)
              : NumberType.UNKNOWN;
          assertThat(parser.typeOf(e164)).as("typeOf(%d) in %s", e164, region).isEqualTo(type);
        }
      }
    }
    return tally;
  }

  private static String mismatch(
      String region, long seed, int index, String input, long expected, long actual, String what) {
    return String.format(
        "%s disagrees with libphonenumber: region %s, seed %d, input #%d [%s]: expected %s, got %s",
        what, region, seed, index, escape(input), describe(expected), describe(actual));
  }

  private static String describe(long result) {
    if (result == NumberParser.INVALID) {
      return "INVALID";
    }
    if (result == NumberParser.FELL_BACK) {
      return "FELL_BACK";
    }
    return "+" + LibphonenumberReference.e164(result) + " " + LibphonenumberReference.type(result);
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static final class Tally {
    int total;
    int valid;
    int handled;
    int handledValid;
  }
}
