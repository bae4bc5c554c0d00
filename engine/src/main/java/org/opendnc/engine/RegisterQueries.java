package org.opendnc.engine;

import java.time.Instant;
import java.util.List;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.register.OppositionHistory;
import org.opendnc.core.register.RegisterEvent;

/** Questions about one number's history: what happened, and was it opposed for O at time t? */
public final class RegisterQueries {
  private final Register register;

  public RegisterQueries(Register register) {
    this.register = register;
  }

  /** The number's E.164 form, or a clear error when it is not a valid number. */
  public long parse(String number) {
    long e164 = register.parser().parseE164(number);
    if (e164 == 0) {
      throw new DncException(
          ErrorCode.INVALID_ARGUMENT,
          "'" + number + "' is not a valid telephone number for region " + register.parser().region() + ".");
    }
    return e164;
  }

  /** Every event of the number, oldest first. */
  public List<RegisterEvent> history(long e164) {
    return register.store().events().history(e164);
  }

  /** Whether the number was opposed for {@code operator} at time {@code at}, judged on its history. */
  public boolean wasOpposed(long e164, String operator, Instant at) {
    return OppositionHistory.isOpposed(history(e164), operator, at);
  }
}
