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
   * The whole file is scanned once (a state machine over bytes, ASCII runs skipped quickly): a
   * single byte sequence that is not UTF-8 makes the file Windows-1252, the superset of Latin-1
   * that Italian office software writes. Windows-1252 decodes every byte, so such a file never
   * fails to decode; a file with NUL bytes near its start is refused as binary.
   */
  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final int BINARY_PROBE_BYTES = 1 << 16;

  /** The encoding found, and whether the file starts with a UTF-8 byte order mark. */
  record Detected(Charset charset, boolean bom, boolean binary) {}

  private TextEncoding() {}

  static Detected detect(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int need = 0; // continuation bytes still expected
      boolean first = true;
      boolean bom = false;
      boolean valid = true;
      long seen = 0;
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
        for (int i = start; i < read; i++) {
          int b = buffer[i] & 0xFF;
          if (b == 0 && seen + i < BINARY_PROBE_BYTES) {
            return new Detected(StandardCharsets.UTF_8, bom, true);
          }
          if (!valid) {
            continue;
          }
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
        if (!valid && seen >= BINARY_PROBE_BYTES) {
          break;
        }
      }
      valid &= need == 0;
      return new Detected(valid ? StandardCharsets.UTF_8 : WINDOWS_1252, bom, false);
    }
  }
}
