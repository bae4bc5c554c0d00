package org.opendnc.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A log's tree head in the C2SP tlog-checkpoint format: origin, tree size and root hash, and
 * optional extension lines. The note text of a signed checkpoint. Immutable.
 *
 * @param origin the log's identity, e.g. {@code example.com/log}
 * @param size the number of leaves
 * @param rootHash the RFC 6962 root hash of the first {@code size} leaves (32 bytes)
 * @param extensions opaque extension lines, usually none
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

  /*
   * c2sp.org/tlog-checkpoint: at least three non-empty lines, each ending in a newline: the origin,
   * the tree size in ASCII decimal without leading zeroes ("0" for the empty tree), the root hash
   * in standard base64, then any extension lines. Parsing is strict: the text this record formats
   * is the only text it accepts for the same values.
   */

  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(rootHash, "rootHash");
    extensions = List.copyOf(extensions);
    if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a checkpoint's origin must be one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("a checkpoint's tree size must not be negative: " + size);
    }
    if (rootHash.length != Rfc6962.HASH_BYTES) {
      throw new IllegalArgumentException(
          "a checkpoint's root hash has " + Rfc6962.HASH_BYTES + " bytes, not " + rootHash.length);
    }
    rootHash = rootHash.clone();
    for (String extension : extensions) {
      if (extension.isEmpty() || extension.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a checkpoint's extension lines must be non-empty lines");
      }
    }
  }

  /** A checkpoint without extension lines. */
  public Checkpoint(String origin, long size, byte[] rootHash) {
    this(origin, size, rootHash, List.of());
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The note text: origin, size, base64 root and extension lines, each ending in a newline. */
  public String text() {
    StringBuilder text = new StringBuilder()
        .append(origin).append('\n')
        .append(size).append('\n')
        .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    extensions.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  /**
   * Parses a checkpoint's note text (a verified note's {@link SignedNote#text()}).
   *
   * @throws IllegalArgumentException if it is not a well-formed checkpoint; the message says which
   *     line is wrong
   */
  public static Checkpoint parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("a checkpoint's text must end in a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new IllegalArgumentException(
          "a checkpoint has at least three lines (origin, tree size, root hash); this has "
              + lines.length);
    }
    if (lines[0].isEmpty()) {
      throw new IllegalArgumentException("line 1 of the checkpoint (the origin) is empty");
    }
    long size = parseSize(lines[1]);
    byte[] root = NoteKeys.decodeBase64(lines[2]);
    if (root == null || root.length != Rfc6962.HASH_BYTES
        || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
      throw new IllegalArgumentException(
          "line 3 of the checkpoint is not the base64 of a 32-byte root hash: '" + lines[2] + "'");
    }
    List<String> extensions = List.of(lines).subList(3, lines.length);
    for (int i = 0; i < extensions.size(); i++) {
      if (extensions.get(i).isEmpty()) {
        throw new IllegalArgumentException("line " + (i + 4) + " of the checkpoint is empty");
      }
    }
    return new Checkpoint(lines[0], size, root, extensions);
  }

  /**
   * Opens a signed checkpoint: verifies the note with {@code verifier} and parses its text.
   *
   * @throws NoteException if the note is malformed or not validly signed by {@code verifier}
   * @throws IllegalArgumentException if the note's text is not a checkpoint
   */
  public static Checkpoint open(byte[] note, NoteVerifier verifier) {
    return parse(SignedNote.open(note, List.of(verifier)).text());
  }

  /**
   * The checkpoint in a signed note, NOT verified: only to learn which tree a copy holds before it
   * is audited or verified.
   *
   * @throws IllegalArgumentException if the note has no signature block or holds no checkpoint
   */
  public static Checkpoint peek(byte[] note) {
    return parse(SignedNote.textOf(note));
  }

  /** Opens a signed checkpoint held as a string (see {@link #open(byte[], NoteVerifier)}). */
  public static Checkpoint open(String note, NoteVerifier verifier) {
    return open(note.getBytes(StandardCharsets.UTF_8), verifier);
  }

  private static long parseSize(String line) {
    boolean digits = !line.isEmpty() && line.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || (line.length() > 1 && line.charAt(0) == '0')) {
      throw new IllegalArgumentException(
          "line 2 of the checkpoint is not a tree size (decimal, no leading zeroes): '" + line + "'");
    }
    try {
      return Long.parseLong(line);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("line 2 of the checkpoint is a tree size too large: " + line);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoint that
        && origin.equals(that.origin)
        && size == that.size
        && MessageDigest.isEqual(rootHash, that.rootHash)
        && extensions.equals(that.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + ", size " + size + ", root "
        + Base64.getEncoder().encodeToString(rootHash) + "]";
  }
}
