package org.opendnc.core.receipt;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Checks a receipt's Ed25519 signature against the register's public key. Stateless and
 * thread-safe; needs only the JDK, so operators and auditors can verify offline.
 */
public final class ReceiptVerifier {

  private ReceiptVerifier() {}

  /** What verifying a receipt found; {@link #valid()} when the list of problems is empty. */
  public record Verification(List<Problem> problems) {
    public Verification {
      problems = List.copyOf(problems);
    }

    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /** One reason a receipt does not verify. */
  public enum Problem {
    /** The receipt carries no signature or no key id. */
    UNSIGNED,
    /** The key id names another key than the one verified against. */
    KEY_ID_MISMATCH,
    /** The signature is not base64 of 64 bytes. */
    MALFORMED_SIGNATURE,
    /** The receipt has no canonical form (see {@link ReceiptJson#canonicalBytes}). */
    NOT_CANONICALIZABLE,
    /** The signature does not match the receipt's content under this key. */
    BAD_SIGNATURE
  }

  /**
   * Whether the receipt's signature is a valid Ed25519 signature by {@code key} over its canonical
   * bytes. Ignores the key id (see {@link #verify} for a full report). Never throws for a bad
   * receipt: it returns {@code false}.
   */
  public static boolean verifySignature(Receipt receipt, PublicKey key) {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(key, "key");
    if (receipt.signature() == null) {
      return false;
    }
    byte[] signature = decodeSignature(receipt.signature());
    if (signature == null) {
      return false;
    }
    byte[] message;
    try {
      message = ReceiptJson.canonicalBytes(receipt);
    } catch (IllegalArgumentException e) {
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

  /** Verifies the signature and that the receipt names {@code key}; lists every problem found. */
  public static Verification verify(Receipt receipt, PublicKey key) {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(key, "key");
    List<Problem> problems = new ArrayList<>();
    if (receipt.signature() == null || receipt.keyId() == null) {
      problems.add(Problem.UNSIGNED);
      return new Verification(problems);
    }
    if (!receipt.keyId().equals(keyId(key))) {
      problems.add(Problem.KEY_ID_MISMATCH);
    }
    if (decodeSignature(receipt.signature()) == null) {
      problems.add(Problem.MALFORMED_SIGNATURE);
    } else {
      try {
        ReceiptJson.canonicalBytes(receipt);
        if (!verifySignature(receipt, key)) {
          problems.add(Problem.BAD_SIGNATURE);
        }
      } catch (IllegalArgumentException e) {
        problems.add(Problem.NOT_CANONICALIZABLE);
      }
    }
    return new Verification(problems);
  }

  /**
   * The digest a receipt signs of the callable set the register stores beside it (decision 0058):
   * SHA-256 of the stored bytes, lowercase hex.
   */
  public static String callableSetSha256(byte[] storedCallableSet) {
    Objects.requireNonNull(storedCallableSet, "storedCallableSet");
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(storedCallableSet));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Whether {@code storedCallableSet} is the set the receipt signed: its digest matches the
   * receipt's {@code callable_set_sha256}. A receipt made before the digest existed carries none
   * and covers no set: {@code true}, the set is taken as stored. Says nothing about the signature.
   */
  public static boolean callableSetMatches(Receipt receipt, byte[] storedCallableSet) {
    Objects.requireNonNull(receipt, "receipt");
    return receipt.callableSetSha256() == null
        || receipt.callableSetSha256().equals(callableSetSha256(storedCallableSet));
  }

  /**
   * The JDK key for a raw 32-byte Ed25519 public key in base64, as {@link
   * RegisterKey#publicKeyBase64} publishes it.
   *
   * @throws IllegalArgumentException if the text is not base64 of 32 bytes or not a valid key
   */
  public static PublicKey publicKeyFromBase64(String rawKeyBase64) {
    Objects.requireNonNull(rawKeyBase64, "rawKeyBase64");
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(rawKeyBase64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("public key is not base64: " + e.getMessage(), e);
    }
    return Ed25519Keys.fromRaw(raw);
  }

  /** The key id of an Ed25519 public key, as receipts carry it. */
  public static String keyId(PublicKey key) {
    return Ed25519Keys.keyId(key);
  }

  private static byte[] decodeSignature(String base64) {
    try {
      byte[] signature = Base64.getDecoder().decode(base64);
      return signature.length == Ed25519Keys.SIGNATURE_BYTES ? signature : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
