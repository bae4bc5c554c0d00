package org.opendnc.investigate.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The encoding of a text export: UTF-8 (with or without BOM) unless its bytes are not UTF-8. */
final class TextEncoding {
  /*
   * The whole file is scanned once (a state machine over bytes): a single byte sequence that is
   * not UTF-8 makes the file Windows-1252, the superset of Latin-1 that Italian office software
   * writes. Windows-1252 decodes every byte, so such a file never fails to decode; a file with NUL
   * bytes near its start is refused as binary. The same pass measures the longest line in bytes
   * and looks for a carriage return not followed by a line feed: CsvTableReader reads a file
   * whose lines all fit the cap and that has no bare CR with its byte-level reader.
   */
  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final int BINARY_PROBE_BYTES = 1 << 16;

  /**
   * The encoding found, whether the file starts with a UTF-8 byte order mark, whether it looks
   * binary, its longest line in bytes (line feed excluded, BOM included) and whether it holds a
   * carriage return not followed by a line feed.
   */
  record Detected(Charset charset, boolean bom, boolean binary, long longestLineBytes, boolean bareCarriageReturn) {
    Detected(Charset charset, boolean bom, boolean binary) {
      this(charset, bom, binary, 0, false);
    }
  }

  private TextEncoding() {}

  static Detected detect(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int need = 0; // continuation bytes still expected
      boolean first = true;
      boolean bom = false;
      boolean valid = true;
      long seen = 0;
      long lineStart = 0; // file offset of the current line's first byte
      long longest = 0;
      boolean carriageReturn = false; // the previous byte was CR
      boolean bareCr = false;
      int read;
      while ((read = in.read(buffer)) > 0) {
        int start = 0;
        if (first) {
          first = false;
          if (read >= 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF) {
            bom = true;
            start = 3;
          }
        }
        if (seen < BINARY_PROBE_BYTES) {
          for (int i = start; i < read && seen + i < BINARY_PROBE_BYTES; i++) {
            if (buffer[i] == 0) {
              return new Detected(StandardCharsets.UTF_8, bom, true);
            }
          }
        }
        for (int i = start; i < read; i++) {
          int b = buffer[i];
          if (b >= 0 && b > '\r') { // most bytes: ASCII text
            if (carriageReturn) {
              bareCr = true;
              carriageReturn = false;
            }
            if (need > 0 && valid) {
              valid = false;
            }
            continue;
          }
          if (carriageReturn && b != '\n') {
            bareCr = true;
          }
          carriageReturn = b == '\r';
          if (b == '\n') {
            longest = Math.max(longest, seen + i - lineStart);
            lineStart = seen + i + 1;
          }
          if (!valid) {
            continue;
          }
          b &= 0xFF;
          if (need > 0) {
            if ((b & 0xC0) != 0x80) {
              valid = false;
            }
            need--;
          } else if (b >= 0x80) {
            if (b >= 0xC2 && b <= 0xDF) {
              need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
              need = 2;
            } else if (b >= 0xF0 && b <= 0xF4) {
              need = 3;
            } else {
              valid = false;
            }
          }
        }
        seen += read;
      }
      longest = Math.max(longest, seen - lineStart);
      bareCr |= carriageReturn;
      valid &= need == 0;
      return new Detected(valid ? StandardCharsets.UTF_8 : WINDOWS_1252, bom, false, longest, bareCr);
    }
  }
}
