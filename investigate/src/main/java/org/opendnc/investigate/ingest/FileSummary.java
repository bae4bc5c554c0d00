package org.opendnc.investigate.ingest;

import java.util.List;
import java.util.Map;
import org.opendnc.core.error.ErrorCode;

/**
 * What reading one firm's file gave: its format, the columns used for each role, the counts, and
 * the error that made it unusable (then {@code error} is set and there are no records).
 *
 * @param rows data rows seen, readable or not
 * @param unreadable rows that could not be used (each is in unreadable_rows.csv with its line)
 * @param invalidNumbers records whose number is not a valid telephone number (kept as evidence)
 * @param duplicates rows of a number already in the file (the first-acquired row is kept)
 * @param unreadableDates acquisition dates that are not dates (the record is kept without a date)
 */
public record FileSummary(
    String firm,
    String file,
    String format,
    Map<Role, String> columns,
    long rows,
    long records,
    long unreadable,
    long invalidNumbers,
    long duplicates,
    long unreadableDates,
    List<String> unreadableExamples,
    ErrorCode errorCode,
    String error) {

  public boolean failed() {
    return errorCode != null;
  }
}
