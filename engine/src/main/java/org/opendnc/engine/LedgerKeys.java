package org.opendnc.engine;

import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.ledger.NoteSigner;
import org.opendnc.ledger.NoteVerifier;

/** Keys of transparency logs: the register's own, and note keys given by users, with usable errors. */
public final class LedgerKeys {
  private LedgerKeys() {}

  /**
   * The register's Ed25519 key as the signer of a log's checkpoints, named {@code name} (the log's
   * origin, by convention). Checkpoint texts start with the origin line, never with '{', so these
   * signatures cannot pass for receipts' ({@link RegisterKey#signMessage}).
   *
   * @throws DncException {@link ErrorCode#INVALID_ARGUMENT} if the name is not a valid key name
   */
  public static NoteSigner registerSigner(RegisterKey key, String name) {
    if (name == null || name.startsWith("{")) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "the log's name '" + name + "' must not start with '{'");
    }
    try {
      return NoteSigner.of(name, key.publicKey(), key::signMessage);
    } catch (IllegalArgumentException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "'" + name + "' cannot name a log key: " + e.getMessage() + " (e.g. example.com/log)", e);
    }
  }

  /**
   * Parses a signer key ({@code PRIVATE+KEY+<name>+<id>+<key>}).
   *
   * @throws DncException {@link ErrorCode#INVALID_ARGUMENT}, without the key in the message
   */
  public static NoteSigner signer(String signerKey) {
    try {
      return NoteSigner.parse(signerKey);
    } catch (IllegalArgumentException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "--signer-key is not a note signer key: " + e.getMessage()
              + ". It looks like PRIVATE+KEY+example.com/log+33d7b496+AeymY...; make one with"
              + " 'dnc ledger keygen'.", e);
    }
  }

  /**
   * Parses a verifier key ({@code <name>+<id>+<key>}).
   *
   * @throws DncException {@link ErrorCode#INVALID_ARGUMENT}
   */
  public static NoteVerifier verifier(String verifierKey) {
    try {
      return NoteVerifier.parse(verifierKey);
    } catch (IllegalArgumentException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "--key is not a log's verifier key: " + e.getMessage()
              + ". It looks like example.com/log+33d7b496+AeHTu4Q3...; the register prints its own"
              + " with 'dnc ledger key'.", e);
    }
  }
}
