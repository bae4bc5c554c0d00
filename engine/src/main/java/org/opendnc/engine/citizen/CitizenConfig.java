package org.opendnc.engine.citizen;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The rules and numbers of citizen requests.
 *
 * @param registerLine the register's own number: a call to it from a line registers that line
 * @param proofLines the numbers citizens call to prove a line (CALL); each pending proof of a line
 *     gets one that no other pending proof of that line uses, so a call proves exactly one request
 * @param maxNumbers numbers per request (5 in Italy)
 * @param codeValidity how long one-time codes stay valid
 * @param callWindow how long the citizen has to call (5 minutes in Italy)
 * @param maxAttempts wrong codes per number before the request is locked
 * @param rateWindow and {@code maxRequestsPerWindow}: how many requests a number may get per window
 *     (bounds SMS sent to a line and code guesses)
 * @param statusReadable how long status and history stay readable after the proof
 */
public record CitizenConfig(
    long registerLine,
    List<Long> proofLines,
    int maxNumbers,
    Duration codeValidity,
    Duration callWindow,
    int maxAttempts,
    Duration rateWindow,
    int maxRequestsPerWindow,
    Duration statusReadable) {

  public CitizenConfig {
    proofLines = List.copyOf(proofLines);
    if (registerLine <= 0 || proofLines.isEmpty() || proofLines.contains(registerLine)) {
      throw new IllegalArgumentException(
          "a register line and at least one proof line, all different, are needed");
    }
    Objects.requireNonNull(codeValidity, "codeValidity");
    Objects.requireNonNull(callWindow, "callWindow");
    Objects.requireNonNull(rateWindow, "rateWindow");
    Objects.requireNonNull(statusReadable, "statusReadable");
    if (maxNumbers < 1 || maxAttempts < 1 || maxRequestsPerWindow < 1) {
      throw new IllegalArgumentException("limits must be at least 1");
    }
  }

  /**
   * The defaults (docs/decisions/0010-citizen-proof.md) with development numbers of the country:
   * the register line {@code +CC 800 000 100} and four proof lines {@code +CC 800 000 101..104}.
   */
  public static CitizenConfig defaults(int countryCode) {
    long base = countryCode * 1_000_000_000L + 800_000_100L;
    return new CitizenConfig(
        base, List.of(base + 1, base + 2, base + 3, base + 4), 5, Duration.ofMinutes(10),
        Duration.ofMinutes(5), 5, Duration.ofHours(1), 5, Duration.ofMinutes(30));
  }
}
