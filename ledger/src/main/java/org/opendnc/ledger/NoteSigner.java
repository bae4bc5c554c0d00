package org.opendnc.ledger;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Signs notes (C2SP signed-note, Ed25519) under a key name: a log's checkpoints. Thread-safe if the
 * signing function is.
 */
public final class NoteSigner {

  private static final String SIGNER_KEY_PREFIX = "PRIVATE+KEY+";

  private final NoteVerifier verifier;
  private final UnaryOperator<byte[]> signature;
  private final byte[] seed;

  private NoteSigner(NoteVerifier verifier, UnaryOperator<byte[]> signature, byte[] seed) {
    this.verifier = verifier;
    this.signature = signature;
    this.seed = seed;
  }

  /**
   * Parses a signer key as golang.org/x/mod/sumdb/note writes it:
   * {@code PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || 32-byte seed)>}.
   *
   * @throws IllegalArgumentException if it is malformed, not Ed25519, or its key id does not match
   *     its name and the public key of its seed; the message never holds the key itself
   */
  public static NoteSigner parse(String signerKey) {
    Objects.requireNonNull(signerKey, "signerKey");
    String key = signerKey.strip();
    if (!key.startsWith(SIGNER_KEY_PREFIX)) {
      throw new IllegalArgumentException("a signer key starts with " + SIGNER_KEY_PREFIX);
    }
    String[] fields = key.substring(SIGNER_KEY_PREFIX.length()).split("\\+", 3);
    if (fields.length != 3) {
      throw new IllegalArgumentException(
          "a signer key is PRIVATE+KEY+<name>+<key id>+<key>; got " + fields.length + " field(s)"
              + " after PRIVATE+KEY+");
    }
    String name = fields[0];
    if (!NoteKeys.isValidName(name)) {
      throw new IllegalArgumentException(
          "the signer key's name '" + name + "' is empty or holds a space or '+'");
    }
    int keyId = NoteVerifier.parseKeyId(fields[1], "signer");
    byte[] typedSeed = NoteKeys.decodeBase64(fields[2]);
    if (typedSeed == null || typedSeed.length != 1 + Ed25519.KEY_BYTES
        || typedSeed[0] != NoteKeys.ED25519_TYPE) {
      throw new IllegalArgumentException(
          "the signer key's key is not base64 of 0x01 and a 32-byte Ed25519 seed");
    }
    NoteSigner signer = fromSeed(name, Arrays.copyOfRange(typedSeed, 1, typedSeed.length));
    Arrays.fill(typedSeed, (byte) 0);
    if (signer.verifier.keyId() != keyId) {
      throw new IllegalArgumentException(
          "the signer key's id " + fields[1] + " does not match its name and key");
    }
    return signer;
  }

  /** A new random key under {@code name}; {@link #signerKey()} gives it to keep. */
  public static NoteSigner generate(String name) {
    byte[] seed = new byte[Ed25519.KEY_BYTES];
    new SecureRandom().nextBytes(seed);
    return fromSeed(name, seed);
  }

  private static NoteSigner fromSeed(String name, byte[] seed) {
    KeyPair pair = Ed25519.fromSeed(seed);
    PrivateKey privateKey = pair.getPrivate();
    return new NoteSigner(
        NoteVerifier.of(name, pair.getPublic()), text -> Ed25519.sign(privateKey, text), seed);
  }

  /**
   * A signer for a key held elsewhere, e.g. the register's key: {@code sign} returns the 64-byte
   * Ed25519 signature of the bytes it is given by the private key of {@code publicKey}.
   */
  public static NoteSigner of(String name, PublicKey publicKey, UnaryOperator<byte[]> sign) {
    return new NoteSigner(NoteVerifier.of(name, publicKey), Objects.requireNonNull(sign, "sign"), null);
  }

  public String name() {
    return verifier.name();
  }

  /** The verifier of this signer's signatures. */
  public NoteVerifier verifier() {
    return verifier;
  }

  /**
   * The signer key in the sumdb/note form, for keys made by {@link #parse} or {@link #generate}.
   *
   * @throws IllegalStateException for a signer whose private key is held elsewhere
   */
  public String signerKey() {
    if (seed == null) {
      throw new IllegalStateException("the private key of " + name() + " is held elsewhere");
    }
    byte[] typedSeed = new byte[1 + seed.length];
    typedSeed[0] = NoteKeys.ED25519_TYPE;
    System.arraycopy(seed, 0, typedSeed, 1, seed.length);
    return SIGNER_KEY_PREFIX + name() + "+" + NoteKeys.hexId(verifier.keyId()) + "+"
        + Base64.getEncoder().encodeToString(typedSeed);
  }

  /**
   * Signs {@code text}: returns the note, {@code text}, a blank line and this key's signature line
   * {@code — <name> <base64(key id || signature)>}, ending in a newline.
   *
   * @throws IllegalArgumentException if the text is empty, does not end in a newline, or holds an
   *     ASCII control character other than newline
   */
  public String sign(String text) {
    SignedNote.requireValidText(text);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] signed = signature.apply(bytes);
    if (signed == null || signed.length != Ed25519.SIGNATURE_BYTES) {
      throw new IllegalStateException("the signing function did not return a 64-byte signature");
    }
    byte[] keyIdAndSignature = new byte[4 + signed.length];
    int keyId = verifier.keyId();
    keyIdAndSignature[0] = (byte) (keyId >>> 24);
    keyIdAndSignature[1] = (byte) (keyId >>> 16);
    keyIdAndSignature[2] = (byte) (keyId >>> 8);
    keyIdAndSignature[3] = (byte) keyId;
    System.arraycopy(signed, 0, keyIdAndSignature, 4, signed.length);
    return text + "\n" + SignedNote.SIGNATURE_PREFIX + name() + " "
        + Base64.getEncoder().encodeToString(keyIdAndSignature) + "\n";
  }

  @Override
  public String toString() {
    return "NoteSigner[" + verifier.verifierKey() + "]";
  }
}
