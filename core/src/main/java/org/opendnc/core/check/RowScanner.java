package org.opendnc.core.check;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * Finds the rows of a CSV list and the phone cell of each, in place in the input buffer: the one
 * sequential step of a check (a quoted field may hold line breaks, so a row's end depends on every
 * quote before it).
 *
 * <p>CSV as RFC 4180 and as spreadsheets write it: a field that starts with a double quote runs to
 * the matching quote, a doubled quote inside it is a quote, and it may hold delimiters and line
 * breaks; bytes after the closing quote, up to the delimiter, still belong to the field; a quote
 * anywhere else in a field is an ordinary byte.
 *
 * <p>Not thread-safe: one per check, on the thread that finds the rows.
 */
final class RowScanner {
  /*
   * Two implementations of one contract (next()):
   *
   * - scalar(): a state machine over the bytes, the reference. It looks for the next delimiter or
   *   line feed eight bytes at a time, but pays a mispredicted branch at almost every field end,
   *   whose place in the word is random: 46-50 ns a row of ~46 bytes (RowScannerTiming).
   * - next(): classifies 64 bytes at a time into bit masks (quote, delimiter, line feed; eight
   *   bytes per SWAR step, each lane's match compressed into one bit), as simdjson and simdcsv
   *   do: 35 ns a row. Which bytes are inside quotes is the prefix XOR of the quote mask (each
   *   quote toggles, and a doubled quote toggles twice, so it stays inside); delimiters and line
   *   feeds inside quotes are masked out. A row is then a few bit operations: the phone cell is
   *   between the (column)th and (column + 1)th remaining separator, the row ends at the first
   *   remaining line feed, and the line feeds inside quotes are counted for the line numbers.
   *
   * The prefix XOR treats every quote as a toggle; the state machine only a quote that starts a
   * field (or follows the closing quote, as the second of a doubled quote). The two agree up to
   * the first quote that opens a quoted stretch anywhere else ("12\" screen", "a\"b"): next()
   * marks such quotes and hands a row that holds one to scalar(), and the row after it starts
   * afresh (rows start outside quotes in both readings, so nothing before it can differ).
   */

  private static final long BYTES = 0x0101010101010101L;
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGH = 0x8080808080808080L;
  private static final long NEWLINES = BYTES * '\n';
  private static final long QUOTES = BYTES * '"';
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte delimiter;
  private final long delimiters;
  private final int phoneColumn;

  /** Of the last row found: its phone cell, or -1 when the row has too few fields. */
  int phoneStart;
  int phoneEnd;
  /** Of the last row found: the line feeds inside its quoted fields. */
  int newlinesInRow;

  // The classified block: bytes [base, end) of buffer `buf` read up to `limit`.
  private byte[] buf;
  private int limit;
  private int base;
  private int end;
  /** Separators (delimiters and line feeds) outside quotes. */
  private long separators;
  /** Line feeds outside quotes: row ends. */
  private long rowEnds;
  /** Line feeds inside quotes. */
  private long quotedNewlines;
  /** Quotes that open a quoted stretch somewhere the state machine reads as an ordinary byte. */
  private long strayQuotes;
  /** Whether the byte after the block is inside quotes, by the prefix XOR. */
  private boolean insideAfter;
  /** Whether the block's last byte is a separator or a quote (a quote after it may open a field). */
  private boolean separatorOrQuoteLast;
  /** Set when scalar() read the last row: the next one starts a fresh classification. */
  private boolean stale = true;

  RowScanner(byte delimiter, int phoneColumn) {
    this.delimiter = delimiter;
    this.delimiters = BYTES * (delimiter & 0xff);
    this.phoneColumn = phoneColumn;
  }

  /** Forgets the classified block: call after the buffer's bytes moved or changed (a refill). */
  void reset() {
    stale = true;
  }

  /**
   * Scans the row starting at {@code p}, which must be the start of a row (the first byte after
   * the header's or the previous row's line feed). Returns the index of the row's terminating LF,
   * {@code limit} for a last row without one (only when {@code eof}), or -1 when the buffer ends
   * before the row does and more input may follow, or nothing is left. Sets {@link #phoneStart},
   * {@link #phoneEnd} and {@link #newlinesInRow}.
   *
   * @param line the row's line number, for the error message
   * @throws DncException when the file ends inside a quoted field
   */
  int next(byte[] b, int p, int limit, boolean eof, long line) {
    if (stale || b != buf || limit != this.limit || p < base || p >= end) {
      // A new buffer, a refill, the next block, or the row after one that scalar() read: classify
      // from p. It starts a row, so it is outside quotes and a quote there opens a field.
      buf = b;
      this.limit = limit;
      stale = false;
      classify(b, p, false, true);
    }
    phoneStart = -1;
    phoneEnd = -1;
    int rowStart = p;
    int field = 0;
    int fieldStart = p;
    int quotedNewlinesBefore = 0;
    while (true) {
      long from = -1L << (p - base); // p - base < 64: p is inside the block
      long ends = rowEnds & from;
      if (field <= phoneColumn) {
        long seps = separators & from;
        while (seps != 0 && field < phoneColumn && (seps & -seps & ends) == 0) {
          fieldStart = base + Long.numberOfTrailingZeros(seps) + 1;
          field++;
          seps &= seps - 1;
        }
        if (seps != 0 && field == phoneColumn) {
          phoneStart = fieldStart;
          phoneEnd = base + Long.numberOfTrailingZeros(seps);
          field++;
        }
      }
      if (ends != 0) {
        int at = Long.numberOfTrailingZeros(ends);
        long row = from & (-1L >>> (63 - at)); // bits p..at
        if ((strayQuotes & row) != 0) {
          return scalar(b, rowStart, limit, eof, line);
        }
        newlinesInRow = quotedNewlinesBefore + Long.bitCount(quotedNewlines & row);
        return base + at;
      }
      if ((strayQuotes & from) != 0) {
        return scalar(b, rowStart, limit, eof, line); // at once: the row's end may be far away
      }
      quotedNewlinesBefore += Long.bitCount(quotedNewlines & from);
      if (end >= limit) {
        // The buffer ends inside this row.
        if (!eof || limit == rowStart) {
          return -1;
        }
        if (insideAfter) {
          throw unbalancedQuote(line);
        }
        if (field == phoneColumn) {
          phoneStart = fieldStart;
          phoneEnd = limit;
        }
        newlinesInRow = quotedNewlinesBefore;
        return limit;
      }
      p = end;
      classify(b, end, insideAfter, separatorOrQuoteLast);
    }
  }

  /**
   * Classifies the bytes [start, min(start + 64, limit)) into the masks.
   *
   * @param insideBefore whether the byte at {@code start} is inside quotes so far
   * @param separatorOrQuoteBefore whether the byte before {@code start} is a separator outside
   *     quotes or a quote (or {@code start} begins a row)
   */
  private void classify(byte[] b, int start, boolean insideBefore, boolean separatorOrQuoteBefore) {
    int length = Math.min(64, limit - start);
    long quotes = 0;
    long delims = 0;
    long newlines = 0;
    if (length == 64) {
      for (int i = 0; i < 64; i += 8) {
        long w = (long) LONGS.get(b, start + i);
        quotes |= lanes(w ^ QUOTES) << i;
        delims |= lanes(w ^ delimiters) << i;
        newlines |= lanes(w ^ NEWLINES) << i;
      }
    } else {
      for (int i = 0; i < length; i++) {
        byte c = b[start + i];
        if (c == '"') {
          quotes |= 1L << i;
        } else if (c == delimiter) {
          delims |= 1L << i;
        } else if (c == '\n') {
          newlines |= 1L << i;
        }
      }
    }
    long inside = quotes == 0 ? 0 : prefixXor(quotes);
    if (insideBefore) {
      inside = ~inside;
    }
    long seps = (delims | newlines) & ~inside;
    base = start;
    end = start + length;
    separators = seps;
    rowEnds = newlines & ~inside;
    quotedNewlines = newlines & inside;
    strayQuotes = quotes & inside & ~(((seps | quotes) << 1) | (separatorOrQuoteBefore ? 1 : 0));
    if (length > 0) {
      insideAfter = (inside >>> (length - 1) & 1) != 0;
      separatorOrQuoteLast = ((seps | quotes) >>> (length - 1) & 1) != 0;
    } else {
      insideAfter = insideBefore;
      separatorOrQuoteLast = separatorOrQuoteBefore;
    }
  }

  /**
   * One bit per byte of {@code v} (bit i for byte i, little-endian), set where the byte is zero.
   * Exact, unlike the borrow trick: no lane is affected by its neighbours.
   */
  private static long lanes(long v) {
    // The high bit of a lane is clear after the OR exactly when the lane is zero; compress keeps
    // the high bits only (PEXT on x86).
    return Long.compress(~(((v & LOW7) + LOW7) | v), HIGH);
  }

  /** Bit i of the result is the XOR of bits 0..i of {@code x}: set inside quotes. */
  private static long prefixXor(long x) {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
  }

  /**
   * The reference: the same contract as {@link #next}, byte by byte (eight at a time inside
   * unquoted fields). Used for rows holding a quote that only the state machine reads right.
   */
  int scalar(byte[] b, int p, int limit, boolean eof, long line) {
    stale = true;
    int field = 0;
    int start = p;
    phoneStart = -1;
    phoneEnd = -1;
    newlinesInRow = 0;
    while (true) {
      int fieldStart = p;
      if (p < limit && b[p] == '"') {
        // A quoted field runs to its closing quote ("" is a quote inside it); bytes after the
        // closing quote, up to the delimiter, still belong to the field.
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
      }
      p = nextDelimiterOrNewline(b, p, limit, delimiter, delimiters);
      if (p >= limit) {
        if (!eof || p == start) {
          return -1; // the row goes on in the next read, or nothing is left
        }
        if (field == phoneColumn) {
          phoneStart = fieldStart;
          phoneEnd = p;
        }
        return p;
      }
      if (field == phoneColumn) {
        phoneStart = fieldStart;
        phoneEnd = p;
      }
      if (b[p] == '\n') {
        return p;
      }
      field++;
      p++;
    }
  }

  /**
   * The index of the first delimiter or LF in {@code b[p, limit)}, or {@code limit}, eight bytes
   * per step: a lane of {@code w ^ delimiters} is zero where the byte is a delimiter, and the
   * lowest zero lane is found with the usual borrow trick (exact for the lowest lane, which is the
   * only one used).
   */
  static int nextDelimiterOrNewline(byte[] b, int p, int limit, byte delimiter, long delimiters) {
    while (p + Long.BYTES <= limit) {
      long w = (long) LONGS.get(b, p);
      long found = zeroLanes(w ^ delimiters) | zeroLanes(w ^ NEWLINES);
      if (found != 0) {
        return p + (Long.numberOfTrailingZeros(found) >>> 3);
      }
      p += Long.BYTES;
    }
    while (p < limit && b[p] != delimiter && b[p] != '\n') {
      p++;
    }
    return p;
  }

  private static long zeroLanes(long v) {
    return (v - BYTES) & ~v & 0x8080808080808080L;
  }

  private static DncException unbalancedQuote(long line) {
    return new DncException(
        ErrorCode.MALFORMED_CSV,
        "line " + line + ": a quoted field is never closed before the end of the file. "
            + "Check the quotes on that line (a literal quote inside a quoted field is written \"\").");
  }
}
