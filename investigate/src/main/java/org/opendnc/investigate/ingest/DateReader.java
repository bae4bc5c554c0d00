package org.opendnc.investigate.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the dates and timestamps of seized exports: ISO-8601, day-first Italian forms
 * ({@code 15/01/2023}, {@code 15-01-2023 10:30}), month-first when a column proves it, compact
 * {@code 20230115}, and epoch seconds or milliseconds. Local times are in the case's zone.
 * Immutable and thread-safe once built for a column.
 */
public final class DateReader {
  /*
   * Day-first is the default (the Italian convention). A column is read month-first only when its
   * sample holds a value whose second part is over 12 and none whose first part is; a mapping file
   * may name an explicit java.time pattern instead. Epoch values are accepted only as 10 digits
   * (seconds, 2001..2286) or 13 digits (milliseconds), so an ordinary 8-digit number is read as
   * yyyyMMdd or refused.
   */

  /** Answer of {@link #read} for a blank cell. */
  public static final long BLANK = Long.MIN_VALUE;
  /** Answer of {@link #read} for a cell that is not a date. */
  public static final long UNREADABLE = Long.MIN_VALUE + 1;

  private static final Pattern ISO =
      Pattern.compile(
          "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?)?"
              + "\\s*(Z|UTC|[+-]\\d{2}:?\\d{2})?");
  private static final Pattern DMY =
      Pattern.compile(
          "(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{2}|\\d{4})(?:[ T,]+(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?)?");
  private static final Pattern DIGITS = Pattern.compile("\\d{8}|\\d{10}|\\d{13}");

  private final ZoneId zone;
  private final boolean monthFirst;
  private final DateTimeFormatter explicit;

  private DateReader(ZoneId zone, boolean monthFirst, DateTimeFormatter explicit) {
    this.zone = zone;
    this.monthFirst = monthFirst;
    this.explicit = explicit;
  }

  /** A reader that decides day-first or month-first from a sample of the column. */
  public static DateReader forSample(ZoneId zone, List<String> sample) {
    boolean firstOver12 = false;
    boolean secondOver12 = false;
    for (String value : sample) {
      if (value == null) {
        continue;
      }
      Matcher m = DMY.matcher(value.strip());
      if (m.matches()) {
        firstOver12 |= Integer.parseInt(m.group(1)) > 12;
        secondOver12 |= Integer.parseInt(m.group(2)) > 12;
      }
    }
    return new DateReader(zone, secondOver12 && !firstOver12, null);
  }

  /** A day-first reader. */
  public static DateReader dayFirst(ZoneId zone) {
    return new DateReader(zone, false, null);
  }

  /**
   * A reader for one explicit pattern ({@link DateTimeFormatter} syntax, e.g. {@code dd/MM/yyyy
   * HH:mm}); values that do not match it are still tried in the usual forms.
   *
   * @throws IllegalArgumentException if the pattern is not valid
   */
  public static DateReader withPattern(ZoneId zone, String pattern) {
    return new DateReader(zone, false, DateTimeFormatter.ofPattern(pattern));
  }

  /** Whether the cell reads as a date. */
  public boolean isDate(String cell) {
    long value = read(cell);
    return value != BLANK && value != UNREADABLE;
  }

  /**
   * The cell as epoch seconds, {@link #BLANK} for an empty cell or {@link #UNREADABLE}. A value
   * with a time keeps it; a date alone is midnight in the zone.
   */
  public long read(String cell) {
    if (cell == null) {
      return BLANK;
    }
    String s = cell.strip();
    if (s.isEmpty() || s.equalsIgnoreCase("null") || s.equals("-") || s.equalsIgnoreCase("n/a")) {
      return BLANK;
    }
    if (s.length() > 40) {
      return UNREADABLE;
    }
    try {
      if (explicit != null) {
        long value = readExplicit(s);
        if (value != UNREADABLE) {
          return value;
        }
      }
      Matcher m = ISO.matcher(s);
      if (m.matches()) {
        LocalDateTime local =
            LocalDateTime.of(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        return epochSeconds(local, m.group(7));
      }
      m = DMY.matcher(s);
      if (m.matches()) {
        int first = Integer.parseInt(m.group(1));
        int second = Integer.parseInt(m.group(2));
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
          year += year < 70 ? 2000 : 1900;
        }
        LocalDateTime local =
            LocalDateTime.of(
                year, monthFirst ? first : second, monthFirst ? second : first,
                m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        return local.atZone(zone).toEpochSecond();
      }
      if (DIGITS.matcher(s).matches()) {
        if (s.length() == 8) {
          return LocalDate.of(
                  Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                  Integer.parseInt(s.substring(6, 8)))
              .atStartOfDay(zone)
              .toEpochSecond();
        }
        long value = Long.parseLong(s);
        long seconds = s.length() == 13 ? value / 1000 : value;
        return seconds >= 978_307_200L ? seconds : UNREADABLE;
      }
    } catch (DateTimeException | NumberFormatException e) {
      return UNREADABLE;
    }
    return UNREADABLE;
  }

  /** Whether the text carries a time of day (not only a date). */
  public static boolean hasTime(String cell) {
    if (cell == null) {
      return false;
    }
    String s = cell.strip();
    return s.indexOf(':') > 0 || s.length() == 10 && s.chars().allMatch(Character::isDigit) || s.length() == 13;
  }

  private long readExplicit(String s) {
    try {
      var parsed = explicit.parseBest(s, LocalDateTime::from, LocalDate::from);
      if (parsed instanceof LocalDateTime dateTime) {
        return dateTime.atZone(zone).toEpochSecond();
      }
      return ((LocalDate) parsed).atStartOfDay(zone).toEpochSecond();
    } catch (DateTimeException e) {
      return UNREADABLE;
    }
  }

  private long epochSeconds(LocalDateTime local, String offset) {
    if (offset == null) {
      return local.atZone(zone).toEpochSecond();
    }
    if (offset.equals("Z") || offset.equals("UTC")) {
      return local.toEpochSecond(ZoneOffset.UTC);
    }
    String o = offset.length() == 5 ? offset.substring(0, 3) + ":" + offset.substring(3) : offset;
    return local.toEpochSecond(ZoneOffset.of(o));
  }
}
