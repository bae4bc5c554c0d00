package org.opendnc.core.sample;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;

/**
 * Seeded, deterministic sample files: a register import (valid numbers per libphonenumber, a few
 * duplicates and malformed rows) and operators' call lists in messy real-world formats.
 *
 * <p>The same arguments always give the same bytes. Writers are single-threaded and fast (hand
 * formatted bytes, no per-row {@code String}). Each file gets a sidecar {@code <name>.properties}
 * with the parameters, written last: a list reads its register's sidecar to regenerate the
 * register's numbers instead of reading the register back, and a sidecar's presence marks a
 * complete file.
 */
public final class SampleData {
  /*
   * Every random choice is a hash of (seed, row) (see NumberStream and Mix), never a sequential
   * generator, so any row can be regenerated on its own: a list picks "registered" numbers by
   * recomputing register rows. Distinct register rows get distinct numbers through a keyed
   * permutation of the numbering plan, so duplicates are exactly the ones we put in, and the
   * list's unregistered numbers are taken from positions after the register's, so they are
   * guaranteed not to be registered.
   *
   * Malformed register rows always carry an invalid number (too short, a word, empty), so that
   * every reader of the register, strict or lenient, ends up with the same set of valid numbers.
   */

  /** The header of a register import file. */
  public static final String REGISTER_HEADER = "number,registered_at,channel";

  /** The jurisdiction whose numbering plan, names and list layout the data follows. */
  public enum Profile {
    /** Italy (+39): mobiles 3xx, fixed lines 0x with 6 to 11 digit national numbers. */
    IT(39, "id,nome,cognome,telefono,citta", "telefono"),
    /** North America (+1): NPA NXX XXXX in real United States area codes. */
    US(1, "id,first_name,last_name,phone,city", "phone");

    private final int countryCode;
    private final String listHeader;
    private final String phoneColumn;

    Profile(int countryCode, String listHeader, String phoneColumn) {
      this.countryCode = countryCode;
      this.listHeader = listHeader;
      this.phoneColumn = phoneColumn;
    }

    public int countryCode() {
      return countryCode;
    }

    /** The header line of a call list (without the line end). */
    public String listHeader() {
      return listHeader;
    }

    /** The name of the list column holding the phone number (the fourth column). */
    public String phoneColumn() {
      return phoneColumn;
    }

    NumberPlan plan() {
      return this == IT ? ITALY : UNITED_STATES;
    }

    Names names() {
      return this == IT ? Names.ITALIAN : Names.AMERICAN;
    }
  }

  private static final NumberPlan ITALY = NumberPlan.italy();
  private static final NumberPlan UNITED_STATES = NumberPlan.unitedStates();

  private static final long FIRST_REGISTRATION_EPOCH_SECONDS =
      LocalDate.of(2011, 1, 31).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  private static final long END_EPOCH_SECONDS =
      LocalDate.of(2026, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  private static final long SECONDS_PER_DAY = 86_400;
  /** "YYYY-MM-DDT" for every day of the registration period. */
  private static final byte[][] DAY_PREFIXES = dayPrefixes();

  private static final byte[][] CHANNELS = ascii("WEB", "PHONE", "EMAIL", "CARRIER");
  private static final byte[][] REGISTER_WORDS_IT = ascii("ANONIMO", "n/d", "#VALUE!", "NULL");
  private static final byte[][] REGISTER_WORDS_US = ascii("N/A", "#VALUE!", "NULL", "none");
  private static final byte[][] LIST_WORDS_IT =
      ascii("n.d.", "sconosciuto", "ANONIMO", "NULL", "-", "chiedere in ufficio", "no tel");
  private static final byte[][] LIST_WORDS_US =
      ascii("N/A", "unknown", "none", "ask front desk", "-", "NULL");

  private static final byte[] PLUS_1 = ascii("+1")[0];
  private static final byte[] PLUS_1_SPACE = ascii("+1 ")[0];
  private static final byte[] ONE_DASH = ascii("1-")[0];
  private static final byte[] ONE_SPACE_PARENTHESIS = ascii("1 (")[0];
  private static final byte[] PLUS_39 = ascii("+39")[0];
  private static final byte[] PLUS_39_SPACE = ascii("+39 ")[0];
  private static final byte[] ZERO_ZERO_39_SPACE = ascii("0039 ")[0];
  private static final byte[] IMPOSSIBLE_INSTANT = ascii("2019-02-30T25:61:00Z")[0];
  private static final byte[] UNKNOWN_CHANNEL = ascii("FAX")[0];
  private static final byte[] EXTRA_COLUMN = ascii(",extra")[0];
  private static final byte[] REGISTER_HEADER_BYTES = REGISTER_HEADER.getBytes(StandardCharsets.US_ASCII);

  private static final long LIST_MALFORMED_PER_MILLION = 10_000;
  private static final long LIST_DUPLICATE_PER_MILLION = 20_000;
  private static final long LIST_DUPLICATE_WINDOW_ROWS = 50_000;
  private static final long SHARE_SCALE = 1L << 30;

  private SampleData() {}

  /**
   * Writes a register import CSV ({@value #REGISTER_HEADER}) of exactly {@code count} data rows and
   * its sidecar. About 0.1% of rows repeat an earlier number and 0.01% are malformed (each with an
   * invalid number: too short, a word, empty, and some also with a missing or extra column, a bad
   * timestamp or an unknown channel). Timestamps ascend over 2011-01-31 to 2025-12-31.
   *
   * @return the number of data rows written, {@code count}
   * @throws IllegalArgumentException if count is negative or exceeds the profile's numbering plan
   * @throws IOException if the file cannot be written; a partial file may be left, without sidecar
   */
  public static long writeRegister(Path file, long count, long seed, Profile profile) throws IOException {
    NumberStream stream = new NumberStream(profile.plan(), seed, count, 0);
    Files.deleteIfExists(sidecar(file));
    long span = END_EPOCH_SECONDS - FIRST_REGISTRATION_EPOCH_SECONDS;
    long step = Math.max(1, span / Math.max(1, count));
    try (ByteSink out = new ByteSink(Files.newOutputStream(file))) {
      out.put(REGISTER_HEADER_BYTES).put('\n');
      for (long row = 0; row < count; row++) {
        long hash = stream.hash(row);
        long second = FIRST_REGISTRATION_EPOCH_SECONDS + row * span / count
            + Mix.below(Mix.mix64(hash ^ 0x54696D65L), step);
        second = Math.min(second, END_EPOCH_SECONDS - 1);
        byte[] channel = CHANNELS[channelOf(hash)];
        int kind = stream.kind(row);
        if (kind == NumberStream.MALFORMED) {
          writeMalformedRegisterRow(out, stream, profile, row, hash, second, channel);
          continue;
        }
        out.put('+').putDecimal(stream.plan.e164(stream.number(row))).put(',');
        writeInstant(out, second);
        out.put(',').put(channel).put('\n');
      }
    }
    Properties properties = new Properties();
    properties.setProperty("file", "register");
    properties.setProperty("profile", profile.name());
    properties.setProperty("seed", Long.toString(seed));
    properties.setProperty("count", Long.toString(count));
    writeSidecar(file, properties);
    return count;
  }

  /**
   * Writes an operator's call list of exactly {@code rows} data rows ({@link Profile#listHeader()})
   * and its sidecar. The phone is written in mixed national and international formats; about 2% of
   * rows repeat an earlier row's number, about 1% carry a malformed one (too short, too long,
   * letters, empty). Of the other rows, a share {@code registeredShare} take a number registered in
   * {@code registerOrNull}; the rest take numbers the register does not hold. Some names and
   * cities are quoted because they hold commas or double quotes.
   *
   * @param registerOrNull a register written by {@link #writeRegister} (its sidecar must exist), or
   *     null for a list independent of any register (then {@code registeredShare} is ignored)
   * @return the number of data rows written, {@code rows}
   * @throws IllegalArgumentException if the register's sidecar is missing or names another profile,
   *     or the share is outside [0, 1]
   * @throws IOException if a file cannot be read or written
   */
  public static long writeList(
      Path file, long rows, long seed, Path registerOrNull, double registeredShare, Profile profile)
      throws IOException {
    if (!(registeredShare >= 0 && registeredShare <= 1)) {
      throw new IllegalArgumentException("registeredShare must be in [0, 1]: " + registeredShare);
    }
    NumberStream register = null;
    if (registerOrNull != null) {
      Properties properties = readSidecar(registerOrNull);
      if (!profile.name().equals(properties.getProperty("profile"))) {
        throw new IllegalArgumentException(
            "register " + registerOrNull + " was generated for profile " + properties.getProperty("profile"));
      }
      long count = Long.parseLong(properties.getProperty("count"));
      register = new NumberStream(profile.plan(), Long.parseLong(properties.getProperty("seed")), count, rows);
    }
    NumberStream fresh =
        register != null ? register : new NumberStream(profile.plan(), Mix.mix64(seed ^ 0x4C697374L), 0, rows);
    boolean anyRegistered = register != null && register.count > 0;
    long registeredThreshold = (long) (registeredShare * SHARE_SCALE);
    long listKey = Mix.mix64(seed ^ 0x43616C6C4C697374L);
    ListRows list = new ListRows(listKey, fresh, anyRegistered ? register : null, registeredThreshold);
    Names names = profile.names();
    Files.deleteIfExists(sidecar(file));
    try (ByteSink out = new ByteSink(Files.newOutputStream(file))) {
      out.put(profile.listHeader().getBytes(StandardCharsets.US_ASCII)).put('\n');
      for (long row = 0; row < rows; row++) {
        long hash = Mix.row(listKey, row);
        out.putDecimal(row + 1).put(',');
        out.put(pick(names.firstNames, Mix.mix64(hash ^ 1))).put(',');
        long surnameHash = Mix.mix64(hash ^ 2);
        out.put(Mix.below(surnameHash, 100) < 3
                ? pick(names.quotedSurnames, surnameHash >>> 8)
                : pick(names.surnames, surnameHash >>> 8))
            .put(',');
        int kind = list.kind(row);
        if (kind == NumberStream.MALFORMED) {
          writeMalformedPhone(out, profile, fresh.freshNumber(row), Mix.mix64(hash ^ 3));
        } else {
          writePhone(out, profile.plan(), list.number(row), Mix.mix64(hash ^ 4));
        }
        out.put(',');
        long cityHash = Mix.mix64(hash ^ 5);
        out.put(Mix.below(cityHash, 100) < 15
            ? pick(names.quotedCities, cityHash >>> 8)
            : pick(names.cities, cityHash >>> 8));
        out.put('\n');
      }
    }
    Properties properties = new Properties();
    properties.setProperty("file", "list");
    properties.setProperty("profile", profile.name());
    properties.setProperty("seed", Long.toString(seed));
    properties.setProperty("rows", Long.toString(rows));
    properties.setProperty("register", String.valueOf(registerOrNull));
    properties.setProperty("registeredShare", Double.toString(registeredShare));
    writeSidecar(file, properties);
    return rows;
  }

  /** The sidecar of a generated file: {@code <name>.properties} beside it. */
  public static Path sidecar(Path file) {
    return file.resolveSibling(file.getFileName() + ".properties");
  }

  /** Which rows of a list are malformed, duplicates or normal, and the number of each. */
  private record ListRows(
      long key, NumberStream fresh, NumberStream register, Permutation picks, long registeredThreshold) {
    ListRows(long key, NumberStream fresh, NumberStream register, long registeredThreshold) {
      this(key, fresh, register,
          register == null ? null : new Permutation(register.count, Mix.mix64(key ^ 0x5069636BL)), registeredThreshold);
    }

    int kind(long row) {
      long draw = Mix.below(Mix.row(key, row), 1_000_000);
      if (draw < LIST_MALFORMED_PER_MILLION) {
        return NumberStream.MALFORMED;
      }
      return draw < LIST_MALFORMED_PER_MILLION + LIST_DUPLICATE_PER_MILLION
          ? NumberStream.DUPLICATE
          : NumberStream.NORMAL;
    }

    long number(long row) {
      if (kind(row) == NumberStream.DUPLICATE) {
        long hash = Mix.mix64(Mix.row(key, row) ^ 6);
        long earlier = row - 1 - Mix.below(hash, Math.max(1, Math.min(row, LIST_DUPLICATE_WINDOW_ROWS)));
        while (earlier >= 0 && kind(earlier) != NumberStream.NORMAL) {
          earlier--;
        }
        return ownNumber(Math.max(0, earlier));
      }
      return ownNumber(row);
    }

    private long ownNumber(long row) {
      long hash = Mix.mix64(Mix.row(key, row) ^ 7);
      if (register != null && Mix.below(hash, SHARE_SCALE) < registeredThreshold) {
        return register.registeredNumber(row, picks);
      }
      return fresh.freshNumber(row);
    }
  }

  private static int channelOf(long hash) {
    long draw = Mix.below(Mix.mix64(hash ^ 0x4368616EL), 100);
    if (draw < 70) {
      return 0;
    }
    if (draw < 88) {
      return 1;
    }
    return draw < 95 ? 2 : 3;
  }

  private static void writeMalformedRegisterRow(
      ByteSink out, NumberStream stream, Profile profile, long row, long hash, long second, byte[] channel)
      throws IOException {
    long choice = Mix.mix64(hash ^ 0x426164L);
    int shape = (int) Mix.below(choice, 7);
    switch (shape) {
      case 1 -> out.put(pick(profile == Profile.IT ? REGISTER_WORDS_IT : REGISTER_WORDS_US, choice >>> 8));
      case 2 -> {}
      default -> writeTooShort(out.put('+').putDecimal(profile.countryCode()), stream.plan, stream.ownNumber(row), false);
    }
    out.put(',');
    if (shape == 4) {
      out.put(IMPOSSIBLE_INSTANT);
    } else {
      writeInstant(out, second);
    }
    if (shape == 3) {
      out.put('\n');
      return;
    }
    out.put(',').put(shape == 6 ? UNKNOWN_CHANNEL : channel);
    if (shape == 5) {
      out.put(EXTRA_COLUMN);
    }
    out.put('\n');
  }

  /** The start of a number, cut so that its national part has 5 digits (IT) or 6 (US): too short. */
  private static void writeTooShort(ByteSink out, NumberPlan plan, long packed, boolean spaced) throws IOException {
    NumberPlan.Range range = plan.range(packed);
    int keep = (range.kind == NumberPlan.Kind.NANP ? 6 : 5) - range.prefix.length;
    out.put(range.prefix);
    if (spaced) {
      out.put(' ');
    }
    out.putDigits(NumberPlan.subscriber(packed) / NumberPlan.pow10(range.subscriberLength - keep), keep);
  }

  private static void writeMalformedPhone(ByteSink out, Profile profile, long packed, long hash) throws IOException {
    NumberPlan plan = profile.plan();
    NumberPlan.Range range = plan.range(packed);
    long subscriber = NumberPlan.subscriber(packed);
    switch ((int) Mix.below(hash, 10)) {
      case 0, 1 -> writeTooShort(out, plan, packed, true);
      case 2, 3 -> out.put(pick(profile == Profile.IT ? LIST_WORDS_IT : LIST_WORDS_US, hash >>> 8));
      case 4 -> {
        if (range.kind == NumberPlan.Kind.FIXED) {
          out.put(pick(LIST_WORDS_IT, hash >>> 8));
          break;
        }
        // A typed letter O or l instead of a digit: "333 123 45O7".
        out.put(range.prefix).put(' ').putDigits(subscriber / 10_000, 3).put(' ');
        long last = subscriber % 10_000;
        int position = (int) Mix.below(hash >>> 8, 4);
        for (int digit = 0; digit < 4; digit++) {
          long value = last / NumberPlan.pow10(3 - digit) % 10;
          out.put(digit == position ? (byte) ((hash & 0x100) == 0 ? 'O' : 'l') : (byte) ('0' + value));
        }
      }
      case 5, 6 -> {
        // Too long: the national part padded with extra digits to 14 digits.
        out.put(range.prefix).putDigits(subscriber, range.subscriberLength);
        int extra = 14 - range.prefix.length - range.subscriberLength;
        out.putDigits(Mix.below(Mix.mix64(hash), NumberPlan.pow10(extra)), extra);
      }
      default -> {}
    }
  }

  private static void writePhone(ByteSink out, NumberPlan plan, long packed, long hash) throws IOException {
    NumberPlan.Range range = plan.range(packed);
    long subscriber = NumberPlan.subscriber(packed);
    int length = range.subscriberLength;
    byte[] prefix = range.prefix;
    int draw = (int) Mix.below(hash, 100);
    switch (range.kind) {
      case MOBILE -> {
        if (draw < 25) { // 3331234567
          out.put(prefix).putDigits(subscriber, 7);
        } else if (draw < 40) { // +39 333 123 4567
          out.put(PLUS_39_SPACE).put(prefix).put(' ');
          split(out, subscriber, 3, 4, ' ');
        } else if (draw < 55) { // +393331234567
          out.put(PLUS_39).put(prefix).putDigits(subscriber, 7);
        } else if (draw < 65) { // "333 1234567"
          out.put('"').put(prefix).put(' ').putDigits(subscriber, 7).put('"');
        } else if (draw < 75) { // 333-123-4567
          out.put(prefix).put('-');
          split(out, subscriber, 3, 4, '-');
        } else if (draw < 85) { // 0039 3331234567
          out.put(ZERO_ZERO_39_SPACE).put(prefix).putDigits(subscriber, 7);
        } else if (draw < 90) { // 333.123.4567
          out.put(prefix).put('.');
          split(out, subscriber, 3, 4, '.');
        } else { // +39 3331234567
          out.put(PLUS_39_SPACE).put(prefix).putDigits(subscriber, 7);
        }
      }
      case FIXED -> {
        int head = length / 2;
        int tail = length - head;
        if (draw < 20) { // 0612345678
          out.put(prefix).putDigits(subscriber, length);
        } else if (draw < 35) { // 06 12345678
          out.put(prefix).put(' ').putDigits(subscriber, length);
        } else if (draw < 45) { // (06) 1234 5678
          out.put('(').put(prefix).put(')').put(' ');
          split(out, subscriber, head, tail, ' ');
        } else if (draw < 55) { // 06.1234.5678
          out.put(prefix).put('.');
          split(out, subscriber, head, tail, '.');
        } else if (draw < 65) { // +390612345678
          out.put(PLUS_39).put(prefix).putDigits(subscriber, length);
        } else if (draw < 75) { // +39 06 1234 5678
          out.put(PLUS_39_SPACE).put(prefix).put(' ');
          split(out, subscriber, head, tail, ' ');
        } else if (draw < 82) { // 0039 0612345678
          out.put(ZERO_ZERO_39_SPACE).put(prefix).putDigits(subscriber, length);
        } else if (draw < 90) { // "06 1234 5678"
          out.put('"').put(prefix).put(' ');
          split(out, subscriber, head, tail, ' ');
          out.put('"');
        } else if (draw < 95) { // 06/12345678
          out.put(prefix).put('/').putDigits(subscriber, length);
        } else { // 06-12345678
          out.put(prefix).put('-').putDigits(subscriber, length);
        }
      }
      case NANP -> {
        if (draw < 20) { // (212) 555-1234
          out.put('(').put(prefix).put(')').put(' ');
          split(out, subscriber, 3, 4, '-');
        } else if (draw < 40) { // 212-555-1234
          out.put(prefix).put('-');
          split(out, subscriber, 3, 4, '-');
        } else if (draw < 50) { // +1 212 555 1234
          out.put(PLUS_1_SPACE).put(prefix).put(' ');
          split(out, subscriber, 3, 4, ' ');
        } else if (draw < 57) { // 1-212-555-1234
          out.put(ONE_DASH).put(prefix).put('-');
          split(out, subscriber, 3, 4, '-');
        } else if (draw < 72) { // 2125551234
          out.put(prefix).putDigits(subscriber, 7);
        } else if (draw < 82) { // +12125551234
          out.put(PLUS_1).put(prefix).putDigits(subscriber, 7);
        } else if (draw < 90) { // 212.555.1234
          out.put(prefix).put('.');
          split(out, subscriber, 3, 4, '.');
        } else if (draw < 95) { // "212 555 1234"
          out.put('"').put(prefix).put(' ');
          split(out, subscriber, 3, 4, ' ');
          out.put('"');
        } else { // 1 (212) 555-1234
          out.put(ONE_SPACE_PARENTHESIS).put(prefix).put(')').put(' ');
          split(out, subscriber, 3, 4, '-');
        }
      }
    }
  }

  private static void split(ByteSink out, long subscriber, int head, int tail, char separator) throws IOException {
    long divisor = NumberPlan.pow10(tail);
    out.putDigits(subscriber / divisor, head).put(separator).putDigits(subscriber % divisor, tail);
  }

  private static void writeInstant(ByteSink out, long epochSecond) throws IOException {
    long sinceStart = epochSecond - FIRST_REGISTRATION_EPOCH_SECONDS;
    long secondOfDay = sinceStart % SECONDS_PER_DAY;
    out.put(DAY_PREFIXES[(int) (sinceStart / SECONDS_PER_DAY)]);
    out.putDigits(secondOfDay / 3600, 2).put(':');
    out.putDigits(secondOfDay / 60 % 60, 2).put(':');
    out.putDigits(secondOfDay % 60, 2).put('Z');
  }

  private static byte[] pick(byte[][] values, long hash) {
    return values[(int) Mix.below(hash, values.length)];
  }

  private static byte[][] ascii(String... values) {
    byte[][] bytes = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = values[i].getBytes(StandardCharsets.US_ASCII);
    }
    return bytes;
  }

  private static byte[][] dayPrefixes() {
    int days = (int) ((END_EPOCH_SECONDS - FIRST_REGISTRATION_EPOCH_SECONDS) / SECONDS_PER_DAY);
    byte[][] prefixes = new byte[days][];
    for (int day = 0; day < days; day++) {
      Instant instant = Instant.ofEpochSecond(FIRST_REGISTRATION_EPOCH_SECONDS + day * SECONDS_PER_DAY);
      prefixes[day] = (instant.atOffset(ZoneOffset.UTC).toLocalDate() + "T").getBytes(StandardCharsets.US_ASCII);
    }
    return prefixes;
  }

  private static void writeSidecar(Path file, Properties properties) throws IOException {
    try (Writer writer = Files.newBufferedWriter(sidecar(file), StandardCharsets.UTF_8)) {
      properties.store(writer, "OpenDNC sample data parameters");
    }
  }

  private static Properties readSidecar(Path file) throws IOException {
    Path sidecar = sidecar(file);
    if (!Files.exists(sidecar)) {
      throw new IllegalArgumentException(
          "no sidecar " + sidecar + ": the register must be written by SampleData.writeRegister");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(sidecar, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }
}
