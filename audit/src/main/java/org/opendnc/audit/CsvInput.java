package org.opendnc.audit;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * Reads a CSV input file as a stream of records, with the project's errors for files that cannot
 * be read at all (missing, a directory, binary, empty, a quote never closed). Not thread-safe.
 */
final class CsvInput implements AutoCloseable {

  private static final int SNIFF_BYTES = 4096;
  private static final int MAX_RECORD_CHARS = 1 << 20;

  private final Path file;
  private final CsvReader<CsvRecord> reader;
  private final Iterator<CsvRecord> records;
  private final List<String> header;

  private CsvInput(Path file, CsvReader<CsvRecord> reader, String expected) {
    this.file = file;
    this.reader = reader;
    this.records = reader.iterator();
    CsvRecord first = nextOrNull();
    if (first == null) {
      throw new DncException(ErrorCode.INPUT_EMPTY,
          file + ": the file is empty. Expected a header '" + expected + "' and one row per line.");
    }
    this.header = first.getFields().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * Opens {@code file}; {@code expected} names the header in messages.
   *
   * @throws DncException {@code INPUT_NOT_FOUND}, {@code INPUT_UNREADABLE}, {@code INPUT_BINARY},
   *     {@code INPUT_EMPTY}
   */
  static CsvInput open(Path file, String expected) {
    if (Files.isDirectory(file)) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + " is a directory, not a CSV file.");
    }
    InputStream in;
    try {
      in = Files.newInputStream(file);
      byte[] head = new byte[SNIFF_BYTES];
      int read = in.readNBytes(head, 0, head.length);
      for (int i = 0; i < read; i++) {
        if (head[i] == 0) {
          in.close();
          throw new DncException(ErrorCode.INPUT_BINARY, file + ": binary data (a NUL byte at offset " + i
              + "), not a CSV text file. Export the data as CSV (UTF-8).");
        }
      }
      in.close();
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such file.");
    } catch (AccessDeniedException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": permission denied.");
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": cannot read the file: " + e.getMessage(), e);
    }
    CsvReader<CsvRecord> reader = CsvReader.builder()
        .allowExtraFields(true)
        .allowMissingFields(true)
        .detectBomHeader(true)
        .maxBufferSize(MAX_RECORD_CHARS)
        .ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      return new CsvInput(file, reader, expected);
    } catch (RuntimeException e) {
      try {
        reader.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The header's names, stripped and lowercase. */
  List<String> header() {
    return header;
  }

  /** The position of the first header name in {@code names}, or -1. */
  int column(String... names) {
    for (String name : names) {
      int i = header.indexOf(name);
      if (i >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** Like {@link #column} but required: a missing column stops the job with COLUMN_NOT_FOUND. */
  int required(String expected, String... names) {
    int i = column(names);
    if (i < 0) {
      throw new DncException(ErrorCode.COLUMN_NOT_FOUND, file + " line 1: the header " + header
          + " has no '" + names[0] + "' column. Expected the columns: " + expected + ".");
    }
    return i;
  }

  /** Streams every data record to {@code sink}. */
  void forEach(Consumer<CsvRecord> sink) {
    CsvRecord record;
    while ((record = nextOrNull()) != null) {
      sink.accept(record);
    }
  }

  private CsvRecord nextOrNull() {
    try {
      return records.hasNext() ? records.next() : null;
    } catch (CsvParseException e) {
      throw new DncException(ErrorCode.MALFORMED_CSV, file + ": " + e.getMessage()
          + ". Check the quotes around that line (a quoted field must end with a quote).", e);
    } catch (UncheckedIOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": cannot read the file: "
          + e.getCause().getMessage(), e);
    }
  }

  /** The field at {@code column}, stripped, or {@code null} when absent or blank. */
  static String field(CsvRecord record, int column) {
    if (column < 0 || column >= record.getFieldCount()) {
      return null;
    }
    String value = record.getField(column).strip();
    return value.isEmpty() ? null : value;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
