package org.opendnc.ledger;

import java.util.Objects;

/** A signed note cannot be accepted: malformed, not signed by any known key, or badly signed. */
public final class NoteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the note was refused. */
  public enum Kind {
    /** Not a note: encoding, control characters, no signature block, a malformed signature line. */
    MALFORMED,
    /** Well formed, but no signature is by a known key (unknown signatures are ignored). */
    UNVERIFIED,
    /** A signature by a known key does not verify: the note was altered or forged. */
    INVALID_SIGNATURE
  }

  private final Kind kind;

  NoteException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
