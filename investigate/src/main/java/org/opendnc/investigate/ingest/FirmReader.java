package org.opendnc.investigate.ingest;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;

/**
 * Turns one table of a firm's file into records: finds the column of each role (mapping file,
 * then header names, then content), then reads every row; a row that cannot be used is reported
 * with its line, never dropped silently. Not thread-safe: one per file.
 */
final class FirmReader implements TableSink {
  /*
   * Roles are decided on the first SAMPLE_ROWS rows (held back until then): the phone column is
   * the one named like it, else the one where most sample cells are valid numbers; date columns
   * not named are found where 80% of the non-blank sample cells read as dates (the first becomes
   * the acquisition date, the second the consent date; columns named like a birth date are never
   * taken). A header whose cells are themselves phone numbers is a first data row: the columns
   * are then found by content alone.
   */
  static final int SAMPLE_ROWS = 200;
  private static final int MAX_EXAMPLES = 20;

  private final String firm;
  private final String file;
  private final NumberParser parser;
  private final ZoneId zone;
  private final ZoneOffsets offsets;
  private final Mapping.FirmMapping mapping;
  private final UnreadableLog log;
  private final FirmRecordsBuilder builder;
  private final List<String> examples = new ArrayList<>();
  private List<String> header = List.of();
  private final List<Object[]> sample = new ArrayList<>();
  private boolean decided;
  private final Map<Role, Integer> columns = new EnumMap<>(Role.class);
  private DateReader acquiredDates;
  private DateReader consentDates;
  private boolean consentHasTime;
  private long rows;
  private long unreadable;
  private long invalidNumbers;
  private long unreadableDates;
  private boolean strictWidth = true;
  // the columns decided, for the byte-level rows (-1: none)
  private int phoneColumn = -1;
  private int acquiredColumn = -1;
  private int consentColumn = -1;
  private int sourceColumn = -1;

  FirmReader(String firm, String file, NumberParser parser, ZoneId zone, Mapping.FirmMapping mapping, UnreadableLog log) {
    this.firm = firm;
    this.file = file;
    this.parser = parser;
    this.zone = zone;
    this.offsets = new ZoneOffsets(zone);
    this.mapping = mapping;
    this.log = log;
    this.builder = new FirmRecordsBuilder(firm);
  }

  /**
   * Whether a row shorter than the header is ragged (CSV) or normal (XLSX omits empty trailing
   * cells). A row with more non-blank cells than the header is ragged in every format.
   */
  void strictWidth(boolean strict) {
    strictWidth = strict;
  }

  @Override
  public void header(List<String> names, long line, boolean firstRow) {
    header = new ArrayList<>(names);
    boolean anyRoleByName = names.stream().anyMatch(n -> n != null && HeaderNames.roleOf(n) != null);
    boolean looksLikeData = names.stream().anyMatch(n -> n != null && parser.parseE164(n.strip()) != 0);
    if (firstRow && !anyRoleByName && looksLikeData && mapping.columns().isEmpty()) {
      header = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        header.add("column" + (i + 1));
      }
      row(line, names.toArray(String[]::new));
    }
  }

  @Override
  public void row(long line, String[] cells) {
    rows++;
    if (!decided) {
      sample.add(new Object[] {line, cells});
      if (sample.size() >= SAMPLE_ROWS) {
        decide();
      }
      return;
    }
    read(line, cells);
  }

  @Override
  public void row(long line, ByteCells cells) {
    if (!decided) {
      row(line, cells.toArray());
      return;
    }
    rows++;
    read(line, cells);
  }

  @Override
  public void unreadable(long line, String reason, String detail) {
    rows++;
    reject(line, reason, detail);
  }

  private void reject(long line, String reason, String detail) {
    unreadable++;
    if (examples.size() < MAX_EXAMPLES) {
      examples.add("line " + line + ": " + reason + " " + detail);
    }
    log.add(file, line, reason, detail);
  }

  /** Finishes the file: the packed records and the summary. */
  FirmRecords finish(int sharedConsentRows) {
    if (!decided) {
      decide();
    }
    int threshold = consentHasTime ? sharedConsentRows : Math.max(100, sharedConsentRows * 10);
    return builder.finish(threshold);
  }

  FileSummary summary(String format, FirmRecords records) {
    Map<Role, String> named = new LinkedHashMap<>();
    columns.forEach((role, index) -> named.put(role, index < header.size() ? header.get(index) : "#" + (index + 1)));
    return new FileSummary(firm, file, format, named, rows, records.size(), unreadable, invalidNumbers,
        builder.duplicates(), unreadableDates, List.copyOf(examples), null, null);
  }

  long rows() {
    return rows;
  }

  private void decide() {
    decided = true;
    int width = header.size();
    for (Object[] entry : sample) {
      width = Math.max(width, ((String[]) entry[1]).length);
    }
    // 1. the mapping file
    for (var entry : mapping.columns().entrySet()) {
      columns.put(entry.getKey(), columnNamed(entry.getValue(), entry.getKey()));
    }
    // 2. header names
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      Role role = name == null ? null : HeaderNames.roleOf(name);
      if (role != null && !columns.containsKey(role) && !columns.containsValue(i)) {
        columns.put(role, i);
      }
    }
    // 3. content
    if (!columns.containsKey(Role.PHONE)) {
      int best = -1;
      int bestCount = 0;
      for (int c = 0; c < width; c++) {
        if (columns.containsValue(c)) {
          continue;
        }
        int valid = 0;
        for (Object[] entry : sample) {
          String cell = cell((String[]) entry[1], c);
          if (cell != null && !cell.isBlank() && parser.parseE164(cell) != 0) {
            valid++;
          }
        }
        if (valid > bestCount) {
          best = c;
          bestCount = valid;
        }
      }
      if (best >= 0 && bestCount * 2 >= sample.size()) {
        columns.put(Role.PHONE, best);
      }
    }
    if (!columns.containsKey(Role.PHONE)) {
      throw new DncException(ErrorCode.COLUMN_NOT_FOUND, file + ": no phone-number column, by name or by content, among "
          + header + ". Name it in a mapping file, e.g. {\"" + firm + "\": {\"phone\": \"COLUMN\"}} with --mapping FILE.");
    }
    if (!columns.containsKey(Role.ACQUIRED) || !columns.containsKey(Role.CONSENT_AT)) {
      for (int c = 0; c < width; c++) {
        if (columns.containsValue(c) || c < header.size() && isBirthDate(header.get(c))) {
          continue;
        }
        List<String> values = column(c);
        DateReader reader = DateReader.forSample(zone, values);
        long nonBlank = values.stream().filter(v -> v != null && !v.isBlank()).count();
        long dates = values.stream().filter(reader::isDate).count();
        if (nonBlank > 0 && dates * 5 >= nonBlank * 4) {
          if (!columns.containsKey(Role.ACQUIRED)) {
            columns.put(Role.ACQUIRED, c);
          } else if (!columns.containsKey(Role.CONSENT_AT)) {
            columns.put(Role.CONSENT_AT, c);
          }
        }
      }
    }
    phoneColumn = columns.get(Role.PHONE);
    acquiredColumn = columns.getOrDefault(Role.ACQUIRED, -1);
    consentColumn = columns.getOrDefault(Role.CONSENT_AT, -1);
    sourceColumn = columns.getOrDefault(Role.CONSENT_SOURCE, -1);
    acquiredDates = dateReader(Role.ACQUIRED);
    consentDates = dateReader(Role.CONSENT_AT);
    if (columns.containsKey(Role.CONSENT_AT)) {
      consentHasTime = column(columns.get(Role.CONSENT_AT)).stream().anyMatch(DateReader::hasTime);
    }
    for (Object[] entry : sample) {
      read((Long) entry[0], (String[]) entry[1]);
    }
    sample.clear();
  }

  private DateReader dateReader(Role role) {
    Integer column = columns.get(role);
    if (column == null) {
      return null;
    }
    if (mapping.dateFormat() != null) {
      try {
        return DateReader.withPattern(zone, mapping.dateFormat());
      } catch (IllegalArgumentException e) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, "mapping of firm '" + firm + "': date_format '"
            + mapping.dateFormat() + "' is not a valid pattern (" + e.getMessage() + ").");
      }
    }
    return DateReader.forSample(zone, column(column));
  }

  private List<String> column(int c) {
    List<String> values = new ArrayList<>(sample.size());
    for (Object[] entry : sample) {
      values.add(cell((String[]) entry[1], c));
    }
    return values;
  }

  private static boolean isBirthDate(String name) {
    String n = name == null ? "" : HeaderNames.normalise(name);
    return n.contains("nasc") || n.contains("birth") || n.equals("dob");
  }

  private int columnNamed(String name, Role role) {
    String n = name.strip();
    if (n.startsWith("#")) {
      try {
        return Integer.parseInt(n.substring(1)) - 1;
      } catch (NumberFormatException e) {
        // fall through to the name
      }
    }
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i) != null && (header.get(i).strip().equalsIgnoreCase(n)
          || HeaderNames.normalise(header.get(i)).equals(HeaderNames.normalise(n)))) {
        return i;
      }
    }
    throw new DncException(ErrorCode.COLUMN_NOT_FOUND, file + ": the mapping names column '" + name + "' for "
        + role.key() + ", but the header is " + header + ". Use a header name or \"#N\" (position from 1).");
  }

  private static String cell(String[] cells, int index) {
    return index < cells.length ? cells[index] : null;
  }

  private void read(long line, String[] cells) {
    int expected = header.size();
    if (cells.length != expected && expected > 0 && (strictWidth || cells.length > expected)) {
      boolean extrasBlank = cells.length > expected
          && Arrays.stream(cells, expected, cells.length).allMatch(c -> c == null || c.isBlank());
      if (!extrasBlank) {
        reject(line, "RAGGED_ROW", cells.length + " fields where the header has " + expected
            + " (columns may be shifted: the row is not used)");
        return;
      }
    }
    String raw = cell(cells, columns.get(Role.PHONE));
    if (raw == null || raw.isBlank()) {
      reject(line, "MISSING_NUMBER", "empty phone cell");
      return;
    }
    raw = raw.strip();
    long key = raw.length() > 64 ? 0 : parser.parseE164(raw);
    if (key == NumberParser.INVALID) {
      if (rejectedAsNoNumber(line, raw)) {
        return;
      }
      key = invalidKey(raw);
    }
    int day = acquiredDay(acquiredDates == null ? null : cell(cells, columns.get(Role.ACQUIRED)));
    long consent = consentDates == null ? DateReader.BLANK : consentDates.read(cell(cells, columns.get(Role.CONSENT_AT)));
    Integer sourceColumn = columns.get(Role.CONSENT_SOURCE);
    String source = sourceColumn == null ? null : cell(cells, sourceColumn);
    builder.add(key, day, consent, Fingerprints.name(name(cells)), Fingerprints.shape(raw),
        source == null || source.isBlank(), line);
  }

  /** As {@link #read(long, String[])} for a row of bytes: only the cells used become Strings. */
  private void read(long line, ByteCells cells) {
    int count = cells.size();
    int expected = header.size();
    if (count != expected && expected > 0 && (strictWidth || count > expected)) {
      boolean extrasBlank = count > expected;
      for (int i = expected; extrasBlank && i < count; i++) {
        extrasBlank = cells.isBlank(i);
      }
      if (!extrasBlank) {
        reject(line, "RAGGED_ROW", count + " fields where the header has " + expected
            + " (columns may be shifted: the row is not used)");
        return;
      }
    }
    int phone = phoneColumn;
    if (phone >= count || cells.isBlank(phone)) {
      reject(line, "MISSING_NUMBER", "empty phone cell");
      return;
    }
    long key;
    byte shape;
    String raw = null;
    if (cells.isAscii(phone)) {
      byte[] buffer = cells.buffer();
      int start = cells.start(phone);
      int end = cells.end(phone);
      while (start < end && ByteCells.isAsciiWhitespace(buffer[start])) {
        start++;
      }
      while (end > start && ByteCells.isAsciiWhitespace(buffer[end - 1])) {
        end--;
      }
      int length = end - start;
      key = length > 64 ? 0 : parser.parseE164(buffer, start, length);
      if (key == NumberParser.INVALID) {
        raw = new String(buffer, start, length, java.nio.charset.StandardCharsets.ISO_8859_1);
      }
      shape = Fingerprints.shape(buffer, start, length);
    } else {
      raw = cells.text(phone).strip();
      key = raw.length() > 64 ? 0 : parser.parseE164(raw);
      shape = Fingerprints.shape(raw);
    }
    if (key == NumberParser.INVALID) {
      if (rejectedAsNoNumber(line, raw)) {
        return;
      }
      key = invalidKey(raw);
    }
    int day = acquiredDay(acquiredDates == null ? null : cells.text(acquiredColumn));
    long consent = consentDates == null ? DateReader.BLANK : consentDates.read(cells.text(consentColumn));
    boolean noSource = sourceColumn < 0 || sourceColumn >= count || cells.isBlank(sourceColumn);
    builder.add(key, day, consent, Fingerprints.name(name(cells)), shape, noSource, line);
  }

  /** Rejects (and reports) a phone cell that holds no telephone number at all. */
  private boolean rejectedAsNoNumber(long line, String raw) {
    if (raw.length() > 64 || Keys.digitCount(raw) < 3) {
      reject(line, "INVALID_NUMBER", "'" + abbreviate(raw) + "' holds no telephone number");
      return true;
    }
    return false;
  }

  /** The key of a phone cell that is no valid number, kept for copying fingerprints; counted. */
  private long invalidKey(String raw) {
    invalidNumbers++;
    return Keys.invalidKey(raw, parser.countryCode());
  }

  /** The local day of an acquisition date cell; unreadable dates are counted. */
  private int acquiredDay(String cell) {
    if (acquiredDates == null) {
      return FirmRecords.UNKNOWN_DAY;
    }
    long seconds = acquiredDates.read(cell);
    if (seconds == DateReader.UNREADABLE) {
      unreadableDates++;
      return FirmRecords.UNKNOWN_DAY;
    }
    return seconds == DateReader.BLANK ? FirmRecords.UNKNOWN_DAY : offsets.localDay(seconds);
  }

  private String name(ByteCells cells) {
    Integer full = columns.get(Role.NAME);
    if (full != null) {
      return cells.text(full);
    }
    Integer first = columns.get(Role.FIRST_NAME);
    Integer last = columns.get(Role.LAST_NAME);
    return join(first == null ? null : cells.text(first), last == null ? null : cells.text(last));
  }

  private String name(String[] cells) {
    Integer full = columns.get(Role.NAME);
    if (full != null) {
      return cell(cells, full);
    }
    Integer first = columns.get(Role.FIRST_NAME);
    Integer last = columns.get(Role.LAST_NAME);
    return join(first == null ? null : cell(cells, first), last == null ? null : cell(cells, last));
  }

  /** A first and a last name as one name; either may be missing. */
  private static String join(String first, String last) {
    if (first == null) {
      return last;
    }
    return last == null ? first : first + " " + last;
  }

  private static String abbreviate(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return t.replaceAll("\\p{Cntrl}", "?");
  }
}
