package org.opendnc.engine;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;

/**
 * Parses an import's {@code registered_at} cell into nanoseconds since the epoch: an ISO-8601
 * date (start of that day in the register's zone), a date-time with {@code Z} or an offset, or a
 * local date-time (in the register's zone). Not thread-safe (it caches days); one per import.
 */
final class RegistrationTimes {

  /*
   * The reference is java.time, exactly as the import always parsed: a 10-character text is a
   * LocalDate at the start of its day in the zone; anything else is an OffsetDateTime, else a
   * LocalDateTime in the zone. Then the instant must fit the store's epoch nanos (years 1677 to
   * 2262, store/EpochNanos); otherwise the row is refused, not the import.
   *
   * The fast path reads the common forms by hand: yyyy-MM-dd, yyyy-MM-ddTHH:mm[:ss[.f{1,9}]]
   * followed by Z, +HH:MM, -HH:MM or nothing, years 1678 to 2261 (far enough inside the storable
   * range that no offset can push them out). Any other text, and any field out of its range (day
   * 31 of April, hour 24, offset beyond 18:00), goes to java.time, which decides, so the two agree
   * on every input (RegistrationTimesTest compares them on generated and hand-picked texts).
   * Local times need the zone's offset on that day: a day cache (direct-mapped on the epoch day)
   * holds java.time's start of day and, when no offset transition falls in that day (ends
   * included), the day's single offset; a local time on a transition day goes to java.time.
   */

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SECONDS_PER_DAY = 86_400;
  private static final int FAST_MIN_YEAR = 1678;
  private static final int FAST_MAX_YEAR = 2261;
  private static final int MAX_OFFSET_SECONDS = 18 * 3600;
  private static final long DAYS_0000_TO_1970 = 719_528;
  private static final int CACHE_DAYS = 4096;
  private static final int NOT_CONSTANT = Integer.MIN_VALUE;
  /** The fast path did not decide: ask java.time. */
  private static final long UNDECIDED = Long.MIN_VALUE;
  private static final int[] NANO_SCALE = {
    0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  private final ZoneId zone;
  private final ZoneRules rules;
  private final long[] cachedDays = new long[CACHE_DAYS];
  private final long[] startOfDayNanos = new long[CACHE_DAYS];
  private final int[] dayOffsetSeconds = new int[CACHE_DAYS];

  RegistrationTimes(ZoneId zone) {
    this.zone = zone;
    this.rules = zone.getRules();
    Arrays.fill(cachedDays, Long.MIN_VALUE);
  }

  /**
   * The instant {@code text} names, in nanoseconds since 1970-01-01T00:00:00Z.
   *
   * @throws DateTimeException if the text is not one of the accepted ISO-8601 forms, or names an
   *     instant outside the years 1677 to 2262 that the register can hold
   */
  long parse(String text) {
    long fast = fastPath(text);
    return fast != UNDECIDED ? fast : reference(text, zone);
  }

  /**
   * The same as {@link #parse}, by java.time alone: the definition the fast path must agree with.
   */
  static long reference(String text, ZoneId zone) {
    String t = text.strip();
    Instant instant;
    if (t.length() == 10) {
      instant = LocalDate.parse(t).atStartOfDay(zone).toInstant();
    } else {
      try {
        instant = OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e) {
        instant = LocalDateTime.parse(t).atZone(zone).toInstant();
      }
    }
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    } catch (ArithmeticException e) {
      throw new DateTimeException(instant + " is outside the years 1677 to 2262 that the register can hold");
    }
  }

  private long fastPath(String text) {
    int length = text.length();
    if (length < 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
      return UNDECIDED;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    if (year < FAST_MIN_YEAR || year > FAST_MAX_YEAR || month < 1 || month > 12 || day < 1
        || day > lengthOfMonth(year, month)) {
      return UNDECIDED;
    }
    long epochDay = epochDay(year, month, day);
    if (length == 10) {
      return startOfDay(epochDay);
    }
    if (length < 16 || text.charAt(10) != 'T' || text.charAt(13) != ':') {
      return UNDECIDED;
    }
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return UNDECIDED;
    }
    int at = 16;
    int second = 0;
    int nano = 0;
    if (at < length && text.charAt(at) == ':') {
      second = at + 3 <= length ? digits(text, at + 1, 2) : -1;
      if (second < 0 || second > 59) {
        return UNDECIDED;
      }
      at += 3;
      if (at < length && text.charAt(at) == '.') {
        int from = ++at;
        while (at < length && at - from < 9 && isDigit(text.charAt(at))) {
          at++;
        }
        int fractionDigits = at - from;
        if (fractionDigits == 0) {
          return UNDECIDED;
        }
        nano = digits(text, from, fractionDigits) * NANO_SCALE[fractionDigits];
      }
    }
    long localSecond = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
    if (at == length) {
      int offset = dayOffset(epochDay);
      return offset == NOT_CONSTANT ? UNDECIDED : (localSecond - offset) * NANOS_PER_SECOND + nano;
    }
    char sign = text.charAt(at);
    if (sign == 'Z' && at + 1 == length) {
      return localSecond * NANOS_PER_SECOND + nano;
    }
    if ((sign != '+' && sign != '-') || at + 6 != length || text.charAt(at + 3) != ':') {
      return UNDECIDED;
    }
    int offsetHours = digits(text, at + 1, 2);
    int offsetMinutes = digits(text, at + 4, 2);
    if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) {
      return UNDECIDED;
    }
    int offset = offsetHours * 3600 + offsetMinutes * 60;
    if (offset > MAX_OFFSET_SECONDS) {
      return UNDECIDED;
    }
    return (localSecond - (sign == '-' ? -offset : offset)) * NANOS_PER_SECOND + nano;
  }

  /** java.time's start of the day in the zone, cached. */
  private long startOfDay(long epochDay) {
    return startOfDayNanos[cacheSlot(epochDay)];
  }

  /** The zone's offset throughout the day, or NOT_CONSTANT when a transition falls in it. */
  private int dayOffset(long epochDay) {
    return dayOffsetSeconds[cacheSlot(epochDay)];
  }

  private int cacheSlot(long epochDay) {
    int slot = (int) (epochDay & (CACHE_DAYS - 1));
    if (cachedDays[slot] != epochDay) {
      LocalDate date = LocalDate.ofEpochDay(epochDay);
      Instant start = date.atStartOfDay(zone).toInstant();
      Instant next = date.plusDays(1).atStartOfDay(zone).toInstant();
      // One offset for the whole day when no transition falls from its start to the next day's
      // start, both included (nextTransition is strictly after its argument). Including the ends
      // is cautious: a day that a gap skips entirely (Pacific/Apia, 2011-12-30) starts where the
      // next day does, at the transition.
      ZoneOffsetTransition transition = rules.nextTransition(start.minusNanos(1));
      boolean constant = transition == null || transition.getInstant().isAfter(next);
      startOfDayNanos[slot] = start.getEpochSecond() * NANOS_PER_SECOND;
      dayOffsetSeconds[slot] = constant ? rules.getOffset(start).getTotalSeconds() : NOT_CONSTANT;
      cachedDays[slot] = epochDay;
    }
    return slot;
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date with a positive year (as LocalDate). */
  private static long epochDay(int year, int month, int day) {
    long y = year;
    long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367L * month - 362) / 12 + day - 1;
    if (month > 2) {
      total--;
      if (!isLeap(year)) {
        total--;
      }
    }
    return total - DAYS_0000_TO_1970;
  }
}
