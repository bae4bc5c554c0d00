package org.opendnc.audit;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Parsing of the times in call records and evidence files, as epoch nanoseconds. */
final class Times {

  /** A parse failure, as a sentinel (no valid time is this early). */
  static final long INVALID = Long.MIN_VALUE;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Times() {}

  /*
   * The common form "2026-03-02T10:15:30+01:00" (also with Z, a fraction, or +0100) is parsed by
   * hand: call records come by the tens of millions and OffsetDateTime.parse costs a microsecond.
   * Anything else goes through java.time's ISO parser, so the hand path only ever speeds up.
   */

  /** An ISO-8601 date-time with offset, e.g. {@code 2026-03-02T10:15:30+01:00}; else INVALID. */
  static long parseOffsetDateTime(String text) {
    long fast = fastParse(text);
    if (fast != INVALID) {
      return fast;
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(text);
      return toNanos(t.toEpochSecond(), t.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      return INVALID;
    }
  }

  /**
   * An ISO-8601 date-time with offset, or without one (then in {@code zone}), or a date (its
   * start in {@code zone}); else INVALID. For evidence files, which people write by hand.
   */
  static long parseLenient(String text, ZoneId zone) {
    long withOffset = parseOffsetDateTime(text);
    if (withOffset != INVALID) {
      return withOffset;
    }
    try {
      if (text.length() == 10) {
        var start = LocalDate.parse(text).atStartOfDay(zone);
        return toNanos(start.toEpochSecond(), 0);
      }
      var local = LocalDateTime.parse(text.replace(' ', 'T')).atZone(zone);
      return toNanos(local.toEpochSecond(), local.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      return INVALID;
    }
  }

  static long toNanos(long epochSecond, int nano) {
    return Math.addExact(Math.multiplyExact(epochSecond, NANOS_PER_SECOND), nano);
  }

  static java.time.Instant toInstant(long nanos) {
    return java.time.Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  static long toNanos(java.time.Instant instant) {
    return toNanos(instant.getEpochSecond(), instant.getNano());
  }

  private static long fastParse(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return INVALID;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 59) {
      return INVALID;
    }
    int i = 19;
    int nano = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int start = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (i - start < 9) {
          nano = nano * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0) {
        return INVALID;
      }
      for (int k = count; k < 9; k++) {
        nano *= 10;
      }
    }
    if (i >= n) {
      return INVALID;
    }
    int offsetSeconds;
    char sign = s.charAt(i);
    if ((sign == 'Z' || sign == 'z') && i + 1 == n) {
      offsetSeconds = 0;
    } else if (sign == '+' || sign == '-') {
      int oh;
      int om;
      if (n - i == 6 && s.charAt(i + 3) == ':') {
        oh = digits(s, i + 1, 2);
        om = digits(s, i + 4, 2);
      } else if (n - i == 5) {
        oh = digits(s, i + 1, 2);
        om = digits(s, i + 3, 2);
      } else {
        return INVALID;
      }
      if (oh < 0 || oh > 18 || om < 0 || om > 59) {
        return INVALID;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
    } else {
      return INVALID;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return INVALID;
    }
    long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    return toNanos(epochSecond, nano);
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
