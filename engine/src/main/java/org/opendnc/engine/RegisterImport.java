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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * twice changes nothing, and re-running an interrupted import completes it. Registrations are
 * appended in runs; each run is durable before the index shows it. Bad rows are counted and
 * reported with their line numbers; none is dropped silently.
 */
public final class RegisterImport {

  /*
   * Runs (decision 0007). The reader thread parses and validates rows (rejects carry their line)
   * and collects the valid ones in an ImportRows (primitive arrays). The first run holds
   * FIRST_RUN_ROWS, each next one twice as many, up to RUN_ROWS (and a quarter of the heap): the
   * writer starts early, while runs are small the index they rewrite is small too, and the large
   * runs of a large import rewrite it rarely. A full run is sorted by number (stable radix sort);
   * duplicates (a number seen earlier in the file: in this run, the stable sort puts its first row
   * first; in an earlier run, the set of numbers seen) and numbers already registered (the current
   * view) are counted and skipped, both checks reading the sorted numbers in order, so they hit
   * the cache instead of missing it per row. The new registrations go to one appender thread,
   * which appends them through Register.append as ONE transaction (durable, then applied to the
   * live index) while the reader reads and sorts the next run. At most one run is in flight.
   *
   * Why sort: the log's (e164, seq) index is a B-tree keyed by random numbers. Appended in file
   * order, every row of a large register lands on another index page, and once the index outgrows
   * SQLite's page cache each row costs a page read and write. A sorted run walks the index once,
   * front to back, touching each page once per run.
   *
   * Sequences are still assigned in append order, so within a run they follow the numbers, not the
   * file. That is fine: a run is one batch of REGISTER events of distinct numbers (a number
   * repeated in the file is a duplicate and skipped; its first row in file order is the one
   * imported), so the order between them carries no meaning and each number's own history is the
   * same. The sort is stable regardless, so rows of one number would keep their file order.
   *
   * Crash: a run is all or nothing. Killing the process loses at most the runs not yet committed;
   * running the import again skips the committed numbers (already registered) and appends the rest.
   */

  /**
   * Valid rows per run at most: sorted, then their new registrations appended in one transaction.
   * Fewer, larger runs rewrite the number index fewer times (docs/benchmarks.md).
   */
  static final int RUN_ROWS = 8 * 1024 * 1024;

  /**
   * Heap per row of a run, roughly: its arrays, the events being built and the run in flight
   * (events, their appended copies). Runs are kept to a quarter of the maximum heap.
   */
  static final long RUN_HEAP_BYTES_PER_ROW = 256;

  /** The smallest run a small heap gets. */
  static final int MIN_RUN_ROWS = 64 * 1024;

  /** Valid rows of the first run; each next run may hold twice as many as the one before. */
  static final int FIRST_RUN_ROWS = 512 * 1024;

  /** Bad rows kept in memory for the summary; all of them go to the rejects file. */
  static final int REJECTS_KEPT = 20;

  private static final Channel[] CHANNELS = Channel.values();
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Register register;
  private final Clock clock;
  private int firstRunRows = FIRST_RUN_ROWS;
  private int runRows = defaultRunRows(Runtime.getRuntime().maxMemory());
  private LongConsumer committed = n -> {};

  public RegisterImport(Register register, Clock clock) {
    this.register = register;
    this.clock = clock;
  }

  /**
   * Calls {@code listener} after each run that registered numbers is durable, with the number of
   * registrations this import has committed so far. The listener runs on the import's appender
   * thread, one call at a time, in commit order.
   */
  public RegisterImport onCommit(LongConsumer listener) {
    this.committed = listener;
    return this;
  }

  /** {@link #RUN_ROWS}, or fewer so that a run takes at most a quarter of {@code maxHeapBytes}. */
  static int defaultRunRows(long maxHeapBytes) {
    long fit = maxHeapBytes / 4 / RUN_HEAP_BYTES_PER_ROW;
    return (int) Math.max(MIN_RUN_ROWS, Math.min(RUN_ROWS, fit));
  }

  /** For tests: {@code rows} valid rows in every run instead of the growing default. */
  RegisterImport runRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("a run holds at least one row: " + rows);
    }
    this.firstRunRows = rows;
    this.runRows = rows;
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
    NumberParser parser = register.parser();
    RegistrationTimes times = new RegistrationTimes(register.profile().zone());
    Instant now = clock.instant();
    long nowNanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), NANOS_PER_SECOND), now.getNano());
    long rows = 0;
    try (Appender appender = new Appender("import:" + file.getFileName())) {
      ImportRows run = new ImportRows(runRows);
      int runLimit = Math.min(firstRunRows, runRows);
      while (true) {
        CsvRecord record;
        try {
          if (!records.hasNext()) {
            break;
          }
          record = records.next();
        } catch (CsvParseException e) {
          appender.submit(run);
          appender.finish();
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
        String timeText = columns.field(record, columns.registeredAt);
        long at;
        if (timeText == null || timeText.isBlank()) {
          at = nowNanos;
        } else {
          try {
            at = times.parse(timeText);
          } catch (DateTimeException e) {
            rejects.add(line, "INVALID_DATE", e instanceof DateTimeParseException
                ? "registered_at is not an ISO-8601 date or instant: '" + timeText + "'"
                : "registered_at '" + timeText + "' cannot be held: " + e.getMessage());
            continue;
          }
          if (at > nowNanos) {
            rejects.add(line, "FUTURE_DATE", "registered_at lies in the future: '" + timeText + "'");
            continue;
          }
        }
        Channel channel;
        try {
          channel = parseChannel(columns.field(record, columns.channel));
        } catch (IllegalArgumentException e) {
          rejects.add(line, "INVALID_CHANNEL", "channel must be one of WEB, PHONE, EMAIL, API, IMPORT, CARRIER: '"
              + columns.field(record, columns.channel) + "'");
          continue;
        }
        run.add(e164, at, (byte) channel.ordinal());
        if (run.size() == runLimit) {
          appender.submit(run);
          runLimit = (int) Math.min(runRows, 2L * runLimit);
        }
      }
      appender.submit(run);
      appender.finish();
      return new Result(
          rows, appender.registered, appender.alreadyRegistered, appender.duplicates, rejects.count, List.copyOf(rejects.first),
          rejects.count > 0 ? rejects.file : null, register.view().version());
    }
  }

  /**
   * Turns full runs into new registrations on the reader's thread and appends them on its own, one
   * run at a time in order, so that storing a run overlaps with reading and sorting the next.
   */
  private final class Appender implements AutoCloseable {
    private final String evidence;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
      Thread appender = new Thread(task, "opendnc-import-append");
      appender.setDaemon(true);
      return appender;
    });
    /** The numbers of every run so far (the reader's). */
    private final NumberSet seen = new NumberSet();
    private Future<?> inFlight;
    private long alreadyRegistered;
    private long duplicates;
    /** Written by the appender thread; read after {@link #finish}. */
    private long registered;

    Appender(String evidence) {
      this.evidence = evidence;
    }

    /**
     * Sorts {@code run} by number, counts and skips its duplicates and the numbers already
     * registered, empties it for reuse, and hands its new registrations to the appender thread
     * once the previous run is committed.
     *
     * @throws RuntimeException the failure of the previous run's append, as the register threw it
     */
    void submit(ImportRows run) {
      List<RegisterEvent> events = newRegistrations(run);
      run.clear();
      await();
      if (!events.isEmpty()) {
        inFlight = thread.submit(() -> append(events));
      }
    }

    /**
     * Waits until the run in flight, if any, is committed.
     *
     * @throws RuntimeException its failure, as the register threw it
     */
    void finish() {
      await();
    }

    private List<RegisterEvent> newRegistrations(ImportRows run) {
      run.sortByNumber();
      IndexView index = register.view();
      List<RegisterEvent> events = new ArrayList<>(run.size());
      for (int i = 0; i < run.size(); i++) {
        long e164 = run.number(i);
        if (!seen.add(e164)) {
          duplicates++;
          continue;
        }
        if (index.isRegistered(e164)) {
          alreadyRegistered++;
          continue;
        }
        long at = run.atEpochNanos(i);
        events.add(RegisterEvent.of(
            e164, EventType.REGISTER, null,
            Instant.ofEpochSecond(Math.floorDiv(at, NANOS_PER_SECOND), Math.floorMod(at, NANOS_PER_SECOND)),
            CHANNELS[run.channel(i)], evidence));
      }
      return events;
    }

    private void append(List<RegisterEvent> events) {
      register.append(events);
      registered += events.size();
      committed.accept(registered);
    }

    /** Waits, uninterruptibly, for the run in flight, if any. */
    private void await() {
      if (inFlight == null) {
        return;
      }
      Future<?> waited = inFlight;
      inFlight = null;
      boolean interrupted = false;
      try {
        while (true) {
          try {
            waited.get();
            return;
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
              throw failure;
            }
            if (e.getCause() instanceof Error error) {
              throw error;
            }
            throw new IllegalStateException(e.getCause());
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /**
     * Lets a run in flight finish (when closing after another failure, its outcome is not
     * reported: the run is durable or not, and re-running the import completes it), then stops the
     * thread.
     */
    @Override
    public void close() {
      try {
        await();
      } catch (RuntimeException | Error e) {
        // Closing after another failure, which is the one to report.
      } finally {
        thread.shutdown();
      }
    }
  }

  static Channel parseChannel(String text) {
    if (text == null || text.isBlank()) {
      return Channel.IMPORT;
    }
    for (Channel channel : CHANNELS) {
      if (channel.name().equals(text)) {
        return channel; // the usual spelling, without a copy
      }
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
