package org.opendnc.core.number;

import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import java.util.List;

/**
 * One region's (or non-geographical entity's) numbering plan compiled from libphonenumber's
 * metadata into the tables the fast path needs. Immutable.
 */
final class RegionRules {

  /*
   * Tag bits of the region automaton, in the order of libphonenumber's getNumberTypeHelper: the
   * general description first, then the types it tests one after the other, then the region's
   * leadingDigits pattern (used with lookingAt semantics to pick a region among those sharing a
   * country calling code).
   *
   * Digit strings are passed around as (packed, length): up to 16 decimal digits, four bits each,
   * most significant nibble first, so leading zeros survive and taking a suffix is a mask.
   *
   * A region's patterns are supported when all national number patterns and leadingDigits compile
   * and the general description has possible lengths; that is all validity needs. Parsing with the
   * region's metadata also needs the national prefix for parsing to be absent, or without
   * transform rule and either an alternation of digit literals (first match wins, as in
   * java.util.regex) or a prefix-free pattern (a single possible match end, e.g. AU's
   * (183[12])|0). Transform rules (the NANP islands, AR, BR) and patterns such as BY's 0|80? are
   * not reproduced. The international (IDD) prefix is judged
   * separately because it matters only for the parser's default region.
   */

  static final int GENERAL = 0;
  static final int PREMIUM_RATE = 1;
  static final int TOLL_FREE = 2;
  static final int SHARED_COST = 3;
  static final int VOIP = 4;
  static final int PERSONAL_NUMBER = 5;
  static final int PAGER = 6;
  static final int UAN = 7;
  static final int VOICEMAIL = 8;
  static final int FIXED_LINE = 9;
  static final int MOBILE = 10;
  static final int LEADING_DIGITS = 11;
  private static final int TYPE_TAG_COUNT = 11;
  private static final int TYPE_TAGS = (1 << TYPE_TAG_COUNT) - 1;

  /** Results of libphonenumber's testNumberLength, by length. */
  static final byte IS_POSSIBLE = 0;
  static final byte IS_POSSIBLE_LOCAL_ONLY = 1;
  static final byte TOO_SHORT = 2;
  static final byte INVALID_LENGTH = 3;
  static final byte TOO_LONG = 4;

  /** Answers of {@link #matchInternationalPrefix}. */
  static final int NO_PREFIX = -1;
  static final int UNSURE = -2;

  /** Longest digit string the tables cover; longer strings never reach them. */
  static final int MAX_LENGTH = 17;

  private static final int UNKNOWN_TYPE = NumberType.UNKNOWN.ordinal();

  final String regionCode;
  final int countryCode;
  /** Patterns and lengths are reproduced: validity and type can be decided. */
  final boolean patternsSupported;
  /** Patterns, lengths and national prefix are reproduced: numbers can also be parsed with it. */
  final boolean supported;
  final boolean hasLeadingDigits;

  private final int[] next;
  private final int[] accept;
  /**
   * Two digits a step, for the regions of a parser's home country (see {@link #usePairSteps}):
   * {@code pairs[state << 8 | d1 << 4 | d2]} is the state after reading d1 then d2; null until
   * then. Halves the chain of dependent loads in {@link #endMask}, which decides every number's
   * validity and type.
   */
  private volatile int[] pairs;
  private final int[] tagsAllowedByLength;
  private final byte[] lengthResult;
  private final byte[] typeByMask;
  private final long[] nationalPrefixes;
  private final int[] nationalPrefixLengths;
  /** A prefix-free national prefix pattern without transform rule; null when literals suffice. */
  private final DigitAutomaton nationalPrefixAutomaton;

  private final long internationalPrefix;
  private final int internationalPrefixLength; // > 0: literal; 0: see automaton
  private final DigitAutomaton internationalPrefixAutomaton; // null and length 0: unsupported
  private final boolean internationalPrefixIsPrefixFree;

  private RegionRules(String regionCode, PhoneMetadata metadata) {
    this.regionCode = regionCode;
    this.countryCode = metadata.getCountryCode();
    this.hasLeadingDigits = metadata.hasLeadingDigits();
    PhoneNumberDesc[] descs = {
      metadata.getGeneralDesc(),
      metadata.getPremiumRate(),
      metadata.getTollFree(),
      metadata.getSharedCost(),
      metadata.getVoip(),
      metadata.getPersonalNumber(),
      metadata.getPager(),
      metadata.getUan(),
      metadata.getVoicemail(),
      metadata.getFixedLine(),
      metadata.getMobile()
    };
    boolean ok = true;
    String[] patterns = new String[LEADING_DIGITS + 1];
    int[] lengthMasks = new int[TYPE_TAG_COUNT];
    for (int tag = 0; tag < TYPE_TAG_COUNT; tag++) {
      PhoneNumberDesc desc = descs[tag];
      if (desc == null) {
        ok = false;
        continue;
      }
      patterns[tag] = desc.getNationalNumberPattern();
      lengthMasks[tag] = lengthMask(desc.getPossibleLengthList());
    }
    if (hasLeadingDigits) {
      String leading = metadata.getLeadingDigits();
      if (leading.isEmpty()) {
        ok = false; // an empty pattern would match every number; not reproduced
      }
      patterns[LEADING_DIGITS] = leading;
    }
    DigitAutomaton automaton = null;
    if (ok) {
      try {
        automaton = DigitAutomaton.compile(patterns);
      } catch (DigitAutomaton.UnsupportedPatternException e) {
        ok = false;
      }
    }
    this.next = automaton == null ? new int[2 << DigitAutomaton.STRIDE_SHIFT] : automaton.next;
    this.accept = automaton == null ? new int[2] : automaton.accept;

    this.tagsAllowedByLength = new int[MAX_LENGTH + 1];
    for (int length = 0; length <= MAX_LENGTH; length++) {
      int allowed = 1 << LEADING_DIGITS;
      for (int tag = 0; tag < TYPE_TAG_COUNT; tag++) {
        if ((lengthMasks[tag] & (1 << length)) != 0) {
          allowed |= 1 << tag;
        }
      }
      tagsAllowedByLength[length] = allowed;
    }

    boolean sameMobileAndFixedLine = metadata.getSameMobileAndFixedLinePattern();
    this.typeByMask = new byte[1 << TYPE_TAG_COUNT];
    for (int mask = 0; mask < typeByMask.length; mask++) {
      typeByMask[mask] = (byte) typeOfMask(mask, sameMobileAndFixedLine).ordinal();
    }

    List<Integer> possible = ok ? descs[GENERAL].getPossibleLengthList() : List.of();
    List<Integer> localOnly = ok ? descs[GENERAL].getPossibleLengthLocalOnlyList() : List.of();
    if (possible.isEmpty()) {
      ok = false; // libphonenumber would fail with an IndexOutOfBoundsException
    }
    this.lengthResult = new byte[MAX_LENGTH + 1];
    for (int length = 0; length <= MAX_LENGTH && ok; length++) {
      lengthResult[length] = testNumberLength(possible, localOnly, length);
    }
    this.patternsSupported = ok;

    DigitAutomaton prefixAutomaton = null;
    String prefixForParsing = metadata.getNationalPrefixForParsing();
    String transformRule = metadata.getNationalPrefixTransformRule();
    if (prefixForParsing.isEmpty()) {
      nationalPrefixes = new long[0];
      nationalPrefixLengths = new int[0];
    } else if (prefixForParsing.matches("[0-9]{1,15}(?:\\|[0-9]{1,15})*")
        && (transformRule == null || transformRule.isEmpty())) {
      // lookingAt on an alternation of literals: the first alternative that is a prefix wins.
      String[] literals = prefixForParsing.split("\\|");
      nationalPrefixes = new long[literals.length];
      nationalPrefixLengths = new int[literals.length];
      for (int i = 0; i < literals.length; i++) {
        nationalPrefixes[i] = pack(literals[i]);
        nationalPrefixLengths[i] = literals[i].length();
      }
    } else {
      nationalPrefixes = new long[0];
      nationalPrefixLengths = new int[0];
      if (transformRule == null || transformRule.isEmpty()) {
        try {
          DigitAutomaton prefix = DigitAutomaton.compile(prefixForParsing);
          if (prefix.isPrefixFree()) {
            prefixAutomaton = prefix;
          }
        } catch (DigitAutomaton.UnsupportedPatternException e) {
          prefixAutomaton = null;
        }
      }
      ok &= prefixAutomaton != null;
    }
    this.nationalPrefixAutomaton = prefixAutomaton;
    this.supported = ok;

    String idd = metadata.getInternationalPrefix();
    if (idd.matches("[0-9]{1,15}")) {
      internationalPrefix = pack(idd);
      internationalPrefixLength = idd.length();
      internationalPrefixAutomaton = null;
      internationalPrefixIsPrefixFree = true;
    } else {
      internationalPrefix = 0;
      internationalPrefixLength = 0;
      DigitAutomaton iddAutomaton = null;
      if (!idd.isEmpty()) { // an empty pattern would match at every position; not reproduced
        try {
          iddAutomaton = DigitAutomaton.compile(idd);
        } catch (DigitAutomaton.UnsupportedPatternException e) {
          iddAutomaton = null;
        }
      }
      internationalPrefixAutomaton = iddAutomaton;
      internationalPrefixIsPrefixFree = iddAutomaton != null && iddAutomaton.isPrefixFree();
    }
  }

  static RegionRules compile(String regionCode, PhoneMetadata metadata) {
    return new RegionRules(regionCode, metadata);
  }

  /** Whether {@link #matchInternationalPrefix} can ever answer something other than UNSURE. */
  boolean internationalPrefixSupported() {
    return internationalPrefixLength > 0 || internationalPrefixAutomaton != null;
  }

  /**
   * Length of the international prefix libphonenumber's lookingAt would strip from these digits,
   * {@link #NO_PREFIX} when it matches no prefix, {@link #UNSURE} when the pattern is neither a
   * literal nor prefix-free and matches some prefix (the match end would depend on backtracking
   * order).
   */
  int matchInternationalPrefix(long digits, int length) {
    int prefixLength = internationalPrefixLength;
    if (prefixLength > 0) {
      return length >= prefixLength && head(digits, length, prefixLength) == internationalPrefix
          ? prefixLength
          : NO_PREFIX;
    }
    DigitAutomaton automaton = internationalPrefixAutomaton;
    if (automaton == null) {
      return UNSURE;
    }
    if (internationalPrefixIsPrefixFree) {
      int matched = automaton.acceptedPrefixLength(digits, length);
      return matched < 0 ? NO_PREFIX : matched;
    }
    return (automaton.run(digits, length) & (1 << 16)) != 0 ? UNSURE : NO_PREFIX;
  }

  /**
   * libphonenumber's maybeStripNationalPrefixAndCarrierCode without transform rule: the length of
   * what remains (always a suffix of the input). Literal alternatives are tried in order, as
   * java.util.regex does; a prefix-free pattern has at most one match end, so its automaton finds
   * it.
   */
  int stripNationalPrefix(long digits, int length) {
    if (length == 0) {
      return length;
    }
    DigitAutomaton automaton = nationalPrefixAutomaton;
    if (automaton != null) {
      int prefixLength = automaton.acceptedPrefixLength(digits, length);
      return prefixLength < 0 ? length : strip(digits, length, prefixLength);
    }
    long[] prefixes = nationalPrefixes;
    for (int i = 0; i < prefixes.length; i++) {
      int prefixLength = nationalPrefixLengths[i];
      if (length >= prefixLength && head(digits, length, prefixLength) == prefixes[i]) {
        return strip(digits, length, prefixLength);
      }
    }
    return length;
  }

  /** The simple branch of maybeStripNationalPrefixAndCarrierCode once a prefix matched. */
  private int strip(long digits, int length, int prefixLength) {
    int restLength = length - prefixLength;
    if (matchesGeneral(digits, length)
        && !matchesGeneral(tail(digits, length, restLength), restLength)) {
      return length;
    }
    return restLength;
  }

  /** The general description's pattern fully matches (no length check, as matchNationalNumber). */
  boolean matchesGeneral(long digits, int length) {
    return (endMask(digits, length) & (1 << GENERAL)) != 0;
  }

  /** testNumberLength(number, metadata) for a number of this many digits. */
  byte lengthResult(int length) {
    return lengthResult[length];
  }

  /** Runs the region automaton: end mask in bits 0-15, OR of all prefix masks in bits 16-31. */
  int run(long digits, int length) {
    int[] table = next;
    int[] masks = accept;
    int index = DigitAutomaton.START_INDEX;
    int prefixes = masks[DigitAutomaton.START];
    for (int shift = (length - 1) << 2; shift >= 0; shift -= 4) {
      index = table[index + (int) ((digits >>> shift) & 0xF)];
      prefixes |= masks[index >>> DigitAutomaton.STRIDE_SHIFT];
    }
    return masks[index >>> DigitAutomaton.STRIDE_SHIFT] | (prefixes << 16);
  }

  /**
   * Builds the two-digit table of {@link #endMask}: 256 ints per state (~300 KB for Italy), so
   * only the home country's regions get one. Idempotent and safe to call from any thread.
   */
  void usePairSteps() {
    if (pairs != null) {
      return;
    }
    int shift = DigitAutomaton.STRIDE_SHIFT;
    int[] table = new int[accept.length << 8];
    for (int state = 0; state < accept.length; state++) {
      for (int first = 0; first < DigitAutomaton.DIGITS; first++) {
        int middle = next[(state << shift) + first] >>> shift;
        for (int second = 0; second < DigitAutomaton.DIGITS; second++) {
          table[state << 8 | first << 4 | second] = next[(middle << shift) + second] >>> shift;
        }
      }
    }
    pairs = table;
  }

  /** The end state's mask only (no prefix information): the cheaper {@link #run}. */
  int endMask(long digits, int length) {
    int[] twoDigits = pairs;
    if (twoDigits != null) {
      int state = DigitAutomaton.START;
      int shift = (length - 1) << 2;
      if ((length & 1) != 0) {
        state = next[(state << DigitAutomaton.STRIDE_SHIFT) + (int) ((digits >>> shift) & 0xF)]
            >>> DigitAutomaton.STRIDE_SHIFT;
        shift -= 4;
      }
      for (; shift > 0; shift -= 8) {
        state = twoDigits[state << 8 | (int) ((digits >>> (shift - 4)) & 0xFF)];
      }
      return accept[state];
    }
    int[] table = next;
    int index = DigitAutomaton.START_INDEX;
    for (int shift = (length - 1) << 2; shift >= 0; shift -= 4) {
      index = table[index + (int) ((digits >>> shift) & 0xF)];
    }
    return accept[index >>> DigitAutomaton.STRIDE_SHIFT];
  }

  /** Whether the leadingDigits pattern matched a prefix during {@code run}. */
  static boolean leadingDigitsMatched(int run) {
    return (run & (1 << (16 + LEADING_DIGITS))) != 0;
  }

  /** getNumberTypeHelper's answer (a NumberType ordinal) from {@link #run} or {@link #endMask}. */
  int typeOf(int run, int length) {
    return typeByMask[run & TYPE_TAGS & tagsAllowedByLength[length]];
  }

  static int unknownType() {
    return UNKNOWN_TYPE;
  }

  private static NumberType typeOfMask(int mask, boolean sameMobileAndFixedLine) {
    if ((mask & (1 << GENERAL)) == 0) {
      return NumberType.UNKNOWN;
    }
    if ((mask & (1 << PREMIUM_RATE)) != 0) {
      return NumberType.PREMIUM_RATE;
    }
    if ((mask & (1 << TOLL_FREE)) != 0) {
      return NumberType.TOLL_FREE;
    }
    if ((mask & (1 << SHARED_COST)) != 0) {
      return NumberType.SHARED_COST;
    }
    if ((mask & (1 << VOIP)) != 0) {
      return NumberType.VOIP;
    }
    if ((mask & (1 << PERSONAL_NUMBER)) != 0) {
      return NumberType.PERSONAL_NUMBER;
    }
    if ((mask & (1 << PAGER)) != 0) {
      return NumberType.PAGER;
    }
    if ((mask & (1 << UAN)) != 0) {
      return NumberType.UAN;
    }
    if ((mask & (1 << VOICEMAIL)) != 0) {
      return NumberType.VOICEMAIL;
    }
    boolean mobile = (mask & (1 << MOBILE)) != 0;
    if ((mask & (1 << FIXED_LINE)) != 0) {
      return sameMobileAndFixedLine || mobile
          ? NumberType.FIXED_LINE_OR_MOBILE
          : NumberType.FIXED_LINE;
    }
    if (!sameMobileAndFixedLine && mobile) {
      return NumberType.MOBILE;
    }
    return NumberType.UNKNOWN;
  }

  /** isNumberMatchingDesc's length test: an empty list allows every length. */
  private static int lengthMask(List<Integer> possibleLengths) {
    if (possibleLengths.isEmpty()) {
      return -1;
    }
    int mask = 0;
    for (int length : possibleLengths) {
      if (length >= 0 && length < 32) {
        mask |= 1 << length;
      }
    }
    return mask;
  }

  /** libphonenumber's testNumberLength(number, metadata, UNKNOWN), step for step. */
  private static byte testNumberLength(
      List<Integer> possible, List<Integer> localOnly, int length) {
    if (possible.get(0) == -1) {
      return INVALID_LENGTH;
    }
    if (localOnly.contains(length)) {
      return IS_POSSIBLE_LOCAL_ONLY;
    }
    int minimum = possible.get(0);
    if (minimum == length) {
      return IS_POSSIBLE;
    } else if (minimum > length) {
      return TOO_SHORT;
    } else if (possible.get(possible.size() - 1) < length) {
      return TOO_LONG;
    }
    return possible.subList(1, possible.size()).contains(length) ? IS_POSSIBLE : INVALID_LENGTH;
  }

  static long pack(String digits) {
    long packed = 0;
    for (int i = 0; i < digits.length(); i++) {
      packed = (packed << 4) | (digits.charAt(i) - '0');
    }
    return packed;
  }

  /** The first {@code count} digits, packed. */
  static long head(long digits, int length, int count) {
    return digits >>> ((length - count) << 2);
  }

  /** The last {@code count} digits, packed. */
  static long tail(long digits, int length, int count) {
    return count >= 16 ? digits : digits & ((1L << (count << 2)) - 1);
  }
}
