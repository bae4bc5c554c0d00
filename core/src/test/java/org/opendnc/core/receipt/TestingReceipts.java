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
}
