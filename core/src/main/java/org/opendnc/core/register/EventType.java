package org.opendnc.core.register;

/** What a citizen (or a carrier on their behalf) did to a number in the register. */
public enum EventType {
  /** Opposes all telemarketing; revokes every consent and every ALLOW given before it. */
  REGISTER,
  /** Re-confirms the opposition; revokes consents and ALLOWs given since the previous one. */
  RENEW,
  /** Lifts the opposition for one named operator. */
  ALLOW,
  /** Withdraws an earlier ALLOW for one named operator. */
  DISALLOW,
  /** Removes the number from the register. */
  CANCEL;

  /** Whether events of this type name an operator. */
  public boolean namesOperator() {
    return this == ALLOW || this == DISALLOW;
  }
}
