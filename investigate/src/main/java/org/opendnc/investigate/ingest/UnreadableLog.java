package org.opendnc.investigate.ingest;

/** Where every unreadable row goes (unreadable_rows.csv). Called from several reading threads. */
public interface UnreadableLog {
  /** One row that could not be used: the file, its line, a reason code and what was wrong. */
  void add(String file, long line, String reason, String detail);
}
