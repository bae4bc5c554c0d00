package org.opendnc.server.portal;

/**
 * An operator's standing against its plan's yearly quota of numbers checked.
 *
 * @param year the calendar year (the register's time zone)
 */
public record Standing(String operator, int year, long yearlyQuota, long used, long remaining) {

  /** The share of the quota used, 0 to 100 (for a progress bar). */
  public long percentUsed() {
    return yearlyQuota == 0 ? 100 : Math.min(100, used * 100 / yearlyQuota);
  }
}
