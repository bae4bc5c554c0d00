package org.opendnc.investigate.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One row of a delimited file as ranges of a byte buffer, quotes already removed: a cell becomes
 * a String only when asked ({@link #text}). Valid until the reader moves to the next row.
 */
final class ByteCells {
  private final Charset charset;
  private final boolean utf8;
  byte[] buf;
  int count;
  int[] starts = new int[16];
  int[] ends = new int[16];

  ByteCells(Charset charset) {
    this.charset = charset;
    this.utf8 = charset.equals(StandardCharsets.UTF_8);
  }

  void clear() {
    count = 0;
  }

  void add(int start, int end) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
    }
    starts[count] = start;
    ends[count] = end;
    count++;
  }

  int size() {
    return count;
  }

  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }

  byte[] buffer() {
    return buf;
  }

  /** The cell's text, null past the last cell (as a String[] row would give). */
  String text(int i) {
    if (i >= count) {
      return null;
    }
    int s = starts[i];
    int e = ends[i];
    for (int k = s; k < e; k++) {
      if (buf[k] < 0) {
        return new String(buf, s, e - s, charset);
      }
    }
    return new String(buf, s, e - s, StandardCharsets.ISO_8859_1); // ASCII: a copy, no decoding
  }

  /** Whether the cell is only ASCII. */
  boolean isAscii(int i) {
    for (int k = starts[i], e = ends[i]; k < e; k++) {
      if (buf[k] < 0) {
        return false;
      }
    }
    return true;
  }

  /** As {@code text(i).isBlank()} (Unicode white space); false past the last cell. */
  boolean isBlank(int i) {
    if (i >= count) {
      return false;
    }
    for (int k = starts[i], e = ends[i]; k < e; k++) {
      byte b = buf[k];
      if (b < 0) {
        return text(i).isBlank();
      }
      if (!isAsciiWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  /** Character.isWhitespace for an ASCII character. */
  static boolean isAsciiWhitespace(int c) {
    return c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1C && c <= 0x1F;
  }

  String[] toArray() {
    String[] cells = new String[count];
    for (int i = 0; i < count; i++) {
      cells[i] = text(i);
    }
    return cells;
  }

  boolean utf8() {
    return utf8;
  }
}
