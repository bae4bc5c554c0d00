package org.opendnc.engine;

import java.nio.file.Path;
import java.security.PublicKey;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.receipt.ReceiptVerifier;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.core.receipt.RegisterKeyException;

/** The register's signing key and public keys given by users, with errors users can act on. */
public final class Keys {
  private Keys() {}

  /** Loads the register's key from the data directory, creating it on first use. */
  public static RegisterKey registerKey(Path dataDir) {
    try {
      return RegisterKey.loadOrCreate(dataDir.toAbsolutePath());
    } catch (RegisterKeyException e) {
      throw new DncException(ErrorCode.KEY_UNUSABLE, e.getMessage(), e);
    }
  }

  /** Decodes a raw Ed25519 public key in base64, as {@code dnc key show} prints it. */
  public static PublicKey publicKey(String base64) {
    try {
      return ReceiptVerifier.publicKeyFromBase64(base64);
    } catch (IllegalArgumentException e) {
      throw new DncException(
          ErrorCode.INVALID_ARGUMENT,
          "--key is not a base64 Ed25519 public key (" + e.getMessage() + "). Copy it from 'dnc key show'.",
          e);
    }
  }
}
