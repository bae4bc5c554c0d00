package org.opendnc.core.profile;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When telemarketing calls are allowed, in the callee's local time: intervals per weekday, on
 * public holidays, and on the day before a holiday. Immutable and thread-safe.
 */
public final class CallingHours {

  /*
   * Intervals are half-open in seconds of the local day, [start, end): with 09:00-20:00 a call
   * at 19:59:59 is inside and one at 20:00:00 outside. The hours of a day are:
   * - on a public holiday, the holiday intervals;
   * - otherwise the weekday's intervals, and on the day before a holiday their intersection with
   *   the day-before-holiday intervals (so a Sunday before a holiday stays closed in IT, and a
   *   weekday before a holiday shrinks to 10:00-19:00).
   * A profile without calling hours (UK) is unrestricted.
   */

  /** A half-open interval of seconds of the day, [startSecond, endSecond). */
  public record Interval(int startSecond, int endSecond) {
    public Interval {
      if (startSecond < 0 || endSecond > 86_400 || startSecond >= endSecond) {
        throw new IllegalArgumentException("not an interval of one day: " + startSecond + "-" + endSecond);
      }
    }

    boolean contains(int second) {
      return second >= startSecond && second < endSecond;
    }

    @Override
    public String toString() {
      return hhmm(startSecond) + "-" + hhmm(endSecond);
    }

    private static String hhmm(int second) {
      return String.format("%02d:%02d", second / 3600, second / 60 % 60);
    }
  }

  private static final CallingHours UNRESTRICTED = new CallingHours(null, null, null);

  private final Map<DayOfWeek, List<Interval>> byWeekday;
  private final List<Interval> onHoliday;
  private final List<Interval> dayBeforeHoliday;

  /**
   * @param byWeekday intervals per weekday (a missing weekday is closed); {@code null} for no
   *     restriction at all
   * @param onHoliday intervals on public holidays; {@code null} for the weekday's own hours
   * @param dayBeforeHoliday intervals that restrict the day before a holiday; {@code null} for none
   */
  public CallingHours(
      Map<DayOfWeek, List<Interval>> byWeekday, List<Interval> onHoliday, List<Interval> dayBeforeHoliday) {
    if (byWeekday == null) {
      this.byWeekday = null;
    } else {
      EnumMap<DayOfWeek, List<Interval>> copy = new EnumMap<>(DayOfWeek.class);
      for (DayOfWeek day : DayOfWeek.values()) {
        copy.put(day, List.copyOf(byWeekday.getOrDefault(day, List.of())));
      }
      this.byWeekday = copy;
    }
    this.onHoliday = onHoliday == null ? null : List.copyOf(onHoliday);
    this.dayBeforeHoliday = dayBeforeHoliday == null ? null : List.copyOf(dayBeforeHoliday);
  }

  /** No calling-hour restriction. */
  public static CallingHours unrestricted() {
    return UNRESTRICTED;
  }

  public boolean isUnrestricted() {
    return byWeekday == null;
  }

  /** The weekday intervals, or {@code null} when unrestricted. */
  public Map<DayOfWeek, List<Interval>> byWeekday() {
    return byWeekday;
  }

  public List<Interval> onHoliday() {
    return onHoliday;
  }

  public List<Interval> dayBeforeHoliday() {
    return dayBeforeHoliday;
  }

  /**
   * Whether a call at {@code secondOfDay} on the local date {@code day} is within the hours.
   *
   * @param holidays the profile's public holidays
   */
  public boolean allows(LocalDate day, int secondOfDay, HolidayCalendar holidays) {
    Objects.requireNonNull(day, "day");
    if (byWeekday == null) {
      return true;
    }
    if (holidays.isHoliday(day)) {
      return within(onHoliday != null ? onHoliday : byWeekday.get(day.getDayOfWeek()), secondOfDay);
    }
    if (!within(byWeekday.get(day.getDayOfWeek()), secondOfDay)) {
      return false;
    }
    return dayBeforeHoliday == null
        || !holidays.isHoliday(day.plusDays(1))
        || within(dayBeforeHoliday, secondOfDay);
  }

  private static boolean within(List<Interval> intervals, int second) {
    for (Interval interval : intervals) {
      if (interval.contains(second)) {
        return true;
      }
    }
    return false;
  }
}
