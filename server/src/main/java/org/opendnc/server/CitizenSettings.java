package org.opendnc.server;

import org.opendnc.engine.citizen.CitizenConfig;
import org.opendnc.engine.citizen.SmsGateway;

/**
 * How the server serves citizens: the request rules, the SMS gateway, the IVR webhook's secret and
 * the per-address rate limits of the citizen routes.
 *
 * @param rules the citizen request rules and phone lines, or {@code null} for {@link
 *     CitizenConfig#defaults(int)} in the register's country
 * @param smsGateway the gateway that sends one-time codes, or {@code null} for the development
 *     outbox (codes in the log and on {@code GET /api/v1/admin/sms-outbox}; never for real citizens)
 * @param ivrSecret the secret the telephony platform sends to the IVR webhook, or {@code null} to
 *     use the one whose hash is in the data directory (created, and shown once, at first start)
 * @param newIvrSecret replace the stored IVR secret with a new one (shown once); ignored when
 *     {@code ivrSecret} is given
 * @param startsPerMinute requests a client address may start per minute (burst: twice that)
 * @param codesPerMinute one-time codes a client address may submit per minute (burst: twice that)
 * @param readsPerMinute progress, status and history reads per client address per minute (burst:
 *     twice that)
 */
public record CitizenSettings(
    CitizenConfig rules,
    SmsGateway smsGateway,
    String ivrSecret,
    boolean newIvrSecret,
    long startsPerMinute,
    long codesPerMinute,
    long readsPerMinute) {

  /** The shortest IVR secret accepted when one is configured, in characters. */
  public static final int MIN_IVR_SECRET_CHARS = 32;

  public CitizenSettings {
    if (startsPerMinute <= 0 || codesPerMinute <= 0 || readsPerMinute <= 0) {
      throw new IllegalArgumentException("citizen rate limits must be positive");
    }
    if (ivrSecret != null && (ivrSecret.strip().length() < MIN_IVR_SECRET_CHARS
        || !ivrSecret.equals(ivrSecret.strip()))) {
      throw new IllegalArgumentException("the IVR secret must be at least " + MIN_IVR_SECRET_CHARS
          + " characters, without surrounding spaces");
    }
  }

  /**
   * Default rules and development SMS gateway, the stored IVR secret, and per address 10 starts,
   * 6 codes and 60 reads a minute.
   */
  public static CitizenSettings defaults() {
    return new CitizenSettings(null, null, null, false, 10, 6, 60);
  }

  public CitizenSettings withIvrSecret(String secret) {
    return new CitizenSettings(rules, smsGateway, secret, newIvrSecret, startsPerMinute,
        codesPerMinute, readsPerMinute);
  }

  public CitizenSettings withNewIvrSecret(boolean renew) {
    return new CitizenSettings(rules, smsGateway, ivrSecret, renew, startsPerMinute,
        codesPerMinute, readsPerMinute);
  }

  public CitizenSettings withSmsGateway(SmsGateway gateway) {
    return new CitizenSettings(rules, gateway, ivrSecret, newIvrSecret, startsPerMinute,
        codesPerMinute, readsPerMinute);
  }

  public CitizenSettings withRules(CitizenConfig newRules) {
    return new CitizenSettings(newRules, smsGateway, ivrSecret, newIvrSecret, startsPerMinute,
        codesPerMinute, readsPerMinute);
  }

  public CitizenSettings withRateLimits(long starts, long codes, long reads) {
    return new CitizenSettings(rules, smsGateway, ivrSecret, newIvrSecret, starts, codes, reads);
  }

  @Override
  public String toString() {
    return "CitizenSettings[rules=" + rules + ", smsGateway=" + smsGateway + ", ivrSecret="
        + (ivrSecret == null ? "stored" : "(given)") + ", newIvrSecret=" + newIvrSecret
        + ", startsPerMinute=" + startsPerMinute + ", codesPerMinute=" + codesPerMinute
        + ", readsPerMinute=" + readsPerMinute + "]";
  }
}
