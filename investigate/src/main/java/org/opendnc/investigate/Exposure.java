package org.opendnc.investigate;

/**
 * The facts on one firm that bear on a sanction, and the statutory ceiling of GDPR art. 83(5):
 * 20 M EUR or 4 % of the worldwide annual turnover of the preceding year, whichever is higher. The
 * fine itself is the supervisory authority's decision (art. 83(2) lists what it weighs).
 *
 * @param turnoverEur null when not given
 * @param ceilingEur the art. 83(5) maximum: 20 M EUR when the turnover is not given (a floor of the real ceiling)
 */
public record Exposure(
    String firm,
    long dataSubjects,
    long withoutValidConsent,
    long callsWhileOpposed,
    long numbersCalledWhileOpposed,
    long reverseSwitches,
    double commissionsEur,
    Double turnoverEur,
    double ceilingEur) {

  /** 20 M EUR: the fixed amount of art. 83(5). */
  public static final double FIXED_CEILING_EUR = 20_000_000;
  /** 4 %: the share of turnover of art. 83(5). */
  public static final double TURNOVER_SHARE = 0.04;

  /** The art. 83(5) ceiling for a turnover (null: unknown, the fixed amount). */
  public static double ceiling(Double turnoverEur) {
    return turnoverEur == null ? FIXED_CEILING_EUR : Math.max(FIXED_CEILING_EUR, TURNOVER_SHARE * turnoverEur);
  }
}
