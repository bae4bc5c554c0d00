package org.opendnc.engine.citizen;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/** Request ids, their public references, one-time codes and code hashes. */
final class Secrets {
  /*
   * - A request id is 128 random bits (SecureRandom), base64url without padding: 22 characters.
   *   It is a bearer secret: it unlocks the request's status. It is never stored; the store and
   *   the register events name the request by its ref = the first 128 bits of SHA-256(id), also
   *   base64url, so neither a database dump nor the event log hands out working ids.
   * - A code is 6 decimal digits (SecureRandom). Stored as SHA-256(salt || ref || e164 || code)
   *   with a 16-byte random salt per code; compared with MessageDigest.isEqual (constant time).
   *   A leaked hash can be brute-forced offline (10^6 candidates), but only while the code is
   *   valid (minutes), and reading it needs the database: see decision 0010.
   */

  static final int ID_BYTES = 16;
  static final int ID_CHARS = 22;
  static final int CODE_DIGITS = 6;
  private static final int SALT_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Secrets() {}

  static String newRequestId() {
    byte[] bytes = new byte[ID_BYTES];
    RANDOM.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  /** Whether the text has the shape of a request id (22 base64url characters). */
  static boolean looksLikeRequestId(String id) {
    if (id == null || id.length() != ID_CHARS) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The request's public reference: a digest of its id. */
  static String refOf(String requestId) {
    byte[] digest = sha256().digest(requestId.getBytes(StandardCharsets.US_ASCII));
    return BASE64URL.encodeToString(Arrays.copyOf(digest, ID_BYTES));
  }

  static String newCode() {
    return String.format("%06d", RANDOM.nextInt(1_000_000));
  }

  static byte[] newSalt() {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return salt;
  }

  static byte[] codeHash(byte[] salt, String ref, long e164, String code) {
    MessageDigest digest = sha256();
    digest.update(salt);
    digest.update((ref + ":" + e164 + ":" + code).getBytes(StandardCharsets.US_ASCII));
    return digest.digest();
  }

  /** Whether {@code code} hashes to {@code expected}; constant time in the hash comparison. */
  static boolean codeMatches(byte[] salt, byte[] expected, String ref, long e164, String code) {
    return MessageDigest.isEqual(expected, codeHash(salt, ref, e164, code));
  }

  /** An id for an IVR call, 96 random bits, base64url. */
  static String newCallId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
