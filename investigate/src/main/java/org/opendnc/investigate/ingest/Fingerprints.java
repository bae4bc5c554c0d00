package org.opendnc.investigate.ingest;

import java.text.Normalizer;
import java.util.Locale;

/** Small hashes of what a copy carries along: the spelling of a name and the shape of a number. */
public final class Fingerprints {
  /*
   * A name is folded (accents removed, upper case, only letters, words sorted, so "Rossi Mario"
   * equals "Mario Rossi") before hashing, so
   * a firm that re-keys names in capitals or stores them in Latin-1 still matches its source, while
   * a misspelling ("Rossi" -> "Rosi") survives the fold and is carried to every copy. Sixteen bits
   * are enough: fingerprints are compared on the same number in two firms, where a chance equality
   * of two different names happens once in 65,535 comparisons. 0 means no name.
   *
   * The shape of a number is its raw text with digits replaced by 9 ("+39 333-1234567" becomes
   * "+99 999-9999999"): a firm that kept the raw text of a list it took keeps its source's shape.
   */

  private Fingerprints() {}

  /** The fingerprint of a name, 0 when it has no letter. */
  public static short name(String name) {
    if (name == null || name.isBlank()) {
      return 0;
    }
    String folded = Normalizer.normalize(name, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(folded.length());
    boolean space = false;
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (Character.isLetter(c)) {
        if (space && out.length() > 0) {
          out.append(' ');
        }
        space = false;
        out.append(Character.toUpperCase(c));
      } else if (Character.getType(c) != Character.NON_SPACING_MARK) {
        space = true;
      }
    }
    if (out.length() == 0) {
      return 0;
    }
    String[] tokens = out.toString().toUpperCase(Locale.ROOT).split(" ");
    java.util.Arrays.sort(tokens);
    int hash = String.join(" ", tokens).hashCode();
    hash ^= hash >>> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >>> 13;
    short fp = (short) (hash ^ (hash >>> 16));
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
