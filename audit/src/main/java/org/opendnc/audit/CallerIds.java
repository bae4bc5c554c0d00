package org.opendnc.audit;

import java.util.Locale;
import java.util.Set;
import org.opendnc.core.number.NumberParser;

/** Reads the caller ID presented on a call. */
final class CallerIds {

  /** No caller ID was presented. */
  static final long WITHHELD = 0;
  /** Something was presented, but it is not a telephone number (it cannot have been declared). */
  static final long UNUSABLE = -1;

  private static final Set<String> WITHHELD_WORDS =
      Set.of("anonymous", "withheld", "private", "restricted", "unknown", "anonimo", "privato", "sconosciuto");

  private CallerIds() {}

  /*
   * A presented caller ID need not be a valid number (0843/0844 service numbers, spoofed junk):
   * what matters is whether it equals a declared number or starts with an allowed prefix. So a
   * text that libphonenumber rejects is still read as E.164 digits: '+' or the international
   * prefix 00 give them directly, anything else is a national form under the profile's country
   * code (Italian numbers keep their leading 0 in E.164: 0844 123456 is +39 0844 123456).
   */

  static long parse(String text, NumberParser parser) {
    if (text == null) {
      return WITHHELD;
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty() || WITHHELD_WORDS.contains(trimmed.toLowerCase(Locale.ROOT))) {
      return WITHHELD;
    }
    long valid = parser.parseE164(trimmed);
    if (valid != NumberParser.INVALID) {
      return valid;
    }
    StringBuilder digits = new StringBuilder(20);
    boolean international = false;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c == '+' && digits.isEmpty() && !international) {
        international = true;
      } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '/') {
        return UNUSABLE;
      }
    }
    String number;
    if (international) {
      number = digits.toString();
    } else if (digits.length() > 2 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
      number = digits.substring(2);
    } else {
      number = parser.countryCode() + digits.toString();
    }
    if (number.length() < 4 || number.length() > 15 || number.charAt(0) == '0') {
      return UNUSABLE;
    }
    return Long.parseLong(number);
  }
}
