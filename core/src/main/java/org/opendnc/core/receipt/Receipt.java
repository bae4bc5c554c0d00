package org.opendnc.core.receipt;

import java.time.Instant;
import java.util.Objects;

/**
 * What the register attests after checking an operator's list: who checked, when, against which
 * register version, the exact input and output (by SHA-256), the counts and until when the check
 * protects the operator.
 *
 * @param id unique receipt id (a UUID string)
 * @param operator the operator that ran the check
 * @param profile the jurisdiction profile applied, e.g. {@code IT}
 * @param checkedAt when the check ran
 * @param registerVersion the sequence of the last register event the check saw
 * @param inputSha256 lowercase hex SHA-256 of the list as submitted
 * @param outputSha256 lowercase hex SHA-256 of the result as returned
 * @param callableSetSha256 lowercase hex SHA-256 of the set of callable numbers as the register
 *     stored it beside the receipt (its serialized bytes), so the signature covers the set an
 *     audit later relies on; {@code null} in receipts made before it was added (decision 0058)
 * @param counts how many rows got each verdict
 * @param validUntil {@code checkedAt} plus the profile's check validity
 * @param keyId id of the register key that signs ({@code null} before signing)
 * @param signature base64 Ed25519 signature over the canonical bytes ({@code null} before signing)
 */
public record Receipt(
    String id,
    String operator,
    String profile,
    Instant checkedAt,
    long registerVersion,
    String inputSha256,
    String outputSha256,
    String callableSetSha256,
    Counts counts,
    Instant validUntil,
    String keyId,
    String signature) {

  public Receipt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(inputSha256, "inputSha256");
    Objects.requireNonNull(outputSha256, "outputSha256");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(validUntil, "validUntil");
  }

  /** A receipt without a callable set digest, as made before decision 0058 (and in tests). */
  public Receipt(String id, String operator, String profile, Instant checkedAt, long registerVersion,
      String inputSha256, String outputSha256, Counts counts, Instant validUntil, String keyId,
      String signature) {
    this(id, operator, profile, checkedAt, registerVersion, inputSha256, outputSha256, null, counts,
        validUntil, keyId, signature);
  }

  /** Row counts of one check; {@code rows == callable + blocked + invalid}. */
  public record Counts(long rows, long callable, long blocked, long invalid) {
    public Counts {
      if (rows != callable + blocked + invalid) {
        throw new IllegalArgumentException("rows must equal callable + blocked + invalid");
      }
    }
  }

  /** This receipt signed by the given key. */
  public Receipt withSignature(String newKeyId, String newSignature) {
    return new Receipt(
        id, operator, profile, checkedAt, registerVersion, inputSha256, outputSha256,
        callableSetSha256, counts, validUntil, newKeyId, newSignature);
  }
}
