package org.opendnc.core.number;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The compiled numbering plans of all regions sharing one country calling code, in
 * libphonenumber's order (main region first). Immutable; built lazily once per calling code.
 */
final class CountryRules {

  /*
   * The table is filled on first use of a calling code. Two threads may compile the same entry at
   * once; compilation is deterministic and the first published object wins, so readers always see
   * a complete immutable object (AtomicReferenceArray gives safe publication).
   */

  private static final String NON_GEOGRAPHICAL_REGION = "001";
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  /** Package-private for tests that compile a region on its own. */
  static final MetadataSource METADATA =
      DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
  private static final boolean[] KNOWN = new boolean[1000];
  private static final AtomicReferenceArray<CountryRules> TABLE = new AtomicReferenceArray<>(1000);

  static {
    for (int code : UTIL.getSupportedCallingCodes()) {
      if (code > 0 && code < KNOWN.length) {
        KNOWN[code] = true;
      }
    }
  }

  final int countryCode;
  final int countryCodeLength;
  /** The metadata libphonenumber parses with once it knows the calling code. */
  final RegionRules main;
  private final RegionRules[] regions;
  /** Validity and type are reproduced for every region of the calling code. */
  final boolean supported;

  private CountryRules(int countryCode) {
    this.countryCode = countryCode;
    this.countryCodeLength = Integer.toString(countryCode).length();
    List<String> codes = UTIL.getRegionCodesForCountryCode(countryCode);
    regions = new RegionRules[codes.size()];
    boolean ok = !codes.isEmpty();
    for (int i = 0; i < regions.length; i++) {
      String code = codes.get(i);
      regions[i] =
          RegionRules.compile(
              code,
              NON_GEOGRAPHICAL_REGION.equals(code)
                  ? METADATA.getMetadataForNonGeographicalRegion(countryCode)
                  : METADATA.getMetadataForRegion(code));
      ok &= regions[i].patternsSupported;
    }
    this.main = regions.length > 0 ? regions[0] : null;
    this.supported = ok;
  }

  static boolean isKnownCountryCode(int code) {
    return KNOWN[code];
  }

  /** The rules for a known calling code (see {@link #isKnownCountryCode}). */
  static CountryRules forCountryCode(int code) {
    CountryRules rules = TABLE.get(code);
    if (rules == null) {
      rules = new CountryRules(code);
      if (!TABLE.compareAndSet(code, null, rules)) {
        rules = TABLE.get(code);
      }
    }
    return rules;
  }

  /** Lets every region of this country read two digits a step (a parser's home country). */
  void usePairSteps() {
    for (RegionRules region : regions) {
      region.usePairSteps();
    }
  }

  /** The compiled rules of one region of this calling code, or null. */
  RegionRules region(String regionCode) {
    for (RegionRules region : regions) {
      if (region.regionCode.equals(regionCode)) {
        return region;
      }
    }
    return null;
  }

  /**
   * The NumberType ordinal libphonenumber's getNumberType gives a number with this calling code
   * and national significant number; UNKNOWN exactly when isValidNumber is false. Requires
   * {@link #supported}.
   */
  int typeOf(long nationalNumber, int length) {
    RegionRules[] all = regions;
    if (all.length == 1) {
      RegionRules only = all[0];
      return only.typeOf(only.endMask(nationalNumber, length), length);
    }
    // getRegionCodeForNumberFromRegionList, then getNumberTypeHelper for the region it picks.
    for (RegionRules region : all) {
      if (region.hasLeadingDigits) {
        int run = region.run(nationalNumber, length);
        if (RegionRules.leadingDigitsMatched(run)) {
          return region.typeOf(run, length);
        }
      } else {
        int type = region.typeOf(region.endMask(nationalNumber, length), length);
        if (type != RegionRules.unknownType()) {
          return type;
        }
      }
    }
    return RegionRules.unknownType();
  }
}
