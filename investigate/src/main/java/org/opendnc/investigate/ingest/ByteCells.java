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
    if (!utf8 && charset.newEncoder().maxBytesPerChar() != 1) {
      throw new IllegalArgumentException("UTF-8 or a single-byte charset, not " + charset);
    }
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
        return utf8 ? new String(buf, s, e - s, StandardCharsets.UTF_8) : singleByte(s, e);
      }
    }
    return new String(buf, s, e - s, StandardCharsets.ISO_8859_1); // ASCII: a copy, no decoding
  }

  /** A single-byte charset by table: new String(bytes, windows-1252) builds a decoder per call. */
  private String singleByte(int s, int e) {
    char[] table = decodeTable;
    if (table == null) {
      table = new char[256];
      byte[] all = new byte[256];
      for (int b = 0; b < 256; b++) {
        all[b] = (byte) b;
      }
      String decoded = new String(all, charset); // one character a byte in a single-byte charset
      for (int b = 0; b < 256; b++) {
        table[b] = decoded.charAt(b);
      }
      decodeTable = table;
    }
    char[] chars = new char[e - s];
    for (int k = s; k < e; k++) {
      chars[k - s] = table[buf[k] & 0xFF];
    }
    return new String(chars);
  }

  private char[] decodeTable;

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
