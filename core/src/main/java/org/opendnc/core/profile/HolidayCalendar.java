package org.opendnc.core.profile;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** A country's public holidays as data: fixed dates and days relative to Easter, each with years. */
public final class HolidayCalendar {

  /*
   * Each year's holidays are computed once (a BitSet over its days) and cached; lookups after
   * that are a map read and a bit test. Easter Sunday is the Gregorian computus (the "anonymous
   * Gregorian algorithm", Meeus/Jones/Butcher), valid for every year of the Gregorian calendar.
   */

  /**
   * One holiday rule: a fixed month-day, or an offset in days from Easter Sunday (0 = Easter,
   * 1 = Easter Monday), in force from {@code fromYear} to {@code untilYear} inclusive.
   */
  public record Rule(String name, MonthDay date, Integer easterOffsetDays, int fromYear, int untilYear) {
    public Rule {
      Objects.requireNonNull(name, "name");
      if ((date == null) == (easterOffsetDays == null)) {
        throw new IllegalArgumentException("a holiday has either a date or an Easter offset: " + name);
      }
    }

    /** The date of this holiday in {@code year}, or {@code null} when not in force that year. */
    public LocalDate in(int year) {
      if (year < fromYear || year > untilYear) {
        return null;
      }
      if (date != null) {
        return date.isValidYear(year) ? date.atYear(year) : null;
      }
      return easterSunday(year).plusDays(easterOffsetDays);
    }
  }

  private static final int FIRST_CACHED_YEAR = 1900;
  private static final int CACHED_YEARS = 400;

  private final List<Rule> rules;
  /** Years 1900-2299, computed on first use (a racy but safe publication of immutable sets). */
  private final AtomicReferenceArray<BitSet> cached = new AtomicReferenceArray<>(CACHED_YEARS);
  private final ConcurrentHashMap<Integer, BitSet> byYear = new ConcurrentHashMap<>();

  public HolidayCalendar(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** A calendar without holidays. */
  public static HolidayCalendar none() {
    return new HolidayCalendar(List.of());
  }

  public List<Rule> rules() {
    return rules;
  }

  /** Whether {@code day} is a public holiday. Thread-safe. */
  public boolean isHoliday(LocalDate day) {
    if (rules.isEmpty()) {
      return false;
    }
    int year = day.getYear();
    int slot = year - FIRST_CACHED_YEAR;
    if (slot < 0 || slot >= CACHED_YEARS) {
      return byYear.computeIfAbsent(year, this::compute).get(day.getDayOfYear());
    }
    BitSet days = cached.get(slot);
    if (days == null) {
      days = compute(year);
      cached.compareAndSet(slot, null, days);
    }
    return days.get(day.getDayOfYear());
  }

  /** The name of the holiday on {@code day}, or {@code null}. */
  public String nameOf(LocalDate day) {
    for (Rule rule : rules) {
      if (day.equals(rule.in(day.getYear()))) {
        return rule.name();
      }
    }
    return null;
  }

  private BitSet compute(int year) {
    BitSet days = new BitSet(367);
    for (Rule rule : rules) {
      LocalDate date = rule.in(year);
      if (date != null && date.getYear() == year) {
        days.set(date.getDayOfYear());
      }
      // An Easter-relative holiday may fall in another year only for absurd offsets; ignored.
    }
    return days;
  }

  /** Easter Sunday of a Gregorian year. */
  public static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = ((h + l - 7 * m + 114) % 31) + 1;
    return LocalDate.of(year, month, day);
  }
}
