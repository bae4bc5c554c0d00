package org.opendnc.investigate.ingest;

import java.text.Normalizer;

/** Small hashes of what a copy carries along: the spelling of a name and the shape of a number. */
public final class Fingerprints {
  /*
   * A name is folded (accents removed, upper case, only letters, words in any order, so "Rossi
   * Mario" equals "Mario Rossi") before hashing, so
   * a firm that re-keys names in capitals or stores them in Latin-1 still matches its source, while
   * a misspelling ("Rossi" -> "Rosi") survives the fold and is carried to every copy. Sixteen bits
   * are enough: fingerprints are compared on the same number in two firms, where a chance equality
   * of two different names happens once in 65,535 comparisons. 0 means no name.
   *
   * The shape of a number is its raw text with digits replaced by 9 ("+39 333-1234567" becomes
   * "+99 999-9999999"): a firm that kept the raw text of a list it took keeps its source's shape.
   */

  private Fingerprints() {}

  /** NFD of each character below U+0100 (e.g. 'è' -> 'e', U+0300): a Latin-1 name needs no Normalizer. */
  private static final char[][] LATIN1_NFD = new char[256][];

  static {
    for (char c = 0; c < 256; c++) {
      LATIN1_NFD[c] = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).toCharArray();
    }
  }

  /** The fingerprint of a name, 0 when it has no letter. */
  public static short name(String name) {
    if (name == null) {
      return 0;
    }
    boolean latin1 = true;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x100) {
        latin1 = false;
        break;
      }
    }
    // The NFD of a text of characters below U+0100 is the NFD of each in turn (their marks come
    // already in canonical order), so the table gives what Normalizer gives, without its cost.
    String text = latin1 ? name : Normalizer.normalize(name, Normalizer.Form.NFD);
    long combined = 0; // words combined by a sum of their mixed hashes: the order does not count
    int words = 0;
    int word = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char t = text.charAt(i);
      char[] decomposed = t >= 0x80 && latin1 ? LATIN1_NFD[t] : null;
      for (int k = 0, n = decomposed == null ? 1 : decomposed.length; k < n; k++) {
        char c = decomposed == null ? t : decomposed[k];
        if (c < 0x80 ? (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') : Character.isLetter(c)) {
          word = word * 31 + (c >= 'a' && c <= 'z' ? c - 32 : c < 0x80 ? c : Character.toUpperCase(c));
          inWord = true;
        } else if (inWord && (c < 0x80 || Character.getType(c) != Character.NON_SPACING_MARK)) {
          combined += mix(word);
          words++;
          word = 0;
          inWord = false;
        }
      }
    }
    if (inWord) {
      combined += mix(word);
      words++;
    }
    return fingerprint(combined, words);
  }

  /** The fingerprint of a name's words, given the sum of their mixed hashes; 0 for no word. */
  static short fingerprint(long combined, int words) {
    if (words == 0) {
      return 0;
    }
    long h = mix(combined);
    short fp = (short) (h ^ (h >>> 16) ^ (h >>> 32) ^ (h >>> 48));
    return fp == 0 ? 1 : fp;
  }

  static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return x;
  }

  /** As {@link #shape(String)} for ASCII bytes. */
  static byte shape(byte[] raw, int offset, int length) {
    int hash = 17;
    for (int i = offset, end = offset + length; i < end; i++) {
      int c = raw[i];
      hash = hash * 31 + (c >= '0' && c <= '9' ? '9' : c);
    }
    hash ^= hash >>> 16;
    byte fp = (byte) (hash ^ (hash >>> 8));
    return fp == 0 ? 1 : fp;
  }

  /** The fingerprint of a number's raw shape, never 0. */
  public static byte shape(String raw) {
    int hash = 17;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      hash = hash * 31 + (c >= '0' && c <= '9' ? '9' : c);
    }
    hash ^= hash >>> 16;
    byte fp = (byte) (hash ^ (hash >>> 8));
    return fp == 0 ? 1 : fp;
  }
}
