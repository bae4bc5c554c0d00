package org.opendnc.investigate.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * Reads a delimited text export at the byte level: rows are handed over as {@link ByteCells}
 * (ranges of one buffer), so a cell costs a String only when the sink asks for it. Used by
 * {@link CsvTableReader} for UTF-8 and Windows-1252 files whose lines all fit the line cap and
 * that hold no bare carriage return (TextEncoding measured both); every other file is read by
 * FastCSV. Gives the same rows, cells, line numbers and reports as the FastCSV path on the files
 * it accepts (DelimitedReaderTest compares them).
 */
final class DelimitedReader {
  /*
   * The grammar is FastCSV's (StrictCsvParser, as CsvTableReader configures it): a field that
   * starts with a quote is quoted until the next quote; after that quote, a quote re-enters quoted
   * mode and any other character is kept (extra characters after a closing quote are allowed);
   * the quoted field's text is what lies between its first quote and the field's end (a last
   * character that is a quote dropped), with each pair of quotes read as one. A quote elsewhere is
   * data. An unquoted LF or CRLF ends the row; newlines inside quotes are data and count as lines.
   * A line with nothing on it is skipped (its number is used). At the end of the file, an
   * unfinished field is kept (quoted or not) and a trailing delimiter adds an empty field.
   *
   * The quote check of LineCappingReader is kept too: the number of quotes in the file is odd
   * means a quote opened (on the line of the last opening one) never closes. A field longer than
   * FastCSV's buffer (four times the line cap, at least 64 Ki characters) ends the file with
   * MALFORMED_CSV, as FastCSV's exception does.
   *
   * The buffer holds the current row from its first byte; when the row runs past the bytes read,
   * they are moved to the front, more are read and the row is scanned again from its start (quotes
   * are removed only once the row is complete, so a rescan sees the original bytes).
   */
  private static final int READ_SIZE = 1 << 16;

  private final InputStream in;
  private final byte delimiter;
  private final int maxFieldChars;
  private final ByteCells cells;
  private final boolean utf8;
  private byte[] buf = new byte[READ_SIZE * 2];
  private int limit;
  private int position;
  private boolean eof;
  private boolean skipLineFeed; // the last row ended on a CR: the LF after it belongs to it
  private long nextLine = 1;
  private long rowLine;
  private long quotes; // quotes seen in complete rows: parity as LineCappingReader counts
  private long quoteOpenedLine;
  private boolean[] quoted = new boolean[16];

  private DelimitedReader(InputStream in, char delimiter, int maxLineChars, ByteCells cells) {
    this.in = in;
    this.delimiter = (byte) delimiter;
    this.maxFieldChars = Math.max(maxLineChars * 4, 1 << 16);
    this.cells = cells;
    this.utf8 = cells.utf8();
  }

  /** Whether the file can be read here, from what TextEncoding found. */
  static boolean accepts(TextEncoding.Detected encoding, char delimiter, int maxLineChars) {
    return !encoding.binary() && !encoding.bareCarriageReturn() && encoding.longestLineBytes() <= maxLineChars
        && delimiter < 0x80 && delimiter != '"' && delimiter != '\r' && delimiter != '\n'
        && (encoding.charset().equals(java.nio.charset.StandardCharsets.UTF_8)
            || encoding.charset().equals(TextEncoding.WINDOWS_1252));
  }

  /** Reads the file into the sink: the first row is the header. */
  static void read(Path file, TextEncoding.Detected encoding, char delimiter, int maxLineChars, TableSink sink)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      if (encoding.bom()) {
        in.skipNBytes(3);
      }
      DelimitedReader reader = new DelimitedReader(in, delimiter, maxLineChars, new ByteCells(encoding.charset()));
      boolean first = true;
      long line = 0;
      while (true) {
        int outcome = reader.next();
        if (outcome == END) {
          break;
        }
        if (outcome == FIELD_TOO_LONG) {
          throw new DncException(ErrorCode.MALFORMED_CSV, file.getFileName() + ": unreadable after line " + line
              + " (a quote that never closes?): The maximum buffer size of " + reader.maxFieldChars
              + " is insufficient to read the data of a single field. This issue typically arises when a quotation"
              + " begins but does not conclude within the confines of this buffer's maximum limit. "
              + ". The rows before it were read; fix the quoting and run again.");
        }
        line = reader.rowLine;
        if (first) {
          first = false;
          sink.header(Arrays.asList(reader.cells.toArray()), line, true);
        } else {
          sink.row(line, reader.cells);
        }
      }
      if ((reader.quotes & 1) != 0) {
        throw new DncException(ErrorCode.MALFORMED_CSV, file.getFileName() + ": a quote opened at line "
            + reader.quoteOpenedLine + " never closes, so every row after it would be lost. Fix the quoting"
            + " (or remove the stray quote) and run again.");
      }
      if (first) {
        throw new DncException(ErrorCode.INPUT_EMPTY, file.getFileName() + ": the file holds no rows.");
      }
    }
  }

  private static final int ROW = 0;
  private static final int END = 1;
  private static final int FIELD_TOO_LONG = 2;
  private static final int EMPTY_ROW = 3;
  private static final int NEED_MORE = 4;

  // field states
  private static final int START = 0; // nothing read in the field yet
  private static final int DATA = 1; // unquoted data
  private static final int QUOTED = 2; // inside quotes
  private static final int CLOSED = 3; // after the quote that closed quoted mode

  // where a scan stopped for want of bytes (used at the end of the file)
  private int endState;
  private int endFieldStart;
  private int endFields;
  private int endNewlines;
  private long endQuotes;
  private long endQuoteOpenedLine;

  /** Reads the next non-empty row into {@link #cells}: ROW, END or FIELD_TOO_LONG. */
  private int next() throws IOException {
    while (true) {
      if (skipLineFeed) {
        if (position == limit && !fill(position)) {
          return END;
        }
        if (buf[position] == '\n') {
          position++;
        }
        skipLineFeed = false;
      }
      int rowStart = position;
      int result;
      while ((result = scanFrom(rowStart)) == NEED_MORE) {
        if (eof) {
          result = finishAtEnd();
          break;
        }
        int shift = rowStart;
        fill(rowStart);
        rowStart -= shift;
      }
      if (result != EMPTY_ROW) {
        return result;
      }
    }
  }

  /**
   * Scans the row starting at {@code rowStart} within the bytes read: ROW (cells set, position
   * after its line end), EMPTY_ROW, FIELD_TOO_LONG, or NEED_MORE (where it stopped is kept for
   * the end of the file).
   */
  private int scanFrom(int rowStart) {
    final byte[] b = buf;
    final byte sep = delimiter;
    final int end = limit;
    cells.buf = b;
    cells.clear();
    int p = rowStart;
    int fieldStart = p;
    int state = START;
    int fields = 0;
    int newlines = 0;
    long q = quotes;
    long opened = quoteOpenedLine;
    while (p < end) {
      byte c = b[p++];
      if (c == '"') { // LineCappingReader's count: every quote toggles
        q++;
        if ((q & 1) != 0) {
          opened = nextLine + newlines;
        }
        if (state != DATA) {
          state = state == QUOTED ? CLOSED : QUOTED;
        }
      } else if (state == QUOTED) {
        if (c == '\n') {
          newlines++;
        } else if (p - fieldStart > maxFieldChars && fieldTooLong(fieldStart, p)) {
          return FIELD_TOO_LONG;
        }
      } else if (c == sep) {
        addField(fields++, fieldStart, p - 1, state);
        fieldStart = p;
        state = START;
      } else if (c == '\n' || c == '\r') {
        rowLine = nextLine;
        nextLine = rowLine + 1 + newlines;
        position = p;
        skipLineFeed = c == '\r';
        quotes = q;
        quoteOpenedLine = opened;
        if (fields == 0 && p - 1 == fieldStart) { // nothing on the line
          return EMPTY_ROW;
        }
        addField(fields++, fieldStart, p - 1, state);
        unquote(fields);
        return ROW;
      } else if (state == START) {
        state = DATA;
      }
    }
    endState = state;
    endFieldStart = fieldStart;
    endFields = fields;
    endNewlines = newlines;
    endQuotes = q;
    endQuoteOpenedLine = opened;
    return NEED_MORE;
  }

  /** The end of the file inside a row: its last field is kept, as FastCSV does. */
  private int finishAtEnd() {
    int fields = endFields;
    position = limit;
    if (endFieldStart < limit) {
      addField(fields++, endFieldStart, limit, endState);
    } else if (fields > 0) { // a delimiter just before the end: one more, empty field
      addField(fields++, limit, limit, START);
    } else {
      return END;
    }
    rowLine = nextLine;
    nextLine = rowLine + 1 + endNewlines;
    quotes = endQuotes;
    quoteOpenedLine = endQuoteOpenedLine;
    unquote(fields);
    return ROW;
  }

  private void addField(int index, int start, int end, int state) {
    cells.add(start, end);
    if (index == quoted.length) {
      quoted = Arrays.copyOf(quoted, index * 2);
    }
    quoted[index] = state == QUOTED || state == CLOSED;
  }

  /** Removes the quotes of the quoted fields, in place (FastCSV's rule, see the class comment). */
  private void unquote(int fields) {
    byte[] b = buf;
    for (int f = 0; f < fields; f++) {
      if (!quoted[f]) {
        continue;
      }
      int begin = cells.starts[f] + 1;
      int end = cells.ends[f];
      if (end > begin && b[end - 1] == '"') {
        end--;
      } else if (end < begin) {
        end = begin;
      }
      int i = begin;
      while (i < end && b[i] != '"') {
        i++;
      }
      int to = i;
      boolean escape = false;
      for (; i < end; i++) {
        byte c = b[i];
        if (c == '"') {
          escape = !escape;
          if (escape) {
            continue;
          }
        }
        b[to++] = c;
      }
      cells.starts[f] = begin;
      cells.ends[f] = to;
    }
  }

  /** Whether the field from {@code start} to {@code end} holds more characters than FastCSV's buffer. */
  private boolean fieldTooLong(int start, int end) {
    if (!utf8) {
      return true;
    }
    int chars = 0;
    for (int i = start; i < end; i++) {
      if ((buf[i] & 0xC0) != 0x80) {
        chars++;
      }
    }
    return chars > maxFieldChars;
  }

  /** Moves [keepFrom, limit) to the front and reads more; false at the end of the file with nothing new. */
  private boolean fill(int keepFrom) throws IOException {
    int kept = limit - keepFrom;
    if (keepFrom > 0) {
      System.arraycopy(buf, keepFrom, buf, 0, kept);
    }
    limit = kept;
    position -= keepFrom;
    if (buf.length - limit < READ_SIZE) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, limit + READ_SIZE));
    }
    int read = in.readNBytes(buf, limit, READ_SIZE);
    if (read <= 0) {
      eof = true;
      return false;
    }
    limit += read;
    if (read < READ_SIZE) {
      eof = true;
    }
    return true;
  }
}
