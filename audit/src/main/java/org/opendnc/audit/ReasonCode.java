package org.opendnc.audit;

/**
 * Why a call was a violation. Stable names: verdict files, evidence exports and docs/audit.md
 * refer to them. The rule behind each is in shared/DOMAIN.md, "Deciding whether a call was lawful".
 */
public enum ReasonCode {
  /** Opposed at call time for the operator, with no valid consent, contract or covering check. */
  OPPOSED_NO_CONSENT,
  /** Opposed, and the only consent was given before the latest REGISTER or RENEW (revoked by it). */
  CONSENT_REVOKED_BY_REGISTRATION,
  /** No check of the operator within the profile's validity returned the number as callable. */
  NO_VALID_CHECK,
  /** Outside the profile's calling hours in the callee's local time (holidays included). */
  OUTSIDE_CALLING_HOURS,
  /** No caller ID was presented. */
  CALLER_ID_WITHHELD,
  /** The caller ID was not declared by the operator, nor of a prefix the profile allows. */
  CALLER_ID_UNDECLARED,
  /** A national number was presented on a call that entered the network from abroad. */
  SPOOFED_FROM_ABROAD,
  /** The number was on the operator's own do-not-contact list before the call. */
  INTERNAL_DNC,
  /** The profile's cap on calls per firm and number was exceeded, or a refusal was ignored. */
  FREQUENCY_CAP;

  private static final ReasonCode[] ALL = values();

  /** This code's bit in a reason mask. */
  public int bit() {
    return 1 << ordinal();
  }

  /** The codes of a mask, in declaration order, joined by ';' (empty for 0). */
  public static String join(int mask) {
    if (mask == 0) {
      return "";
    }
    StringBuilder out = new StringBuilder(48);
    for (ReasonCode code : ALL) {
      if ((mask & code.bit()) != 0) {
        if (out.length() > 0) {
          out.append(';');
        }
        out.append(code.name());
      }
    }
    return out.toString();
  }

  static ReasonCode[] all() {
    return ALL;
  }
}
