package org.opendnc.engine;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.index.IndexView;
import org.opendnc.core.index.NumberSet;
import org.opendnc.core.number.E164Numbers;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

/**
 * Bulk-loads registrations from a CSV file with the columns {@code number} and, optionally, {@code
 * registered_at} (ISO-8601) and {@code channel}.
 *
 * <p>Idempotent: a number already registered is counted and skipped, so running the same import
 * twice changes nothing, and re-running an interrupted import completes it. Events are appended in
 * batches; each batch is durable before the index is updated. Bad rows are counted and reported
 * with their line numbers; none is dropped silently.
 */
public final class RegisterImport {
  /** Events per store transaction. */
  static final int BATCH_SIZE = 50_000;

  /** Bad rows kept in memory for the summary; all of them go to the rejects file. */
  static final int REJECTS_KEPT = 20;

  private final Register register;
  private final Clock clock;
  private LongConsumer committed = n -> {};

  public RegisterImport(Register register, Clock clock) {
    this.register = register;
    this.clock = clock;
  }

  /**
   * Calls {@code listener} after each batch is durable, with the number of registrations this
   * import has committed so far.
   */
  public RegisterImport onCommit(LongConsumer listener) {
    this.committed = listener;
    return this;
  }

  /** One rejected row of an import. */
  public record RejectedRow(long line, String reason, String detail) {}

  /**
   * What an import did.
   *
   * @param rows data rows read (the header excluded)
   * @param registered numbers newly registered by this import
   * @param alreadyRegistered numbers that were registered before this import (skipped)
   * @param duplicates rows repeating a number seen earlier in the same file (skipped)
   * @param rejected bad rows (also in {@code rejectsFile})
   * @param firstRejected the first few bad rows, for the summary
   * @param rejectsFile the CSV of all bad rows, or {@code null} when there were none
   * @param registerVersion the register version after the import
   */
  public record Result(
      long rows,
      long registered,
      long alreadyRegistered,
      long duplicates,
      long rejected,
      List<RejectedRow> firstRejected,
      Path rejectsFile,
      long registerVersion) {}

  /**
   * Imports {@code file}. Bad rows are written to {@code rejectsFile} (created only if needed).
   *
   * @param progress receives the input bytes read so far; may be {@code null}
   * @throws DncException when the file is missing, unreadable, binary, empty, malformed as CSV, or
   *     has no {@code number} column
   */
  public Result run(Path file, Path rejectsFile, LongConsumer progress) {
    try (InputStream raw = open(file);
        CountingInputStream counted = new CountingInputStream(raw, progress);
        CsvReader<CsvRecord> csv =
            CsvReader.builder()
                .allowExtraFields(true)
                .allowMissingFields(true)
                .detectBomHeader(true)
                .maxBufferSize(1 << 20)
                .ofCsvRecord(new InputStreamReader(counted, StandardCharsets.UTF_8));
        Rejects rejects = new Rejects(rejectsFile)) {
      return importRecords(file, csv, rejects);
    } catch (IOException e) {
      throw new DncException(
          ErrorCode.INPUT_UNREADABLE, file + ": cannot read the file: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new DncException(
          ErrorCode.INPUT_UNREADABLE, file + ": cannot read the file: " + e.getCause().getMessage(), e);
    }
  }

  private Result importRecords(Path file, CsvReader<CsvRecord> csv, Rejects rejects) throws IOException {
    var records = csv.iterator();
    if (!records.hasNext()) {
      throw new DncException(
          ErrorCode.INPUT_EMPTY,
          file + ": the file is empty. Expected a header 'number,registered_at,channel' and one row per number.");
    }
    Columns columns = Columns.of(file, records.next().getFields());
    IndexView index = register.view();
    NumberParser parser = register.parser();
    NumberSet seen = new NumberSet();
    List<RegisterEvent> batch = new ArrayList<>(BATCH_SIZE);
    Instant now = clock.instant();
    ZoneId zone = register.profile().zone();
    long rows = 0;
    long registered = 0;
    long already = 0;
    long duplicates = 0;
    while (true) {
      CsvRecord record;
      try {
        if (!records.hasNext()) {
          break;
        }
        record = records.next();
      } catch (CsvParseException e) {
        throw new DncException(
            ErrorCode.MALFORMED_CSV,
            file + ": " + e.getMessage() + ". Check the quotes around that line; the rows before it"
                + " were imported and re-running after the fix completes the import.",
            e);
      }
      long line = record.getStartingLineNumber();
      rows++;
      String numberText = columns.field(record, columns.number);
      if (numberText == null || numberText.isBlank()) {
        rejects.add(line, "MISSING_NUMBER", "the number cell is empty");
        continue;
      }
      long e164 = parser.parseE164(numberText);
      if (e164 == NumberParser.INVALID) {
        rejects.add(line, "INVALID_NUMBER", "not a valid telephone number: '" + numberText + "'");
        continue;
      }
      if (!E164Numbers.hasCountryCode(e164, parser.countryCode())) {
        rejects.add(line, "FOREIGN_NUMBER", "not a number of region " + parser.region() + ": '" + numberText + "'");
        continue;
      }
      Instant at;
      try {
        at = parseTime(columns.field(record, columns.registeredAt), now, zone);
      } catch (DateTimeParseException e) {
        rejects.add(line, "INVALID_DATE", "registered_at is not an ISO-8601 date or instant: '"
            + columns.field(record, columns.registeredAt) + "'");
        continue;
      }
      if (at.isAfter(now)) {
        rejects.add(line, "FUTURE_DATE", "registered_at lies in the future: '"
            + columns.field(record, columns.registeredAt) + "'");
        continue;
      }
      Channel channel;
      try {
        channel = parseChannel(columns.field(record, columns.channel));
      } catch (IllegalArgumentException e) {
        rejects.add(line, "INVALID_CHANNEL", "channel must be one of WEB, PHONE, EMAIL, API, IMPORT, CARRIER: '"
            + columns.field(record, columns.channel) + "'");
        continue;
      }
      if (!seen.add(e164)) {
        duplicates++;
        continue;
      }
      if (index.isRegistered(e164)) {
        already++;
        continue;
      }
      batch.add(RegisterEvent.of(e164, EventType.REGISTER, null, at, channel, "import:" + file.getFileName()));
      if (batch.size() == BATCH_SIZE) {
        registered += commit(batch);
        committed.accept(registered);
        index = register.view();
      }
    }
    if (!batch.isEmpty()) {
      registered += commit(batch);
      committed.accept(registered);
    }
    return new Result(
        rows, registered, already, duplicates, rejects.count, List.copyOf(rejects.first),
        rejects.count > 0 ? rejects.file : null, register.view().version());
  }

  private long commit(List<RegisterEvent> batch) {
    register.append(batch);
    int n = batch.size();
    batch.clear();
    return n;
  }

  static Instant parseTime(String text, Instant absent, ZoneId zone) {
    if (text == null || text.isBlank()) {
      return absent;
    }
    String t = text.strip();
    if (t.length() == 10) {
      return LocalDate.parse(t).atStartOfDay(zone).toInstant();
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(t).atZone(zone).toInstant();
    }
  }

  static Channel parseChannel(String text) {
    if (text == null || text.isBlank()) {
      return Channel.IMPORT;
    }
    return Channel.valueOf(text.strip().toUpperCase(Locale.ROOT));
  }

  private static InputStream open(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new DncException(ErrorCode.INPUT_UNREADABLE, file + " is a directory, not a CSV file.");
      }
      InputStream in = Files.newInputStream(file);
      byte[] head = in.readNBytes(1 << 16);
      for (int i = 0; i < head.length; i++) {
        if (head[i] == 0) {
          in.close();
          throw new DncException(
              ErrorCode.INPUT_BINARY,
              file + ": the file holds binary data (a NUL byte at offset " + i
                  + "). Expected a CSV text file with a 'number' column.");
        }
      }
      in.close();
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such file.");
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": cannot read the file: " + e.getMessage(), e);
    }
  }

  /** Which column holds what; -1 for an absent optional column. */
  private record Columns(int number, int registeredAt, int channel) {
    static Columns of(Path file, List<String> header) {
      int number = -1;
      int registeredAt = -1;
      int channel = -1;
      for (int i = 0; i < header.size(); i++) {
        String name = header.get(i).strip().toLowerCase(Locale.ROOT);
        switch (name) {
          case "number", "numero", "phone", "telefono", "msisdn", "e164" -> number = number < 0 ? i : number;
          case "registered_at", "registeredat", "data_iscrizione" -> registeredAt = i;
          case "channel", "canale" -> channel = i;
          default -> {}
        }
      }
      if (number < 0) {
        throw new DncException(
            ErrorCode.COLUMN_NOT_FOUND,
            file + " line 1: the header " + header + " has no 'number' column. Expected 'number' and"
                + " optionally 'registered_at' (ISO-8601) and 'channel'.");
      }
      return new Columns(number, registeredAt, channel);
    }

    String field(CsvRecord record, int column) {
      return column >= 0 && column < record.getFieldCount() ? record.getField(column) : null;
    }
  }

  /** Bad rows: counted, the first few kept, all written to a CSV file created on first use. */
  private static final class Rejects implements AutoCloseable {
    final Path file;
    final List<RejectedRow> first = new ArrayList<>();
    long count;
    BufferedWriter writer;

    Rejects(Path file) {
      this.file = file;
    }

    void add(long line, String reason, String detail) throws IOException {
      count++;
      if (first.size() < REJECTS_KEPT) {
        first.add(new RejectedRow(line, reason, detail));
      }
      if (writer == null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        writer.write("line,reason,detail\n");
      }
      writer.write(line + "," + reason + ",\"" + detail.replace("\"", "\"\"") + "\"\n");
    }

    @Override
    public void close() throws IOException {
      if (writer != null) {
        writer.close();
      }
    }
  }
}
