package org.opendnc.ledger;

/**
 * A proof does not verify: wrong sizes or index, wrong length, a hash that is not 32 bytes, or a
 * root that does not match. The message says which.
 */
public final class ProofException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ProofException(String message) {
    super(message);
  }
}
