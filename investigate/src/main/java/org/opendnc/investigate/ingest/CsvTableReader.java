package org.opendnc.investigate.ingest;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * Reads a delimited text export: delimiter and encoding sniffed, lines capped. Files whose lines
 * all fit the cap, in UTF-8 or Windows-1252 without bare carriage returns (nearly all), are read
 * by the byte-level {@link DelimitedReader}; the others by FastCSV behind {@link LineCappingReader}.
 */
final class CsvTableReader {
  private static final char[] DELIMITERS = {',', ';', '\t', '|'};

  private CsvTableReader() {}

  /** The encoding and delimiter found, for the ingest notes. */
  record Format(String encoding, char delimiter) {}

  static Format read(Path file, int maxLineChars, TableSink sink) throws IOException {
    return read(file, maxLineChars, sink, true);
  }

  /** As {@link #read(Path, int, TableSink)}; {@code byteLevel} false always takes FastCSV (tests). */
  static Format read(Path file, int maxLineChars, TableSink sink, boolean byteLevel) throws IOException {
    TextEncoding.Detected encoding = TextEncoding.detect(file);
    if (encoding.binary()) {
      throw new DncException(ErrorCode.INPUT_BINARY, file.getFileName()
          + ": holds binary data (NUL bytes), not text. Export it as CSV, XLSX, JSON lines or SQLite.");
    }
    char delimiter = sniffDelimiter(file, encoding, maxLineChars);
    Format format = new Format(encoding.charset().name() + (encoding.bom() ? " (BOM)" : ""), delimiter);
    if (byteLevel && DelimitedReader.accepts(encoding, delimiter, maxLineChars)) {
      DelimitedReader.read(file, encoding, delimiter, maxLineChars, sink);
      return format;
    }
    try (LineCappingReader capped = new LineCappingReader(open(file, encoding), maxLineChars);
        CsvReader<CsvRecord> csv =
            CsvReader.builder()
                .fieldSeparator(delimiter)
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(true)
                .maxBufferSize(Math.max(maxLineChars * 4, 1 << 16))
                .ofCsvRecord(capped)) {
      boolean first = true;
      long line = 0;
      try {
        for (CsvRecord record : csv) {
          line = record.getStartingLineNumber();
          if (capped.takeCut(line)) {
            sink.unreadable(line, "RECORD_TOO_LONG",
                "line longer than " + maxLineChars + " characters; skipped to the next line");
            continue;
          }
          String[] cells = record.getFields().toArray(String[]::new);
          if (first) {
            first = false;
            sink.header(Arrays.asList(cells), line, true);
          } else {
            sink.row(line, cells);
          }
        }
      } catch (CsvParseException e) {
        throw new DncException(ErrorCode.MALFORMED_CSV, file.getFileName() + ": unreadable after line " + line
            + " (a quote that never closes?): " + rootMessage(e)
            + ". The rows before it were read; fix the quoting and run again.");
      }
      if (capped.quoteOpen()) {
        throw new DncException(ErrorCode.MALFORMED_CSV, file.getFileName() + ": a quote opened at line "
            + capped.quoteOpenedLine() + " never closes, so every row after it would be lost. Fix the quoting"
            + " (or remove the stray quote) and run again.");
      }
      if (first) {
        throw new DncException(ErrorCode.INPUT_EMPTY, file.getFileName() + ": the file holds no rows.");
      }
    }
    return format;
  }

  private static Reader open(Path file, TextEncoding.Detected encoding) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (encoding.bom()) {
      in.skipNBytes(3);
    }
    return new InputStreamReader(in, encoding.charset());
  }

  /** The most frequent of , ; TAB | outside quotes in the first line (comma on a tie or none). */
  private static char sniffDelimiter(Path file, TextEncoding.Detected encoding, int maxLineChars) throws IOException {
    try (BufferedReader reader = new BufferedReader(new LineCappingReader(open(file, encoding), maxLineChars))) {
      String line = reader.readLine();
      while (line != null && line.isBlank()) {
        line = reader.readLine();
      }
      if (line == null) {
        return ',';
      }
      int[] counts = new int[DELIMITERS.length];
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '"') {
          quoted = !quoted;
        } else if (!quoted) {
          for (int d = 0; d < DELIMITERS.length; d++) {
            if (c == DELIMITERS[d]) {
              counts[d]++;
            }
          }
        }
      }
      int best = 0;
      for (int d = 1; d < DELIMITERS.length; d++) {
        if (counts[d] > counts[best]) {
          best = d;
        }
      }
      return DELIMITERS[best];
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return message == null ? t.getClass().getSimpleName() : message;
  }
}
