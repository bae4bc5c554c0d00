package org.opendnc.audit;

import java.util.List;
import org.opendnc.core.profile.Profile;

/**
 * The verdict of every call of an audit, in the call records' order: reason codes and the ids of
 * the evidence used. Filled by {@link CallAudit} (each call exactly once, from any thread);
 * read-only afterwards.
 */
public final class AuditResult {

  private final Profile profile;
  private final CallRecords calls;
  private final List<String> receiptIds;
  private final long registerVersion;
  private final int[] reasons;
  private final long[] registerEvent;
  private final long[] allowEvent;
  private final int[] receipt;
  private final String[] consentOrContract;

  AuditResult(Profile profile, CallRecords calls, List<String> receiptIds, long registerVersion) {
    this.profile = profile;
    this.calls = calls;
    this.receiptIds = List.copyOf(receiptIds);
    this.registerVersion = registerVersion;
    int n = calls.size();
    reasons = new int[n];
    registerEvent = new long[n];
    allowEvent = new long[n];
    receipt = new int[n];
    consentOrContract = new String[n];
  }

  void record(int call, int reasonMask, long registerSeq, long allowSeq, int receiptIndex, String evidence) {
    reasons[call] = reasonMask;
    registerEvent[call] = registerSeq;
    allowEvent[call] = allowSeq;
    receipt[call] = receiptIndex;
    consentOrContract[call] = evidence;
  }

  public Profile profile() {
    return profile;
  }

  public CallRecords calls() {
    return calls;
  }

  /** The newest register sequence the audit read (the register version judged against). */
  public long registerVersion() {
    return registerVersion;
  }

  public int size() {
    return calls.size();
  }

  /** Whether call {@code i} was a violation (it has at least one reason). */
  public boolean isViolation(int i) {
    return reasons[i] != 0;
  }

  /** The reasons of call {@code i} as a bit mask of {@link ReasonCode#bit()}. */
  public int reasonMask(int i) {
    return reasons[i];
  }

  /** {@code LAWFUL} or {@code VIOLATION}. */
  public String verdict(int i) {
    return reasons[i] == 0 ? "LAWFUL" : "VIOLATION";
  }

  /** The reason codes, ';'-separated (empty when lawful). */
  public String reasons(int i) {
    return ReasonCode.join(reasons[i]);
  }

  /** The register event that decided the number's state (REGISTER/RENEW or CANCEL), or 0. */
  public long registerEvent(int i) {
    return registerEvent[i];
  }

  /** The ALLOW event in force for the operator, or 0. */
  public long allowEvent(int i) {
    return allowEvent[i];
  }

  /** The covering receipt's id, or {@code null}. */
  public String receiptId(int i) {
    return receipt[i] < 0 ? null : receiptIds.get(receipt[i]);
  }

  /** {@code consent:ID} or {@code contract:ID} when one was used or found revoked, else {@code null}. */
  public String consentOrContract(int i) {
    return consentOrContract[i];
  }

  /**
   * The evidence of call {@code i}: {@code event:SEQ}, {@code receipt:ID}, {@code consent:ID},
   * {@code contract:ID}, ';'-separated, in that order.
   */
  public String evidence(int i) {
    StringBuilder out = new StringBuilder(64);
    appendEvidence(i, out);
    return out.toString();
  }

  void appendEvidence(int i, StringBuilder out) {
    int start = out.length();
    if (registerEvent[i] != 0) {
      out.append("event:").append(registerEvent[i]);
    }
    if (allowEvent[i] != 0) {
      separate(out, start).append("event:").append(allowEvent[i]);
    }
    if (receipt[i] >= 0) {
      separate(out, start).append("receipt:").append(receiptIds.get(receipt[i]));
    }
    if (consentOrContract[i] != null) {
      separate(out, start).append(consentOrContract[i]);
    }
  }

  private static StringBuilder separate(StringBuilder out, int start) {
    return out.length() > start ? out.append(';') : out;
  }
}
