package org.opendnc.core.receipt;

import java.time.Instant;

/** Sample receipts for tests. */
final class TestingReceipts {

  private TestingReceipts() {}

  static Receipt unsigned() {
    return new Receipt(
        "0b6c5f7e-4f43-4b8e-9a51-2f0d8f1f3c10",
        "ACME-ENERGIA",
        "IT",
        Instant.parse("2025-03-01T09:15:30.123456789Z"),
        123_456_789L,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
        new Receipt.Counts(10_000, 9_000, 900, 100),
        Instant.parse("2025-03-16T09:15:30.123456789Z"),
        null,
        null);
  }

  /** {@link #unsigned()} with a callable set digest (decision 0058). */
  static Receipt unsignedWithCallableSet() {
    Receipt r = unsigned();
    return new Receipt(r.id(), r.operator(), r.profile(), r.checkedAt(), r.registerVersion(),
        r.inputSha256(), r.outputSha256(),
        "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", r.counts(),
        r.validUntil(), null, null);
  }
}
