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

  /** The key of an invalid number with these digits (FNV-1a, 62 bits, folded into the invalid range). */
  static long invalidKey(CharSequence raw) {
    long hash = 0xcbf29ce484222325L;
    int digits = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') {
        hash ^= c;
        hash *= 0x100000001b3L;
        digits++;
      }
    }
    return digits == 0 ? 0 : INVALID_BASE | (hash & (INVALID_BASE - 1));
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
