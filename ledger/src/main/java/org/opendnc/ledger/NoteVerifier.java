package org.opendnc.ledger;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A public key that verifies C2SP signed-note Ed25519 signatures, named as in
 * golang.org/x/mod/sumdb/note: {@code <name>+<hex key id>+<base64(0x01 || 32-byte key)>}. Immutable
 * and thread-safe.
 */
public final class NoteVerifier {

  private final String name;
  private final int keyId;
  private final byte[] rawKey;
  private final PublicKey publicKey;

  private NoteVerifier(String name, byte[] rawKey, PublicKey publicKey) {
    this.name = name;
    this.rawKey = rawKey;
    this.publicKey = publicKey;
    this.keyId = NoteKeys.keyId(name, rawKey);
  }

  /**
   * Parses a verifier key such as {@code example.com/log+33d7b496+AeHTu4Q3...}. Only the first two
   * '+' separate fields: the base64 key may contain '+'.
   *
   * @throws IllegalArgumentException if it is malformed, names another algorithm than Ed25519, or
   *     its key id does not match its name and key
   */
  public static NoteVerifier parse(String verifierKey) {
    Objects.requireNonNull(verifierKey, "verifierKey");
    String[] fields = verifierKey.strip().split("\\+", 3);
    if (fields.length != 3) {
      throw new IllegalArgumentException(
          "a verifier key is <name>+<key id>+<key>, e.g. example.com/log+33d7b496+AeHT...; got "
              + fields.length + " field(s)");
    }
    String name = fields[0];
    if (!NoteKeys.isValidName(name)) {
      throw new IllegalArgumentException(
          "the verifier key's name '" + name + "' is empty or holds a space or '+'");
    }
    int keyId = parseKeyId(fields[1], "verifier");
    byte[] typedKey = NoteKeys.decodeBase64(fields[2]);
    if (typedKey == null || typedKey.length == 0) {
      throw new IllegalArgumentException("the verifier key's key is not standard base64");
    }
    if (typedKey[0] != NoteKeys.ED25519_TYPE) {
      throw new IllegalArgumentException(
          "the verifier key is of signature type " + (typedKey[0] & 0xff) + "; only Ed25519 (1) is"
              + " supported");
    }
    byte[] raw = Arrays.copyOfRange(typedKey, 1, typedKey.length);
    if (raw.length != Ed25519.KEY_BYTES) {
      throw new IllegalArgumentException(
          "the verifier key holds " + raw.length + " key bytes, not " + Ed25519.KEY_BYTES);
    }
    NoteVerifier verifier = new NoteVerifier(name, raw, Ed25519.publicKey(raw));
    if (verifier.keyId != keyId) {
      throw new IllegalArgumentException(
          "the verifier key's id " + fields[1] + " does not match its name and key (expected "
              + NoteKeys.hexId(verifier.keyId) + ")");
    }
    return verifier;
  }

  /**
   * The verifier of an Ed25519 public key under {@code name}.
   *
   * @throws IllegalArgumentException if the name is not a valid key name or the key is not Ed25519
   */
  public static NoteVerifier of(String name, PublicKey publicKey) {
    if (!NoteKeys.isValidName(name)) {
      throw new IllegalArgumentException("the key name '" + name + "' is empty or holds a space or '+'");
    }
    return new NoteVerifier(name, Ed25519.raw(publicKey), publicKey);
  }

  static int parseKeyId(String hex, String what) {
    if (hex.length() != 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(
          "the " + what + " key's id '" + hex + "' is not 8 hexadecimal digits");
    }
    return Integer.parseUnsignedInt(hex, 16);
  }

  public String name() {
    return name;
  }

  /** The key id: the first four bytes of SHA-256(name || 0x0A || 0x01 || key), big-endian. */
  public int keyId() {
    return keyId;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** Whether {@code signature} (64 bytes, without the key id) signs {@code text}. */
  boolean verifies(byte[] text, byte[] signature) {
    return Ed25519.verify(publicKey, text, signature);
  }

  /** The verifier key in the sumdb/note form, to publish. */
  public String verifierKey() {
    byte[] typedKey = new byte[1 + rawKey.length];
    typedKey[0] = NoteKeys.ED25519_TYPE;
    System.arraycopy(rawKey, 0, typedKey, 1, rawKey.length);
    return name + "+" + NoteKeys.hexId(keyId) + "+" + Base64.getEncoder().encodeToString(typedKey);
  }

  @Override
  public String toString() {
    return verifierKey();
  }
}
