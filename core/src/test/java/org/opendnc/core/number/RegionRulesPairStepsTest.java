package org.opendnc.core.number;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A parser's home country reads two digits a step; it must end where one digit a step ends. */
class RegionRulesPairStepsTest {

  @Test
  void twoDigitStepsEndWhereSingleStepsEnd() {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    SplittableRandom random = new SplittableRandom(11);
    for (String regionCode : new String[] {"IT", "VA", "SM", "US", "CA", "GB", "FR", "DE", "BR", "IN"}) {
      var metadata = CountryRules.METADATA.getMetadataForRegion(regionCode);
      RegionRules single = RegionRules.compile(regionCode, metadata);
      RegionRules pairs = RegionRules.compile(regionCode, metadata);
      pairs.usePairSteps();
      // Random digits, half of them after the first digits of the region's example numbers, so
      // that the walks go deep into the automaton rather than dying after a digit or two.
      List<String> starts = new ArrayList<>(List.of(""));
      for (PhoneNumberType type : PhoneNumberType.values()) {
        PhoneNumber example = util.getExampleNumberForType(regionCode, type);
        if (example != null) {
          String national = Long.toString(example.getNationalNumber());
          starts.add(national.substring(0, Math.min(4, national.length())));
        }
      }
      for (int i = 0; i < 100_000; i++) {
        StringBuilder digits = new StringBuilder(i % 2 == 0 ? "" : starts.get(random.nextInt(starts.size())));
        int length = digits.length() + random.nextInt(16 - digits.length()); // at most 15 digits
        while (digits.length() < length) {
          digits.append((char) ('0' + random.nextInt(10)));
        }
        long packed = RegionRules.pack(digits.toString());
        assertThat(pairs.endMask(packed, length)).as("%s %s", regionCode, digits)
            .isEqualTo(single.endMask(packed, length));
      }
    }
  }
}
