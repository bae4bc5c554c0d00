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
  private boolean useFastPath = true;

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

  /** The same reader without its fast path: the reference the fast path must agree with (tests). */
  DateReader reference() {
    DateReader reference = new DateReader(zone, monthFirst, explicit);
    reference.useFastPath = false;
    return reference;
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
    if (explicit == null && useFastPath) {
      long fast = fastPath(s);
      if (fast != FELL_BACK) {
        return fast;
      }
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

  private static final long FELL_BACK = Long.MIN_VALUE + 2;
  /** Per epoch day (from 1970 to 2100): the zone's offset in seconds when the day has no transition, else MIN_VALUE. */
  private final java.util.concurrent.ConcurrentHashMap<Integer, Integer> dayOffsets = new java.util.concurrent.ConcurrentHashMap<>();

  /*
   * Fast path, without regex or java.time objects, for the common shapes: yyyy-MM-dd, yyyy/MM/dd,
   * dd/MM/yyyy (and - or .) with an optional time HH:mm[:ss[.fff]] after a space or T, no zone.
   * The zone offset is looked up once per day (days with a transition take the slow path). Every
   * other text returns FELL_BACK and goes to the regular expressions.
   */
  private long fastPath(String text) {
    boolean utc = text.endsWith("Z");
    String s = utc ? text.substring(0, text.length() - 1) : text;
    int n = s.length();
    int[] groups = new int[6];
    int[] lengths = new int[6];
    int count = 0;
    int i = 0;
    char dateSeparator = 0;
    while (true) {
      int begin = i;
      int value = 0;
      while (i < n && i - begin < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == begin) {
        return FELL_BACK;
      }
      groups[count] = value;
      lengths[count] = i - begin;
      count++;
      if (i == n) {
        break;
      }
      char c = s.charAt(i++);
      if (count <= 2) { // date separators, the same twice
        if (c != '-' && c != '/' && c != '.' || dateSeparator != 0 && c != dateSeparator) {
          return FELL_BACK;
        }
        dateSeparator = c;
      } else if (count == 3) {
        if (c != ' ' && c != 'T') {
          return FELL_BACK;
        }
      } else if (count == 4 || count == 5 && c == ':') {
        if (c != ':') {
          return FELL_BACK;
        }
      } else if (count == 6 && (c == '.' || c == ',')) { // fractional seconds: digits to the end
        for (int k = i; k < n; k++) {
          if (s.charAt(k) < '0' || s.charAt(k) > '9') {
            return FELL_BACK;
          }
        }
        if (i == n) {
          return FELL_BACK;
        }
        break;
      } else {
        return FELL_BACK;
      }
    }
    if (count != 3 && count != 5 && count != 6) {
      return FELL_BACK;
    }
    int year;
    int month;
    int day;
    if (lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2 && dateSeparator != '.') {
      year = groups[0];
      month = groups[1];
      day = groups[2];
    } else if (lengths[0] <= 2 && lengths[1] <= 2 && lengths[2] == 4) {
      year = groups[2];
      month = monthFirst ? groups[0] : groups[1];
      day = monthFirst ? groups[1] : groups[0];
    } else {
      return FELL_BACK;
    }
    int hour = count > 3 ? groups[3] : 0;
    int minute = count > 4 ? groups[4] : 0;
    int second = count > 5 ? groups[5] : 0;
    if (count > 3 && (lengths[3] > 2 || lengths[4] != 2 || count > 5 && lengths[5] != 2)) {
      return FELL_BACK;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 || year < 1900 || year > 2100) {
      return month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 ? UNREADABLE : FELL_BACK;
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return UNREADABLE;
    }
    int epochDay = (int) LocalDate.of(year, month, day).toEpochDay();
    if (utc) {
      return count == 3 || lengths[0] != 4 ? FELL_BACK : epochDay * 86_400L + hour * 3600L + minute * 60L + second;
    }
    Integer offset = dayOffsets.get(epochDay);
    if (offset == null) {
      LocalDate date = LocalDate.ofEpochDay(epochDay);
      int atStart = zone.getRules().getOffset(date.atStartOfDay()).getTotalSeconds();
      int atEnd = zone.getRules().getOffset(date.atTime(23, 59, 59)).getTotalSeconds();
      boolean transition = zone.getRules().nextTransition(date.atStartOfDay(zone).toInstant()) != null
          && zone.getRules().nextTransition(date.atStartOfDay(zone).toInstant()).getInstant().getEpochSecond()
              < date.plusDays(1).atStartOfDay(zone).toEpochSecond();
      offset = atStart == atEnd && !transition ? atStart : Integer.MIN_VALUE;
      dayOffsets.put(epochDay, offset);
    }
    if (offset == Integer.MIN_VALUE) {
      return LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toEpochSecond();
    }
    return epochDay * 86_400L + hour * 3600L + minute * 60L + second - offset;
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
