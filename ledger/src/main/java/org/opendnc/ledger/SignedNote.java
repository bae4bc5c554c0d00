package org.opendnc.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A C2SP signed note whose signatures by known keys all verified: its text and which keys signed.
 * Immutable.
 *
 * @param text the note text, ending in a newline (the signed bytes, in UTF-8)
 * @param verified the signatures by known keys, all valid, in note order
 * @param unverified the signatures by unknown keys, ignored, in note order
 */
public record SignedNote(String text, List<Signature> verified, List<Signature> unverified) {

  /*
   * c2sp.org/signed-note, read as golang.org/x/mod/sumdb/note's Open does: valid UTF-8 without ASCII
   * control characters other than newline; ends in a newline; the text ends at the last blank line
   * ("\n\n") and keeps its final newline; every following line is "— <name> <base64>" where the
   * base64 holds a 4-byte key id and at least one byte of signature. A signature is checked when
   * its name and key id match a known key, else ignored; repeated lines are read once. Any invalid
   * signature by a known key refuses the note, and so does a note without a valid one.
   */

  /** Em dash and space: the start of every signature line. */
  static final String SIGNATURE_PREFIX = "\u2014 ";

  /** More signature lines than this make a note malformed (Go's limit). */
  static final int MAX_SIGNATURES = 100;

  /** One signature line. */
  public record Signature(String name, int keyId, String base64) {}

  public SignedNote {
    Objects.requireNonNull(text, "text");
    verified = List.copyOf(verified);
    unverified = List.copyOf(unverified);
  }

  /**
   * Reads a note and verifies its signatures by {@code known} keys.
   *
   * @throws NoteException {@link NoteException.Kind#MALFORMED} if it is not a well-formed note,
   *     {@link NoteException.Kind#INVALID_SIGNATURE} if a known key's signature does not verify,
   *     {@link NoteException.Kind#UNVERIFIED} if no signature is by a known key
   */
  public static SignedNote open(byte[] note, List<NoteVerifier> known) {
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(known, "known");
    String message;
    try {
      message = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(note))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("it is not valid UTF-8");
    }
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw malformed("it holds the control character U+" + String.format("%04X", (int) c)
            + " at character " + (i + 1));
      }
    }
    int split = message.lastIndexOf("\n\n");
    if (split < 0) {
      throw malformed("it has no signature block (a blank line, then signature lines)");
    }
    String text = message.substring(0, split + 1);
    String signatures = message.substring(split + 2);
    if (signatures.isEmpty()) {
      throw malformed("it has no signature lines after the blank line");
    }
    if (!signatures.endsWith("\n")) {
      throw malformed("its last signature line does not end in a newline");
    }
    byte[] textBytes = Arrays.copyOf(note, text.getBytes(StandardCharsets.UTF_8).length);
    List<Signature> verified = new ArrayList<>();
    List<Signature> unverified = new ArrayList<>();
    Set<String> seenLines = new HashSet<>();
    Set<String> seenKeys = new HashSet<>();
    String[] lines = signatures.substring(0, signatures.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw malformed("it has " + lines.length + " signature lines, more than " + MAX_SIGNATURES);
    }
    for (int number = 1; number <= lines.length; number++) {
      String line = lines[number - 1];
      if (!line.startsWith(SIGNATURE_PREFIX)) {
        throw malformed("signature line " + number + " does not start with an em dash and a space");
      }
      String rest = line.substring(SIGNATURE_PREFIX.length());
      int space = rest.indexOf(' ');
      String name = space < 0 ? rest : rest.substring(0, space);
      String base64 = space < 0 ? "" : rest.substring(space + 1);
      byte[] decoded = NoteKeys.decodeBase64(base64);
      if (!NoteKeys.isValidName(name) || decoded == null || decoded.length < 5) {
        throw malformed("signature line " + number + " is not '— <name> <base64 signature>'");
      }
      int keyId = ((decoded[0] & 0xff) << 24) | ((decoded[1] & 0xff) << 16)
          | ((decoded[2] & 0xff) << 8) | (decoded[3] & 0xff);
      Signature signature = new Signature(name, keyId, base64);
      NoteVerifier verifier = find(known, name, keyId);
      if (verifier == null) {
        if (seenLines.add(line)) {
          unverified.add(signature);
        }
        continue;
      }
      if (!seenKeys.add(name + "+" + NoteKeys.hexId(keyId))) {
        continue;
      }
      if (!verifier.verifies(textBytes, Arrays.copyOfRange(decoded, 4, decoded.length))) {
        throw new NoteException(
            NoteException.Kind.INVALID_SIGNATURE,
            "the signature by " + name + "+" + NoteKeys.hexId(keyId) + " does not verify: the"
                + " note was altered or not signed by this key");
      }
      verified.add(signature);
    }
    if (verified.isEmpty()) {
      throw new NoteException(
          NoteException.Kind.UNVERIFIED,
          "no signature is by a known key (signed by "
              + unverified.stream().map(s -> s.name() + "+" + NoteKeys.hexId(s.keyId())).toList()
              + "; known: " + known.stream().map(v -> v.name() + "+" + NoteKeys.hexId(v.keyId())).toList()
              + ")");
    }
    return new SignedNote(text, verified, unverified);
  }

  private static NoteVerifier find(List<NoteVerifier> known, String name, int keyId) {
    for (NoteVerifier verifier : known) {
      if (verifier.keyId() == keyId && verifier.name().equals(name)) {
        return verifier;
      }
    }
    return null;
  }

  /**
   * The text of a note, not verified: only to learn which tree a copy holds before it is audited.
   *
   * @throws IllegalArgumentException if it has no signature block
   */
  static String textOf(byte[] note) {
    String message = new String(note, StandardCharsets.UTF_8);
    int split = message.lastIndexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException("not a signed note: it has no signature block");
    }
    return message.substring(0, split + 1);
  }

  /** Checks that {@code text} can be signed: non-empty, ends in a newline, no control characters. */
  static void requireValidText(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new IllegalArgumentException("a note's text must end in a newline");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new IllegalArgumentException(
            "a note's text must not hold control characters other than newline");
      }
    }
    if (Character.isSurrogate(text.charAt(text.length() - 1))
        || !StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
      throw new IllegalArgumentException("a note's text must be valid Unicode");
    }
  }

  private static NoteException malformed(String why) {
    return new NoteException(NoteException.Kind.MALFORMED, "not a signed note: " + why);
  }
}
