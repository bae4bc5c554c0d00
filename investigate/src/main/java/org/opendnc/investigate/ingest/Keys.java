package org.opendnc.investigate.ingest;

/**
 * The key of a record: its E.164 number when valid, else a key derived from the digits of the
 * invalid number, so that the same invalid number in two firms' files meets in the merge (an
 * invalid number two firms share is copying evidence: nobody collects it independently).
 */
public final class Keys {
  /** Keys at or above this are invalid numbers; valid E.164 numbers are below 10^15 < 2^50. */
  public static final long INVALID_BASE = 1L << 62;

  private Keys() {}

  /** Whether the key is a valid E.164 number. */
  public static boolean isValid(long key) {
    return key > 0 && key < INVALID_BASE;
  }

  /**
   * The key of an invalid number: its digits without an international prefix for the home country
   * ("+39 333 12345", "0039-333-12345" and "33312345" are one key), hashed (FNV-1a) into the
   * invalid range; 0 when the text has no digit.
   */
  static long invalidKey(CharSequence raw, int countryCode) {
    StringBuilder digits = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    String text = raw.toString().strip();
    String code = Integer.toString(countryCode);
    String d = digits.toString();
    if ((text.startsWith("+") || text.startsWith("(+")) && d.startsWith(code)) {
      d = d.substring(code.length());
    } else if (d.startsWith("00" + code)) {
      d = d.substring(2 + code.length());
    }
    if (d.isEmpty()) {
      return 0;
    }
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < d.length(); i++) {
      hash ^= d.charAt(i);
      hash *= 0x100000001b3L;
    }
    return INVALID_BASE | (hash & (INVALID_BASE - 1));
  }

  /** The number of ASCII digits in the text. */
  static int digitCount(CharSequence raw) {
    int digits = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      }
    }
    return digits;
  }
}
