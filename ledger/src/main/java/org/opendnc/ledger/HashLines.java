package org.opendnc.ledger;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A proof as text: one base64 hash per line, in proof order (the lines of c2sp.org/tlog-proof). */
public final class HashLines {

  private HashLines() {}

  /** One line per hash, each ending in a newline; the empty string for an empty proof. */
  public static String format(List<byte[]> hashes) {
    StringBuilder text = new StringBuilder();
    hashes.forEach(hash -> text.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
    return text.toString();
  }

  /**
   * Parses hash lines; the last line's newline is optional, blank lines are not allowed.
   *
   * @throws IllegalArgumentException naming the line that is not the base64 of a 32-byte hash
   */
  public static List<byte[]> parse(String text) {
    List<byte[]> hashes = new ArrayList<>();
    if (text.isEmpty()) {
      return hashes;
    }
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    String[] lines = body.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      hashes.add(parseHash(lines[i], i + 1));
    }
    return hashes;
  }

  static byte[] parseHash(String line, int number) {
    byte[] hash = NoteKeys.decodeBase64(line);
    if (hash == null || hash.length != Rfc6962.HASH_BYTES
        || !Base64.getEncoder().encodeToString(hash).equals(line)) {
      throw new IllegalArgumentException(
          "line " + number + " is not the base64 of a 32-byte hash: '" + abbreviate(line) + "'");
    }
    return hash;
  }

  private static String abbreviate(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
