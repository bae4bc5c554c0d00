package org.opendnc.audit;

import java.nio.file.Path;
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
    CallRecords.Builder calls = new CallRecords.Builder();
    try (CsvInput csv = CsvInput.open(file, EXPECTED)) {
      int callId = csv.required(EXPECTED, "call_id");
      int operator = csv.required(EXPECTED, "operator");
      int callerId = csv.required(EXPECTED, "caller_id");
      int callee = csv.required(EXPECTED, "callee");
      int startedAt = csv.required(EXPECTED, "started_at");
      int duration = csv.column("duration_s");
      int outcome = csv.column("outcome");
      int campaign = csv.column("campaign");
      int origin = csv.column("origin_country");
      int countryCode = parser.countryCode();
      csv.forEach(record -> {
        long line = record.getStartingLineNumber();
        String id = CsvInput.field(record, callId);
        if (id == null) {
          rejects.add(line, "MISSING_CALL_ID", "call_id is empty");
          return;
        }
        String op = CsvInput.field(record, operator);
        if (op == null) {
          rejects.add(line, "MISSING_OPERATOR", "operator is empty (call " + id + ")");
          return;
        }
        String calleeText = CsvInput.field(record, callee);
        if (calleeText == null) {
          rejects.add(line, "MISSING_CALLEE", "callee is empty (call " + id + ")");
          return;
        }
        long number = parser.parseE164(calleeText);
        if (number == NumberParser.INVALID) {
          rejects.add(line, "INVALID_CALLEE", "callee '" + calleeText + "' is not a valid telephone number (call " + id + ")");
          return;
        }
        if (!E164Numbers.hasCountryCode(number, countryCode)) {
          rejects.add(line, "FOREIGN_CALLEE", "callee " + NumberParser.format(number) + " is not a number of "
              + parser.region() + ": audit it under its own country's profile (call " + id + ")");
          return;
        }
        String timeText = CsvInput.field(record, startedAt);
        if (timeText == null) {
          rejects.add(line, "MISSING_TIME", "started_at is empty (call " + id + ")");
          return;
        }
        long started = Times.parseOffsetDateTime(timeText);
        if (started == Times.INVALID) {
          rejects.add(line, "INVALID_TIME", "started_at '" + timeText
              + "' is not an ISO-8601 time with offset, e.g. 2026-03-02T10:15:30+01:00 (call " + id + ")");
          return;
        }
        int seconds = -1;
        String durationText = CsvInput.field(record, duration);
        if (durationText != null) {
          seconds = parseDuration(durationText);
          if (seconds < 0) {
            rejects.add(line, "INVALID_DURATION", "duration_s '" + durationText
                + "' is not a whole number of seconds, 0 or more (call " + id + ")");
            return;
          }
        }
        String country = CsvInput.field(record, origin);
        if (country != null && !isCountryCode(country)) {
          rejects.add(line, "INVALID_COUNTRY", "origin_country '" + country
              + "' is not a two-letter ISO 3166 code such as IT or AL (call " + id + ")");
          return;
        }
        long caller = CallerIds.parse(CsvInput.field(record, callerId), parser);
        calls.add(id, op, caller, number, started, seconds, CsvInput.field(record, outcome),
            CsvInput.field(record, campaign), country);
      });
    }
    return calls.build();
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
