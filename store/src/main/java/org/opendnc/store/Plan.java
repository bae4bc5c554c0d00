package org.opendnc.store;

import java.util.Objects;

/**
 * An operator plan: how many numbers its operators may check per calendar year.
 *
 * @param name the plan's name, e.g. {@code standard}
 * @param yearlyQuota numbers that may be checked per calendar year (profile time zone), {@code >= 0}
 */
public record Plan(String name, long yearlyQuota) {
  public Plan {
    Objects.requireNonNull(name, "name");
    if (yearlyQuota < 0) {
      throw new IllegalArgumentException("yearlyQuota must not be negative: " + yearlyQuota);
    }
  }
}
