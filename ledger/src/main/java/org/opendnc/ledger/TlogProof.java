package org.opendnc.ledger;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * An offline proof that an entry is in a log, in the c2sp.org/tlog-proof@v1 text format: the
 * entry's index, its inclusion proof, and the signed checkpoint of the tree it proves inclusion in.
 * Immutable.
 *
 * @param extra opaque, unauthenticated extra data, or {@code null}
 * @param index the entry's index
 * @param proof the inclusion proof, from the leaf's sibling up
 * @param checkpoint the signed checkpoint note, verbatim
 */
public record TlogProof(byte[] extra, long index, List<byte[]> proof, String checkpoint) {

  /** The first line of every proof. */
  public static final String HEADER = "c2sp.org/tlog-proof@v1";

  public TlogProof {
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(checkpoint, "checkpoint");
    proof = List.copyOf(proof);
    extra = extra == null ? null : extra.clone();
    if (index < 0) {
      throw new IllegalArgumentException("an entry index is not negative: " + index);
    }
  }

  /** The proof as text (lines separated by newlines, the checkpoint last). */
  public String format() {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    if (extra != null) {
      text.append("extra ").append(Base64.getEncoder().encodeToString(extra)).append('\n');
    }
    text.append("index ").append(index).append('\n');
    text.append(HashLines.format(proof));
    return text.append('\n').append(checkpoint).toString();
  }

  /** Whether {@code text} starts like a tlog-proof. */
  public static boolean looksLikeOne(String text) {
    return text.startsWith(HEADER + "\n");
  }

  /**
   * Parses a proof. The checkpoint is not verified here.
   *
   * @throws IllegalArgumentException naming the line that is wrong
   */
  public static TlogProof parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!looksLikeOne(text)) {
      throw new IllegalArgumentException("line 1 is not " + HEADER);
    }
    int position = HEADER.length() + 1;
    int number = 2;
    byte[] extra = null;
    String line = lineAt(text, position, number);
    if (line.startsWith("extra ")) {
      extra = NoteKeys.decodeBase64(line.substring("extra ".length()));
      if (extra == null) {
        throw new IllegalArgumentException("line 2 holds extra data that is not base64");
      }
      position += line.length() + 1;
      line = lineAt(text, position, ++number);
    }
    if (!line.startsWith("index ")) {
      throw new IllegalArgumentException("line " + number + " is not 'index <entry index>'");
    }
    String digits = line.substring("index ".length());
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
        || (digits.length() > 1 && digits.charAt(0) == '0') || digits.length() > 19) {
      throw new IllegalArgumentException(
          "line " + number + " is not an index without leading zeroes: '" + digits + "'");
    }
    long index;
    try {
      index = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("line " + number + " holds an index too large: " + digits);
    }
    position += line.length() + 1;
    List<byte[]> proof = new ArrayList<>();
    while (true) {
      line = lineAt(text, position, ++number);
      position += line.length() + 1;
      if (line.isEmpty()) {
        break;
      }
      proof.add(HashLines.parseHash(line, number));
    }
    String checkpoint = text.substring(Math.min(position, text.length()));
    if (checkpoint.isEmpty()) {
      throw new IllegalArgumentException("the proof has no checkpoint after its blank line");
    }
    return new TlogProof(extra, index, proof, checkpoint);
  }

  private static String lineAt(String text, int position, int number) {
    int end = text.indexOf('\n', position);
    if (position >= text.length() || end < 0) {
      throw new IllegalArgumentException("the proof ends at line " + number
          + ", before its blank line and checkpoint");
    }
    return text.substring(position, end);
  }

  @Override
  public byte[] extra() {
    return extra == null ? null : extra.clone();
  }
}
