package org.opendnc.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Key names, key ids and the base64 rules of C2SP signed notes and golang.org/x/mod/sumdb/note. */
final class NoteKeys {

  /** The signature type byte of plain Ed25519 note signatures. */
  static final byte ED25519_TYPE = 0x01;

  private NoteKeys() {}

  /** SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4] as a big-endian int. */
  static int keyId(String name, byte[] rawPublicKey) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(name.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '\n');
      digest.update(ED25519_TYPE);
      digest.update(rawPublicKey);
      byte[] hash = digest.digest();
      return ((hash[0] & 0xff) << 24) | ((hash[1] & 0xff) << 16) | ((hash[2] & 0xff) << 8)
          | (hash[3] & 0xff);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** Key names are non-empty and hold no Unicode space and no '+'. */
  static boolean isValidName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    return name.codePoints().noneMatch(c -> c == '+' || isSpace(c) || c < 0x20);
  }

  /** Go's unicode.IsSpace: the White_Space property. */
  private static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }

  /** Decodes standard base64 with padding (RFC 4648 section 4), as Go's StdEncoding; null if not. */
  static byte[] decodeBase64(String text) {
    if (text.isEmpty() || text.length() % 4 != 0) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String hexId(int keyId) {
    return String.format("%08x", keyId);
  }
}
