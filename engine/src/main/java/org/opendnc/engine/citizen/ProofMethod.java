package org.opendnc.engine.citizen;

/** How a citizen proves holding a line. */
public enum ProofMethod {
  /** A one-time code sent by SMS to the line and typed back; mobile lines only. */
  SMS_CODE,
  /** A call from the line to a number shown to the citizen, within the call window. */
  CALL
}
