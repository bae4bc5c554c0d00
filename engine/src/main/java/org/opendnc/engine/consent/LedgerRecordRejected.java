package org.opendnc.engine.consent;

import java.util.List;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/** A record refused as given, with every reason ({@link ErrorCode#RECORD_INVALID}). */
public final class LedgerRecordRejected extends DncException {
  private static final long serialVersionUID = 1L;

  private final List<String> reasons;

  public LedgerRecordRejected(String what, List<String> reasons) {
    super(ErrorCode.RECORD_INVALID, what + " was refused: " + String.join("; ", reasons) + ".");
    this.reasons = List.copyOf(reasons);
  }

  /** Each reason as {@code field: what is wrong}. */
  public List<String> reasons() {
    return reasons;
  }
}
