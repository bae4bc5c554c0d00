package org.opendnc.core.check;

import java.nio.charset.StandardCharsets;

/** Why a check gave its verdict. The names are stable codes, written into results and receipts. */
public enum Reason {
  /** The number is not in the register. */
  NOT_REGISTERED(Verdict.CALLABLE),
  /** The subscriber registered the number and has not allowed this operator. */
  REGISTERED(Verdict.BLOCKED),
  /** The number is registered, but its subscriber allowed this operator (ALLOW). */
  ALLOWED_BY_SUBSCRIBER(Verdict.CALLABLE),
  /**
   * The number is registered, but the operator holds a consent given after its latest REGISTER or
   * RENEW and not withdrawn (a record of the consent ledger, named with its leaf index).
   */
  CONSENT(Verdict.CALLABLE),
  /** The number is registered, but the operator has a contract with it, active or ended within 30 days. */
  CONTRACT(Verdict.CALLABLE),
  /** The cell does not hold a valid telephone number. */
  INVALID_NUMBER(Verdict.INVALID),
  /** The row has no phone cell, or the cell is empty. */
  MISSING_NUMBER(Verdict.INVALID),
  /** A valid number of another country: this register cannot say whether it may be called. */
  FOREIGN_NUMBER(Verdict.INVALID);

  private final Verdict verdict;
  /** 1 when the verdict is CALLABLE, else 0: added to a count instead of branching on it. */
  final int callable;
  private final byte[] verdictBytes;
  private final byte[] reasonBytes;

  Reason(Verdict verdict) {
    this.verdict = verdict;
    this.callable = verdict == Verdict.CALLABLE ? 1 : 0;
    this.verdictBytes = verdict.name().getBytes(StandardCharsets.US_ASCII);
    this.reasonBytes = name().getBytes(StandardCharsets.US_ASCII);
  }

  public Verdict verdict() {
    return verdict;
  }

  byte[] verdictBytes() {
    return verdictBytes;
  }

  byte[] reasonBytes() {
    return reasonBytes;
  }
}
