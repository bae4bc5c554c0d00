package org.opendnc.audit;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.opendnc.core.number.E164Numbers;
import org.opendnc.core.number.NumberParser;

/**
 * Reads a call-detail-record CSV file (docs/formats.md, "Call records") as a stream into {@link
 * CallRecords}. Every row that cannot be audited is reported to {@link Rejects} with its line and
 * a stable reason; no row is dropped silently.
 */
public final class CallRecordReader {

  /** The header the file must have (extra columns are ignored). */
  public static final String EXPECTED =
      "call_id,operator,caller_id,callee,started_at,duration_s,outcome,campaign,origin_country";

  private final NumberParser parser;

  /** @param parser the profile's number parser: callees must be numbers of its country */
  public CallRecordReader(NumberParser parser) {
    this.parser = parser;
  }

  /**
   * Reads {@code file}.
   *
   * @param rejects receives every unusable row
   * @throws org.opendnc.core.error.DncException when the file cannot be read as a whole (missing,
   *     binary, empty, a required column missing, a quote never closed)
   */
  public CallRecords read(Path file, Rejects rejects) {
    /*
     * The main thread reads the records (FastCSV, quote-aware, so sequential) and hands them in
     * batches to a pool that parses numbers and times; the batches are taken back in file order,
     * so the calls and the rejected rows keep the file's order.
     */
    CallRecords.Builder calls = new CallRecords.Builder();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "call-record-parser");
      thread.setDaemon(true);
      return thread;
    });
    try (CsvInput csv = CsvInput.open(file, EXPECTED)) {
      int[] columns = {
        csv.required(EXPECTED, "call_id"), csv.required(EXPECTED, "operator"), csv.required(EXPECTED, "caller_id"),
        csv.required(EXPECTED, "callee"), csv.required(EXPECTED, "started_at"), csv.column("duration_s"),
        csv.column("outcome"), csv.column("campaign"), csv.column("origin_country")
      };
      ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
      Batch[] filling = {new Batch()};
      csv.forEach(record -> {
        Batch batch = filling[0];
        String[] fields = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
          fields[i] = CsvInput.field(record, columns[i]);
        }
        batch.add(record.getStartingLineNumber(), fields);
        if (batch.size == BATCH_ROWS) {
          pending.add(pool.submit(() -> parse(batch, calls)));
          filling[0] = new Batch();
          while (pending.size() > 2 * threads) {
            take(pending.poll(), calls, rejects);
          }
        }
      });
      Batch last = filling[0];
      pending.add(pool.submit(() -> parse(last, calls)));
      while (!pending.isEmpty()) {
        take(pending.poll(), calls, rejects);
      }
    } finally {
      pool.shutdownNow();
    }
    return calls.build();
  }

  private static final int BATCH_ROWS = 8192;

  /** Rows read, then parsed: what the pool works on. */
  private static final class Batch {
    int size;
    long[] lines = new long[BATCH_ROWS];
    String[][] fields = new String[BATCH_ROWS][];
    long[] callers;
    long[] callees;
    long[] started;
    int[] durations;
    int[] operators;
    int[] outcomes;
    int[] campaigns;
    int[] countries;
    /** Null when the row is good, else {reason, detail}. */
    String[][] rejected;

    void add(long line, String[] row) {
      lines[size] = line;
      fields[size++] = row;
    }
  }

  private static void take(Future<Batch> future, CallRecords.Builder calls, Rejects rejects) {
    Batch batch;
    try {
      batch = future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading call records", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
    for (int r = 0; r < batch.size; r++) {
      if (batch.rejected[r] != null) {
        rejects.add(batch.lines[r], batch.rejected[r][0], batch.rejected[r][1]);
        continue;
      }
      calls.addInterned(batch.fields[r][0], batch.operators[r], batch.callers[r], batch.callees[r], batch.started[r],
          batch.durations[r], batch.outcomes[r], batch.campaigns[r], batch.countries[r]);
    }
  }

  private Batch parse(Batch batch, CallRecords.Builder names) {
    int n = batch.size;
    batch.operators = new int[n];
    batch.outcomes = new int[n];
    batch.campaigns = new int[n];
    batch.countries = new int[n];
    batch.callers = new long[n];
    batch.callees = new long[n];
    batch.started = new long[n];
    batch.durations = new int[n];
    batch.rejected = new String[n][];
    int countryCode = parser.countryCode();
    for (int r = 0; r < n; r++) {
      String[] f = batch.fields[r];
      String id = f[0];
      if (id == null) {
        batch.rejected[r] = new String[] {"MISSING_CALL_ID", "call_id is empty"};
        continue;
      }
      if (f[1] == null) {
        batch.rejected[r] = new String[] {"MISSING_OPERATOR", "operator is empty (call " + id + ")"};
        continue;
      }
      String calleeText = f[3];
      if (calleeText == null) {
        batch.rejected[r] = new String[] {"MISSING_CALLEE", "callee is empty (call " + id + ")"};
        continue;
      }
      long number = parser.parseE164(calleeText);
      if (number == NumberParser.INVALID) {
        batch.rejected[r] = new String[] {"INVALID_CALLEE",
            "callee '" + calleeText + "' is not a valid telephone number (call " + id + ")"};
        continue;
      }
      if (!E164Numbers.hasCountryCode(number, countryCode)) {
        batch.rejected[r] = new String[] {"FOREIGN_CALLEE", "callee " + NumberParser.format(number)
            + " is not a number of " + parser.region() + ": audit it under its own country's profile (call " + id + ")"};
        continue;
      }
      String timeText = f[4];
      if (timeText == null) {
        batch.rejected[r] = new String[] {"MISSING_TIME", "started_at is empty (call " + id + ")"};
        continue;
      }
      long started = Times.parseOffsetDateTime(timeText);
      if (started == Times.INVALID) {
        batch.rejected[r] = new String[] {"INVALID_TIME", "started_at '" + timeText
            + "' is not an ISO-8601 time with offset, e.g. 2026-03-02T10:15:30+01:00 (call " + id + ")"};
        continue;
      }
      int seconds = -1;
      if (f[5] != null) {
        seconds = parseDuration(f[5]);
        if (seconds < 0) {
          batch.rejected[r] = new String[] {"INVALID_DURATION", "duration_s '" + f[5]
              + "' is not a whole number of seconds, 0 or more (call " + id + ")"};
          continue;
        }
      }
      if (f[8] != null && !isCountryCode(f[8])) {
        batch.rejected[r] = new String[] {"INVALID_COUNTRY", "origin_country '" + f[8]
            + "' is not a two-letter ISO 3166 code such as IT or AL (call " + id + ")"};
        continue;
      }
      batch.callers[r] = CallerIds.parse(f[2], parser);
      batch.operators[r] = names.internOperator(f[1]);
      batch.outcomes[r] = names.internOutcome(f[6]);
      batch.campaigns[r] = names.internCampaign(f[7]);
      batch.countries[r] = names.internCountry(f[8]);
      batch.callees[r] = number;
      batch.started[r] = started;
      batch.durations[r] = seconds;
    }
    return batch;
  }

  private static int parseDuration(String text) {
    if (text.length() > 9) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isCountryCode(String text) {
    return text.length() == 2 && Character.isLetter(text.charAt(0)) && Character.isLetter(text.charAt(1))
        && text.charAt(0) < 128 && text.charAt(1) < 128;
  }

}
