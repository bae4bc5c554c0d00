package org.opendnc.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.opendnc.core.number.NumberParser;
import org.opendnc.store.OperatorListStore;
import org.opendnc.store.OperatorListStore.DoNotContactEntry;

/**
 * Imports an operator's internal do-not-contact list (CSV: {@code number,added_at,refused_at}) into
 * the store. Idempotent: numbers already listed for the operator keep their first entry.
 */
public final class DoNotContactImport {

  /** The file's header. */
  public static final String EXPECTED = "number,added_at,refused_at";

  private static final int BATCH = 10_000;

  /** What an import did. */
  public record Result(long rows, long added, long alreadyListed, Rejects rejects) {}

  private DoNotContactImport() {}

  /**
   * Imports {@code file} for {@code operator}. Times without offset are in {@code zone}; a missing
   * {@code added_at} is refused (a list without dates proves nothing).
   */
  public static Result run(OperatorListStore store, String operator, Path file, NumberParser parser, ZoneId zone,
      Clock clock, Path rejectsFile) {
    try (Rejects rejects = new Rejects(rejectsFile)) {
      return run(store, operator, file, parser, zone, clock, rejects);
    }
  }

  /**
   * Imports {@code file} for {@code operator}, reporting bad rows to {@code rejects} (which the
   * caller closes); the rules of {@link #run(OperatorListStore, String, Path, NumberParser, ZoneId,
   * Clock, Path)}. The operators' API comes here.
   *
   * @param source how entries name where they came from, e.g. the uploaded file's name
   * @throws org.opendnc.core.error.DncException when the file cannot be read as a whole
   *     (INPUT_EMPTY, INPUT_BINARY, COLUMN_NOT_FOUND, MALFORMED_CSV, ...)
   */
  public static Result run(OperatorListStore store, String operator, Path file, NumberParser parser, ZoneId zone,
      Clock clock, Rejects rejects) {
    return run(store, operator, file, file.getFileName().toString(), parser, zone, clock, rejects);
  }

  /** As {@link #run(OperatorListStore, String, Path, NumberParser, ZoneId, Clock, Rejects)}, naming the source. */
  public static Result run(OperatorListStore store, String operator, Path file, String source, NumberParser parser,
      ZoneId zone, Clock clock, Rejects rejects) {
    Instant now = clock.instant();
    try (CsvInput csv = CsvInput.open(file, EXPECTED)) {
      int number = csv.required(EXPECTED, "number", "numero", "phone", "telefono", "msisdn", "e164");
      int added = csv.required(EXPECTED, "added_at", "data_inserimento");
      int refused = csv.column("refused_at", "data_rifiuto");
      List<DoNotContactEntry> batch = new ArrayList<>(BATCH);
      long[] counts = new long[2];
      csv.forEach(record -> {
        long line = record.getStartingLineNumber();
        counts[0]++;
        String numberText = CsvInput.field(record, number);
        long e164 = numberText == null ? NumberParser.INVALID : parser.parseE164(numberText);
        if (e164 == NumberParser.INVALID) {
          rejects.add(line, numberText == null ? "MISSING_NUMBER" : "INVALID_NUMBER",
              "number '" + (numberText == null ? "" : numberText) + "' is not a valid telephone number");
          return;
        }
        String addedText = CsvInput.field(record, added);
        long addedAt = addedText == null ? Times.INVALID : Times.parseLenient(addedText, zone);
        if (addedAt == Times.INVALID) {
          rejects.add(line, addedText == null ? "MISSING_TIME" : "INVALID_TIME", "added_at '"
              + (addedText == null ? "" : addedText) + "' must be an ISO-8601 time or date: when the number was added");
          return;
        }
        String refusedText = CsvInput.field(record, refused);
        long refusedAt = refusedText == null ? Times.INVALID : Times.parseLenient(refusedText, zone);
        if (refusedText != null && refusedAt == Times.INVALID) {
          rejects.add(line, "INVALID_TIME", "refused_at '" + refusedText + "' must be an ISO-8601 time or date");
          return;
        }
        if (Times.toInstant(addedAt).isAfter(now) || (refusedText != null && Times.toInstant(refusedAt).isAfter(now))) {
          rejects.add(line, "FUTURE_DATE", "a date lies in the future");
          return;
        }
        batch.add(new DoNotContactEntry(operator, e164, Times.toInstant(addedAt),
            refusedText == null ? null : Times.toInstant(refusedAt), source + ":" + line));
        if (batch.size() == BATCH) {
          counts[1] += store.addDoNotContact(batch);
          batch.clear();
        }
      });
      counts[1] += store.addDoNotContact(batch);
      long valid = counts[0] - rejects.count();
      return new Result(counts[0], counts[1], valid - counts[1], rejects);
    }
  }
}
