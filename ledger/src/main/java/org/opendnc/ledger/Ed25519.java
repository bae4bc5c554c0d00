package org.opendnc.ledger;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/** Ed25519 (RFC 8032) with the JDK's provider: raw 32-byte keys to and from JDK keys, sign, verify. */
final class Ed25519 {

  static final int KEY_BYTES = 32;
  static final int SIGNATURE_BYTES = 64;

  private Ed25519() {}

  /** The raw 32-byte encoding of a public key: y little-endian, the top bit x's parity. */
  static byte[] raw(PublicKey key) {
    if (!(key instanceof EdECPublicKey edKey)
        || !"Ed25519".equalsIgnoreCase(edKey.getParams().getName())) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    EdECPoint point = edKey.getPoint();
    byte[] bigEndian = point.getY().toByteArray();
    byte[] raw = new byte[KEY_BYTES];
    for (int i = 0; i < KEY_BYTES && i < bigEndian.length; i++) {
      raw[i] = bigEndian[bigEndian.length - 1 - i];
    }
    if (point.isXOdd()) {
      raw[KEY_BYTES - 1] |= (byte) 0x80;
    }
    return raw;
  }

  /** The JDK key of a raw 32-byte public key. */
  static PublicKey publicKey(byte[] raw) {
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "an Ed25519 public key has " + KEY_BYTES + " bytes, not " + raw.length);
    }
    byte[] bigEndian = new byte[KEY_BYTES];
    for (int i = 0; i < KEY_BYTES; i++) {
      bigEndian[i] = raw[KEY_BYTES - 1 - i];
    }
    boolean xOdd = (bigEndian[0] & 0x80) != 0;
    bigEndian[0] &= 0x7f;
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(
          NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a valid Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /**
   * The key pair of a 32-byte private seed (RFC 8032 section 5.1.5). The JDK derives a public key
   * only while generating a pair, so the generator is given the seed as its randomness: SunEC's
   * EdDSA generator reads exactly the 32 seed bytes from it. Callers check the result against a
   * known key id where they have one.
   */
  static KeyPair fromSeed(byte[] seed) {
    if (seed.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "an Ed25519 seed has " + KEY_BYTES + " bytes, not " + seed.length);
    }
    byte[] copy = seed.clone();
    SecureRandom seedAsRandomness = new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        if (bytes.length != KEY_BYTES) {
          throw new IllegalStateException("the Ed25519 generator asked for " + bytes.length + " bytes");
        }
        System.arraycopy(copy, 0, bytes, 0, KEY_BYTES);
      }
    };
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, seedAsRandomness);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519", e);
    } finally {
      Arrays.fill(copy, (byte) 0);
    }
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Whether {@code signature} is a valid signature of {@code message}; false for any malformed input. */
  static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_BYTES) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
