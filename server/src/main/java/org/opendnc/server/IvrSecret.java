package org.opendnc.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * The shared secret that authenticates the telephony platform on the IVR webhook, kept only as
 * its SHA-256 (decision 0011). Immutable and thread-safe once open.
 */
final class IvrSecret {

  /*
   * Where the hash comes from, in order:
   *   1. a secret given in the configuration (--ivr-secret / DNC_IVR_SECRET): its hash is used and
   *      nothing is written (the configuration is the source of truth, e.g. for several nodes);
   *   2. DATA/ivr-webhook.sha256, written at the first start (or with --new-ivr-secret): one line of
   *      64 lowercase hex digits;
   *   3. otherwise a new secret: 256 random bits, base64url, prefixed "odnc_ivr_"; its hash is
   *      written atomically (temporary file, then a move) and the secret is handed out once
   *      (shownOnce) for the command line to print. It is never stored or logged.
   * A SHA-256 suffices: the secret has 256 random bits, so the hash cannot be reversed by guessing,
   * and a slow hash would cost every webhook call (the same reasoning as API keys, decision 0008).
   */

  static final String FILE_NAME = "ivr-webhook.sha256";
  private static final String PREFIX = "odnc_ivr_";
  private static final int SECRET_BYTES = 32;
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] sha256;
  private final String shownOnce;

  private IvrSecret(byte[] sha256, String shownOnce) {
    this.sha256 = sha256;
    this.shownOnce = shownOnce;
  }

  /**
   * The secret in force: the configured one, else the stored hash, else a new secret.
   *
   * @param configured the secret from the configuration, or {@code null}
   * @param renew replace the stored hash with a new secret (when none is configured)
   * @throws DncException {@code KEY_UNUSABLE} when the stored hash cannot be read or written
   */
  static IvrSecret open(Path dataDir, String configured, boolean renew) {
    if (configured != null) {
      return new IvrSecret(sha256(configured), null);
    }
    Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
    if (!renew && Files.exists(file)) {
      return new IvrSecret(read(file), null);
    }
    byte[] random = new byte[SECRET_BYTES];
    RANDOM.nextBytes(random);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    byte[] hash = sha256(secret);
    write(file, HexFormat.of().formatHex(hash) + "\n");
    return new IvrSecret(hash, secret);
  }

  /** Whether {@code presented} is the secret; constant time in the comparison of hashes. */
  boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(sha256, sha256(presented));
  }

  /** The secret, when it was created by this {@link #open}: to be shown once, then forgotten. */
  Optional<String> shownOnce() {
    return Optional.ofNullable(shownOnce);
  }

  private static byte[] read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw unusable(file, "it cannot be read: " + e.getMessage(), e);
    }
    if (!HEX_SHA256.matcher(text).matches()) {
      throw unusable(file, "it does not hold one SHA-256 in hex", null);
    }
    return HexFormat.of().parseHex(text);
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
      try {
        try {
          Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // Not a POSIX file system: the hash is not a secret, so the default permissions will do.
        }
        Files.writeString(temporary, content, StandardCharsets.US_ASCII);
        try {
          Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw unusable(file, "it cannot be written: " + e.getMessage(), e);
    }
  }

  private static DncException unusable(Path file, String why, Exception cause) {
    return new DncException(ErrorCode.KEY_UNUSABLE, "the IVR webhook secret's hash " + file
        + " is not usable: " + why + ". Start the server with --new-ivr-secret to replace it, or"
        + " give the secret with --ivr-secret.", cause);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "IvrSecret[sha256]";
  }
}
