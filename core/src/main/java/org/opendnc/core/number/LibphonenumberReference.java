package org.opendnc.core.number;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * The specification of number parsing: what libphonenumber itself answers. Slow (allocates, and
 * throws internally for invalid input); the fast path in {@link NumberParser} must agree with it.
 */
final class LibphonenumberReference {

  /*
   * parse(x): strip the characters isTrimmed accepts (whitespace and quotes, repeatedly, from
   * both ends), then PhoneNumberUtil.parse(x, region). A thrown NumberParseException or
   * isValidNumber == false gives INVALID. Otherwise the E.164 number is the calling code followed
   * by getNationalSignificantNumber (which restores Italian leading zeros), read as a long; numbers
   * longer than 18 digits (none is valid in the metadata today) are INVALID because the packed
   * result below could not hold them. The type is getNumberType mapped by name onto NumberType.
   *
   * Result packing shared with NumberParser: 0 is INVALID, otherwise e164 | ordinal << 60.
   */

  static final int TYPE_SHIFT = 60;
  static final long E164_MASK = (1L << TYPE_SHIFT) - 1;
  static final int MAX_E164_DIGITS = 18;

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final NumberType[] TYPES = NumberType.values();

  private LibphonenumberReference() {}

  /** Whether the character is stripped from both ends of the input before parsing. */
  static boolean isTrimmed(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'';
  }

  static String trim(CharSequence text) {
    int start = 0;
    int end = text.length();
    while (start < end && isTrimmed(text.charAt(start))) {
      start++;
    }
    while (end > start && isTrimmed(text.charAt(end - 1))) {
      end--;
    }
    return text.subSequence(start, end).toString();
  }

  /** The packed result (see the class comment) for the text under the default region. */
  static long parse(CharSequence text, String region) {
    PhoneNumber number;
    try {
      number = UTIL.parse(trim(text), region);
    } catch (NumberParseException e) {
      return NumberParser.INVALID;
    }
    if (!UTIL.isValidNumber(number)) {
      return NumberParser.INVALID;
    }
    String digits = number.getCountryCode() + UTIL.getNationalSignificantNumber(number);
    if (digits.length() > MAX_E164_DIGITS) {
      return NumberParser.INVALID;
    }
    NumberType type = NumberType.valueOf(UTIL.getNumberType(number).name());
    return Long.parseLong(digits) | ((long) type.ordinal() << TYPE_SHIFT);
  }

  /** The E.164 value of a packed result. */
  static long e164(long result) {
    return result & E164_MASK;
  }

  /** The type of a packed result, UNKNOWN for INVALID. */
  static NumberType type(long result) {
    return result == NumberParser.INVALID
        ? NumberType.UNKNOWN
        : TYPES[(int) (result >>> TYPE_SHIFT)];
  }
}
