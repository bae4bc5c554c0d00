package org.opendnc.store;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Checks run and numbers checked by one operator (or by all, in statistics) on one day.
 *
 * @param operator the operator, or {@code null} in totals over every operator
 * @param day the day in the register profile's time zone
 * @param checks how many checks ran (a single check or a batch count as one)
 * @param numbersChecked how many numbers were checked (what the quota counts)
 */
public record UsageDay(String operator, LocalDate day, long checks, long numbersChecked) {
  public UsageDay {
    Objects.requireNonNull(day, "day");
    if (checks < 0 || numbersChecked < 0) {
      throw new IllegalArgumentException("usage counts must not be negative");
    }
  }
}
