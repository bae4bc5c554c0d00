package org.opendnc.engine;

import java.util.List;
import java.util.Objects;
import java.time.Instant;
import org.opendnc.core.check.LawfulBasis;
import org.opendnc.core.check.Reason;
import org.opendnc.core.check.Verdict;
import org.opendnc.core.index.IndexView;
import org.opendnc.core.index.LiveIndex;
import org.opendnc.core.number.E164Numbers;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.register.RegisterEvent;

/**
 * The live register as a service: pre-call checks of one number, citizens' events, a number's
 * history. What the HTTP layer calls; thread-safe, for any number of concurrent callers.
 */
public final class RegisterService {
  private final Register register;

  public RegisterService(Register register) {
    this.register = Objects.requireNonNull(register, "register");
  }

  /** The register this service runs on. */
  public Register register() {
    return register;
  }

  /**
   * The current state at one version, immutable. Take one view per request and ask it every
   * question of that request (e.g. a batch check), so all answers name the same version.
   */
  public LiveIndex.View view() {
    return register.view();
  }

  /**
   * The answer of a pre-call check.
   *
   * @param e164 the number as E.164, or 0 when the input was not a valid number
   * @param verdict whether the operator may call it
   * @param reason why (the same codes as a list check)
   * @param registerVersion the register version the answer is based on
   * @param basis the consent or contract that made an opposed number callable, or {@code null}
   */
  public record NumberCheck(long e164, Verdict verdict, Reason reason, long registerVersion,
      LawfulBasis basis) {
    public NumberCheck(long e164, Verdict verdict, Reason reason, long registerVersion) {
      this(e164, verdict, reason, registerVersion, null);
    }
  }

  /**
   * Checks one number for one operator, as a list check would judge it, on the current view.
   * Never touches the database. An unusable input is a verdict ({@code INVALID} with {@code
   * MISSING_NUMBER}, {@code INVALID_NUMBER} or {@code FOREIGN_NUMBER}), not an exception.
   *
   * @param number the number as the operator wrote it (lenient: spaces, +39, 0039, ...)
   * @throws NullPointerException if {@code operator} is null
   */
  public NumberCheck checkNumber(String number, String operator) {
    Objects.requireNonNull(operator, "operator");
    return checkNumber(view(), number, operator);
  }

  /** As {@link #checkNumber(String, String)}, on a given view. */
  public NumberCheck checkNumber(IndexView view, String number, String operator) {
    Objects.requireNonNull(operator, "operator");
    long version = view.version();
    if (number == null || number.isBlank()) {
      return new NumberCheck(0, Verdict.INVALID, Reason.MISSING_NUMBER, version);
    }
    NumberParser parser = register.parser();
    long e164 = parser.parseE164(number);
    if (e164 == NumberParser.INVALID) {
      return new NumberCheck(0, Verdict.INVALID, Reason.INVALID_NUMBER, version);
    }
    if (!E164Numbers.hasCountryCode(e164, parser.countryCode())) {
      return new NumberCheck(e164, Verdict.INVALID, Reason.FOREIGN_NUMBER, version);
    }
    // Point reads, not lookupFor(): a Lookup copies the view's delta, which pays off for lists only.
    Reason reason;
    LawfulBasis basis = null;
    if (!view.isRegistered(e164)) {
      reason = Reason.NOT_REGISTERED;
    } else if (view.isOpposedFor(e164, operator)) {
      LawfulBasis.Lookup bases = register.ledger().lookupFor(operator, Instant.now());
      basis = bases == null ? null : bases.find(e164);
      reason = basis == null ? Reason.REGISTERED : basis.reason();
    } else {
      reason = Reason.ALLOWED_BY_SUBSCRIBER;
    }
    return new NumberCheck(e164, reason.verdict(), reason, version, basis);
  }

  /**
   * Appends events durably and applies them; see {@link Register#append} for atomicity, group
   * commit and exceptions. When this returns, every later {@link #view()} sees the events.
   */
  public List<RegisterEvent> record(List<RegisterEvent> events) {
    return register.append(events);
  }

  /** Every event of the number, oldest first, from the store (a database read). */
  public List<RegisterEvent> history(long e164) {
    return register.store().events().history(e164);
  }
}
