package org.opendnc.investigate.findings;

/** Why a record's consent cannot be relied on. The names are stable: they appear in consent_findings.csv. */
public enum ConsentFinding {
  /** The record carries no consent date. */
  NO_CONSENT,
  /** The consent cell is not a date. */
  CONSENT_UNREADABLE,
  /** The same consent timestamp is carried by many rows of the file (one form cannot collect them all at once). */
  SHARED_CONSENT_TIMESTAMP,
  /** The consent is dated long before the firm, or anyone in the case, held the record. */
  CONSENT_BEFORE_HOLDING,
  /** The consent was given before the number's latest registration in the register, which revoked it. */
  CONSENT_REVOKED_BY_REGISTRATION
}
