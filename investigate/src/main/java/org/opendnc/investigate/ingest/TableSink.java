package org.opendnc.investigate.ingest;

import java.util.List;

/** Receives one table of a seized file: its header, then its rows in order. */
interface TableSink {
  /**
   * The table's column names. Called once, before any row. {@code firstRow} is true when the
   * names are only the file's first row (CSV, XLSX), which may turn out to be data: the sink then
   * reads it as the row at {@code line}.
   */
  void header(List<String> names, long line, boolean firstRow);

  /** One row; {@code cells} may be shorter or longer than the header (ragged rows). */
  void row(long line, String[] cells);

  /** One row as byte ranges, valid during the call only; by default read as Strings. */
  default void row(long line, ByteCells cells) {
    row(line, cells.toArray());
  }

  /** A row that could not be read at all, with a reason code and what was wrong. */
  void unreadable(long line, String reason, String detail);
}
