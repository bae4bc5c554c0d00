package org.opendnc.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Operator API keys: {@code odnc_} followed by 43 base64url characters (256 random bits). Stored as
 * their SHA-256: a key has full entropy, so a fast hash cannot be brute-forced, and looking a key
 * up costs one hash and one indexed read.
 */
final class ApiKeys {

  static final String PREFIX = "odnc_";
  /** How many characters of a key are kept in clear to recognise it. */
  static final int DISPLAY_CHARACTERS = PREFIX.length() + 6;
  private static final int RANDOM_BYTES = 32;
  private static final Pattern WELL_FORMED = Pattern.compile("odnc_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A new random key. */
  static String generate() {
    byte[] random = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(random);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** Whether the text has the shape of a key (checked before any lookup). */
  static boolean wellFormed(String key) {
    return key != null && WELL_FORMED.matcher(key).matches();
  }

  /** The lowercase hex SHA-256 of the key's UTF-8 bytes: what the store keeps. */
  static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The part of a key shown in listings, e.g. {@code odnc_Ab3dEf}. */
  static String displayPrefix(String key) {
    return key.substring(0, DISPLAY_CHARACTERS);
  }
}
