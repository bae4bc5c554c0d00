package org.opendnc.core.receipt;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/** Raw Ed25519 public keys (RFC 8032) to and from JDK keys, and key ids. */
final class Ed25519Keys {

  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 section 4) before the raw key. */
  static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  static final int RAW_KEY_BYTES = 32;
  static final int SIGNATURE_BYTES = 64;
  private static final int KEY_ID_HEX_CHARS = 16;

  private Ed25519Keys() {}

  /** The raw 32-byte key of an Ed25519 public key. */
  static byte[] raw(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded == null
        || encoded.length != X509_PREFIX.length + RAW_KEY_BYTES
        || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
  }

  /** The JDK key for a raw 32-byte Ed25519 public key. */
  static PublicKey fromRaw(byte[] raw) {
    if (raw.length != RAW_KEY_BYTES) {
      throw new IllegalArgumentException(
          "an Ed25519 public key has " + RAW_KEY_BYTES + " bytes, not " + raw.length);
    }
    byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + RAW_KEY_BYTES);
    System.arraycopy(raw, 0, encoded, X509_PREFIX.length, RAW_KEY_BYTES);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a valid Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** First 16 hex characters of the SHA-256 of the raw public key. */
  static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw(key));
      return HexFormat.of().formatHex(digest).substring(0, KEY_ID_HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
