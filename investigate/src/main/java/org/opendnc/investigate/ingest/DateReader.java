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
  /** First day of the offset table (1900-01-01) and its length (to 2100-12-31). */
  private static final int TABLE_FIRST_DAY = (int) LocalDate.of(1900, 1, 1).toEpochDay();
  private static final int TABLE_DAYS = (int) LocalDate.of(2101, 1, 1).toEpochDay() - TABLE_FIRST_DAY;
  private static final int OFFSET_UNKNOWN = Integer.MIN_VALUE + 1;
  private static final int OFFSET_TRANSITION = Integer.MIN_VALUE;
  /** Per zone, per day of the table: the zone's offset in seconds, OFFSET_TRANSITION, or OFFSET_UNKNOWN (not yet looked up). */
  private static final java.util.concurrent.ConcurrentHashMap<ZoneId, int[]> OFFSETS = new java.util.concurrent.ConcurrentHashMap<>();
  private int[] dayOffsets;

  /*
   * Fast path, without regex, java.time objects or allocation, for the common shapes: yyyy-MM-dd,
   * yyyy/MM/dd, dd/MM/yyyy (and - or .) with an optional time HH:mm[:ss[.fff]] after a space or
   * T, no zone or a final Z. The zone offset is looked up once per day in a table shared by the
   * readers of a zone (ints written idempotently, so races are harmless); days with a transition
   * take the slow path. Every other text returns FELL_BACK and goes to the regular expressions.
   */
  private long fastPath(String text) {
    int n = text.length();
    boolean utc = n > 0 && text.charAt(n - 1) == 'Z';
    if (utc) {
      n--;
    }
    // up to six groups of digits: values and lengths
    int g0 = 0;
    int g1 = 0;
    int g2 = 0;
    int g3 = 0;
    int g4 = 0;
    int g5 = 0;
    int l0 = 0;
    int l1 = 0;
    int l2 = 0;
    int l3 = 0;
    int l4 = 0;
    int l5 = 0;
    int count = 0;
    int i = 0;
    char dateSeparator = 0;
    while (true) {
      int begin = i;
      int value = 0;
      char c;
      while (i < n && i - begin < 9 && (c = text.charAt(i)) >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        i++;
      }
      int length = i - begin;
      if (length == 0) {
        return FELL_BACK;
      }
      switch (count) {
        case 0 -> { g0 = value; l0 = length; }
        case 1 -> { g1 = value; l1 = length; }
        case 2 -> { g2 = value; l2 = length; }
        case 3 -> { g3 = value; l3 = length; }
        case 4 -> { g4 = value; l4 = length; }
        default -> { g5 = value; l5 = length; }
      }
      count++;
      if (i == n) {
        break;
      }
      c = text.charAt(i++);
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
        if (i == n) {
          return FELL_BACK;
        }
        for (int k = i; k < n; k++) {
          char d = text.charAt(k);
          if (d < '0' || d > '9') {
            return FELL_BACK;
          }
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
    if (l0 == 4 && l1 <= 2 && l2 <= 2 && dateSeparator != '.') {
      year = g0;
      month = g1;
      day = g2;
    } else if (l0 <= 2 && l1 <= 2 && l2 == 4) {
      year = g2;
      month = monthFirst ? g0 : g1;
      day = monthFirst ? g1 : g0;
    } else {
      return FELL_BACK;
    }
    int hour = count > 3 ? g3 : 0;
    int minute = count > 4 ? g4 : 0;
    int second = count > 5 ? g5 : 0;
    if (count > 3 && (l3 > 2 || l4 != 2 || count > 5 && l5 != 2)) {
      return FELL_BACK;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
      return UNREADABLE;
    }
    if (year < 1900 || year > 2100) {
      return FELL_BACK;
    }
    if (day > lengthOfMonth(year, month)) {
      return UNREADABLE;
    }
    int epochDay = epochDay(year, month, day);
    if (utc) {
      return count == 3 || l0 != 4 ? FELL_BACK : epochDay * 86_400L + hour * 3600L + minute * 60L + second;
    }
    int[] table = dayOffsets;
    if (table == null) {
      table = OFFSETS.computeIfAbsent(zone, z -> {
        int[] fresh = new int[TABLE_DAYS];
        java.util.Arrays.fill(fresh, OFFSET_UNKNOWN);
        return fresh;
      });
      dayOffsets = table;
    }
    int offset = table[epochDay - TABLE_FIRST_DAY];
    if (offset == OFFSET_UNKNOWN) {
      offset = offsetOf(epochDay);
      table[epochDay - TABLE_FIRST_DAY] = offset;
    }
    if (offset == OFFSET_TRANSITION) {
      return LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toEpochSecond();
    }
    return epochDay * 86_400L + hour * 3600L + minute * 60L + second - offset;
  }

  /** The zone's offset on a day without a transition, else OFFSET_TRANSITION. */
  private int offsetOf(int epochDay) {
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    int atStart = zone.getRules().getOffset(date.atStartOfDay()).getTotalSeconds();
    int atEnd = zone.getRules().getOffset(date.atTime(23, 59, 59)).getTotalSeconds();
    var next = zone.getRules().nextTransition(date.atStartOfDay(zone).toInstant());
    boolean transition = next != null && next.getInstant().getEpochSecond() < date.plusDays(1).atStartOfDay(zone).toEpochSecond();
    return atStart == atEnd && !transition ? atStart : OFFSET_TRANSITION;
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (as LocalDate.toEpochDay). */
  static int epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
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
