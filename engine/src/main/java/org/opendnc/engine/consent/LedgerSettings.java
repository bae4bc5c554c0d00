package org.opendnc.engine.consent;

import java.time.Duration;
import java.util.Objects;

/**
 * How the register runs its consent ledger.
 *
 * @param origin the log's origin for a new log (an existing log keeps the origin of its stored
 *     checkpoint), e.g. {@code opendnc.example/consent-ledger}
 * @param backdatedAfter a consent logged more than this after its claimed time is flagged as
 *     possibly backdated
 */
public record LedgerSettings(String origin, Duration backdatedAfter) {
  /** The default threshold for the backdated flag: 72 hours. */
  public static final Duration DEFAULT_BACKDATED_AFTER = Duration.ofHours(72);

  public LedgerSettings {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(backdatedAfter, "backdatedAfter");
    if (backdatedAfter.isNegative()) {
      throw new IllegalArgumentException("backdatedAfter must not be negative");
    }
  }

  /**
   * The defaults for a register: origin {@code opendnc.<name>/consent-ledger} (name from
   * {@code DNC_LEDGER_NAME}, else {@code local}), threshold from {@code DNC_BACKDATED_AFTER}
   * (an ISO-8601 duration such as {@code PT72H}), else 72 hours.
   */
  public static LedgerSettings fromEnvironment() {
    String name = System.getenv("DNC_LEDGER_NAME");
    String threshold = System.getenv("DNC_BACKDATED_AFTER");
    return new LedgerSettings(
        "opendnc." + (name == null || name.isBlank() ? "local" : name.strip()) + "/consent-ledger",
        threshold == null || threshold.isBlank() ? DEFAULT_BACKDATED_AFTER : Duration.parse(threshold.strip()));
  }
}
