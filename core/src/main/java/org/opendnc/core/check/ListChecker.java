package org.opendnc.core.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.index.IndexView;
import org.opendnc.core.index.NumberSet;
import org.opendnc.core.number.E164Numbers;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.receipt.Receipt;

/**
 * Checks (scrubs) a CSV call list against the opposition index as a stream: every input row is
 * written out unchanged with three columns added ({@code e164}, {@code verdict}, {@code reason}).
 *
 * <p>Not thread-safe: use one instance per check. The index view must not change during a check
 * (a {@link org.opendnc.core.index.LiveIndex.View} never does), so the whole list is checked
 * against one register version.
 */
public final class ListChecker {
  /*
   * This is the measured hot path of a check (docs/benchmarks.md), so it works on bytes:
   *
   * - The input is read in large chunks into one buffer. A row is scanned in place; the phone
   *   cell is handed to NumberParser.parseE164(byte[], off, len) without creating a String. The
   *   row's bytes are copied to the output unchanged, and the added columns are appended before
   *   the row's own line terminator (LF or CRLF is kept as found).
   * - CSV follows RFC 4180: a field that starts with a double quote runs to the matching quote,
   *   doubled quotes are escaped quotes, and a quoted field may hold delimiters and line breaks.
   *   The delimiter is whatever of , ; TAB | occurs most in the header line (Italian spreadsheets
   *   write ';').
   * - A row that is incomplete at the end of the buffer is moved to the front and the buffer is
   *   refilled. A row longer than MAX_RECORD_BYTES is refused with its line number: it is almost
   *   always a quote that never closes, and refusing it bounds memory for hostile files.
   * - Reading and hashing the input, and hashing and writing the output, run on two background
   *   threads (HashingPipe), so the scanning thread only scans, parses, looks up and copies.
   * - Nothing is dropped: a row without a phone cell, an empty cell, an invalid or a foreign
   *   number all get the verdict INVALID with a reason code, and every row is counted.
   */

  /** The longest record (row) accepted, in bytes. */
  public static final int MAX_RECORD_BYTES = 1 << 20;

  /** Input buffer; a partial record is at most MAX_RECORD_BYTES, so a refill always adds bytes. */
  private static final int CHUNK_BYTES = 1 << 22;
  private static final int BINARY_SNIFF_BYTES = 1 << 16;

  private final NumberParser parser;
  private final IndexView index;
  private final int countryCode;

  // Row scan state, reset per row.
  private int phoneStart;
  private int phoneEnd;
  private int newlinesInRow;

  /**
   * @param parser parses the phone cells; its country code is the register's: valid numbers of
   *     other countries are reported as {@link Reason#FOREIGN_NUMBER}
   * @param index the register state to check against, at one version
   */
  public ListChecker(NumberParser parser, IndexView index) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.index = Objects.requireNonNull(index, "index");
    this.countryCode = parser.countryCode();
  }

  /**
   * Checks the list read from {@code in} and writes the result to {@code out}. Neither stream is
   * closed.
   *
   * @param progress receives the number of input bytes consumed so far, once per chunk; may be
   *     {@code null}
   * @throws DncException for input that is not a usable CSV list (empty, binary, no phone column,
   *     unbalanced quote, a record longer than {@link #MAX_RECORD_BYTES})
   * @throws IOException when reading or writing fails
   */
  public CheckResult check(InputStream in, OutputStream out, CheckOptions options, LongConsumer progress)
      throws IOException {
    try (HashingPipe.Reader reader = new HashingPipe.Reader(in, sha256());
        HashingPipe.Writer writer = new HashingPipe.Writer(out, sha256())) {
      return check(new Input(reader, progress), new Output(writer), options);
    }
  }

  private CheckResult check(Input input, Output output, CheckOptions options) throws IOException {
    Header header = readHeader(input, options.column());
    output.write(input.buf, input.pos, header.contentEnd - input.pos);
    writeAddedHeader(output, header.delimiter);
    output.write(input.buf, header.contentEnd, header.rowEnd - header.contentEnd);
    if (header.rowEnd < input.limit) {
      output.write((byte) '\n');
      input.pos = header.rowEnd + 1;
    } else {
      input.pos = header.rowEnd;
    }
    long line = 2 + header.newlinesInside;

    IndexView.Lookup lookup = index.lookupFor(options.operator());
    NumberSet callable = new NumberSet();
    byte delimiter = (byte) header.delimiter;
    int phoneColumn = header.phoneColumn;
    byte[] digits = new byte[24];
    long callableRows = 0;
    long blockedRows = 0;
    long invalidRows = 0;

    while (true) {
      int rowStart = input.pos;
      if (rowStart >= input.limit && !input.fill(line)) {
        break;
      }
      rowStart = input.pos;
      int rowEnd = scanRow(input.buf, rowStart, input.limit, input.eof, delimiter, phoneColumn, line);
      if (rowEnd < 0) {
        input.fill(line);
        continue;
      }
      if (rowEnd - rowStart > MAX_RECORD_BYTES) {
        throw tooLong(line);
      }
      byte[] buf = input.buf;
      int contentEnd = rowEnd;
      if (contentEnd > rowStart && buf[contentEnd - 1] == '\r') {
        contentEnd--;
      }
      if (phoneEnd > contentEnd) {
        phoneEnd = contentEnd;
      }
      int next = rowEnd < input.limit ? rowEnd + 1 : rowEnd;

      long e164 = NumberParser.INVALID;
      Reason reason;
      if (phoneStart < 0 || isBlank(buf, phoneStart, phoneEnd)) {
        reason = Reason.MISSING_NUMBER;
      } else {
        e164 = parser.parseE164(buf, phoneStart, phoneEnd - phoneStart);
        if (e164 == NumberParser.INVALID) {
          reason = Reason.INVALID_NUMBER;
        } else if (!E164Numbers.hasCountryCode(e164, countryCode)) {
          reason = Reason.FOREIGN_NUMBER;
        } else {
          reason = switch (lookup.stateOf(e164)) {
            case NOT_REGISTERED -> Reason.NOT_REGISTERED;
            case ALLOWED -> Reason.ALLOWED_BY_SUBSCRIBER;
            case OPPOSED -> Reason.REGISTERED;
          };
        }
      }
      Verdict verdict = reason.verdict();
      if (verdict == Verdict.CALLABLE) {
        callableRows++;
        callable.add(e164);
      } else if (verdict == Verdict.BLOCKED) {
        blockedRows++;
      } else {
        invalidRows++;
      }
      if (!options.onlyCallable() || verdict == Verdict.CALLABLE) {
        output.write(buf, rowStart, contentEnd - rowStart);
        output.write(delimiter);
        if (reason != Reason.INVALID_NUMBER && reason != Reason.MISSING_NUMBER) {
          output.write((byte) '+');
          output.write(digits, 0, writeDigits(e164, digits));
        }
        output.write(delimiter);
        output.write(reason.verdictBytes());
        output.write(delimiter);
        output.write(reason.reasonBytes());
        if (contentEnd < rowEnd) {
          output.write((byte) '\r');
        }
        // The last row of a file may have no line terminator; the output then has none either.
        if (rowEnd < input.limit) {
          output.write((byte) '\n');
        }
      }
      line += 1 + newlinesInRow;
      input.pos = next;
    }
    byte[] outputSha256 = output.finish();
    Receipt.Counts counts =
        new Receipt.Counts(callableRows + blockedRows + invalidRows, callableRows, blockedRows, invalidRows);
    callable.runOptimize();
    return new CheckResult(
        counts, input.reader.digest(), outputSha256, callable, header.phoneColumnName, header.delimiter);
  }

  /**
   * Scans one row starting at {@code p}. Returns the index of the row's terminating LF, {@code
   * limit} for a last row without one (only when {@code eof}), or -1 when the buffer ends before
   * the row does and more input may follow. Sets phoneStart/phoneEnd (-1 when the row has too few
   * fields) and newlinesInRow.
   */
  private int scanRow(byte[] b, int p, int limit, boolean eof, byte delimiter, int phoneColumn, long line) {
    int field = 0;
    int fieldStart = p;
    int start = p;
    phoneStart = -1;
    phoneEnd = -1;
    newlinesInRow = 0;
    while (p < limit) {
      byte c = b[p];
      if (c == '"' && p == fieldStart) {
        p++;
        while (true) {
          if (p >= limit) {
            if (!eof) {
              return -1;
            }
            throw unbalancedQuote(line);
          }
          byte q = b[p];
          if (q == '"') {
            if (p + 1 < limit) {
              if (b[p + 1] != '"') {
                p++;
                break;
              }
              p += 2;
              continue;
            }
            if (!eof) {
              return -1;
            }
            p++;
            break;
          }
          if (q == '\n') {
            newlinesInRow++;
          }
          p++;
        }
        continue;
      }
      if (c == delimiter) {
        if (field == phoneColumn) {
          phoneStart = fieldStart;
          phoneEnd = p;
        }
        field++;
        fieldStart = ++p;
        continue;
      }
      if (c == '\n') {
        if (field == phoneColumn) {
          phoneStart = fieldStart;
          phoneEnd = p;
        }
        return p;
      }
      p++;
    }
    if (!eof) {
      return -1;
    }
    if (p == start) {
      return -1; // nothing left
    }
    if (field == phoneColumn) {
      phoneStart = fieldStart;
      phoneEnd = p;
    }
    return p;
  }

  static DncException tooLong(long line) {
    return new DncException(
        ErrorCode.RECORD_TOO_LONG,
        "line " + line + ": the record is longer than " + MAX_RECORD_BYTES / 1024
            + " KiB. This is usually a quote that is never closed; check the quotes on that line.");
  }

  private static DncException unbalancedQuote(long line) {
    return new DncException(
        ErrorCode.MALFORMED_CSV,
        "line " + line + ": a quoted field is never closed before the end of the file. "
            + "Check the quotes on that line (a literal quote inside a quoted field is written \"\").");
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '"' && c != '\'') {
        return false;
      }
    }
    return true;
  }

  /** Writes the decimal digits of a positive long into {@code into}; returns how many. */
  static int writeDigits(long value, byte[] into) {
    int len = 0;
    long v = value;
    do {
      into[into.length - 1 - len] = (byte) ('0' + (v % 10));
      v /= 10;
      len++;
    } while (v != 0);
    System.arraycopy(into, into.length - len, into, 0, len);
    return len;
  }

  private static void writeAddedHeader(Output output, char delimiter) throws IOException {
    for (String name : new String[] {"e164", "verdict", "reason"}) {
      output.write((byte) delimiter);
      for (int i = 0; i < name.length(); i++) {
        output.write((byte) name.charAt(i));
      }
    }
  }

  private Header readHeader(Input input, String requestedColumn) throws IOException {
    if (!input.fill(1) || input.limit == 0) {
      throw new DncException(
          ErrorCode.INPUT_EMPTY,
          "the list is empty: expected a header line (e.g. 'name,phone') followed by one row per number.");
    }
    int sniff = Math.min(input.limit, BINARY_SNIFF_BYTES);
    for (int i = 0; i < sniff; i++) {
      if (input.buf[i] == 0) {
        throw new DncException(
            ErrorCode.INPUT_BINARY,
            "the list holds binary data (a NUL byte at offset " + i + "): expected a CSV text file. "
                + "Export the list as CSV (UTF-8) and try again.");
      }
    }
    return Header.parse(input, requestedColumn);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The input side: one growable buffer filled from the read-ahead thread. */
  static final class Input {
    final HashingPipe.Reader reader;
    final LongConsumer progress;
    byte[] buf = new byte[CHUNK_BYTES];
    int pos;
    int limit;
    boolean eof;
    long consumed;

    Input(HashingPipe.Reader reader, LongConsumer progress) {
      this.reader = reader;
      this.progress = progress;
    }

    /**
     * Moves the unconsumed bytes to the front and reads more. Returns false when no unconsumed
     * byte is left and the stream has ended.
     */
    boolean fill(long line) throws IOException {
      if (eof) {
        return pos < limit;
      }
      int remaining = limit - pos;
      if (remaining > MAX_RECORD_BYTES) {
        throw tooLong(line);
      }
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, remaining);
      }
      pos = 0;
      limit = remaining;
      while (limit < buf.length) {
        int n = reader.read(buf, limit, buf.length - limit);
        if (n < 0) {
          eof = true;
          break;
        }
        limit += n;
        consumed += n;
        if (limit - remaining >= CHUNK_BYTES / 2) {
          break;
        }
      }
      if (progress != null) {
        progress.accept(consumed);
      }
      return pos < limit;
    }
  }

  /** The output side: blocks filled here, hashed and written by the write-behind thread. */
  static final class Output {
    final HashingPipe.Writer writer;
    byte[] buf;
    int size;

    Output(HashingPipe.Writer writer) throws IOException {
      this.writer = writer;
      this.buf = writer.emptyBlock();
    }

    void write(byte b) throws IOException {
      if (size == buf.length) {
        submit();
      }
      buf[size++] = b;
    }

    void write(byte[] b) throws IOException {
      write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (size == buf.length) {
          submit();
        }
        int n = Math.min(len, buf.length - size);
        System.arraycopy(b, off, buf, size, n);
        size += n;
        off += n;
        len -= n;
      }
    }

    private void submit() throws IOException {
      writer.submit(buf, size);
      buf = writer.emptyBlock();
      size = 0;
    }

    /** Writes what is left and returns the SHA-256 of everything written. */
    byte[] finish() throws IOException {
      if (size > 0) {
        writer.submit(buf, size);
        size = 0;
      }
      return writer.finish();
    }
  }
}
