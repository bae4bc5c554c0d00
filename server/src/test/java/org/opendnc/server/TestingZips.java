package org.opendnc.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zip archives for tests: ordinary ones, and hostile ones (links, bombs) made by hand. */
final class TestingZips {

  private TestingZips() {}

  /** A zip of these entries (name to text), in order. */
  static byte[] zip(Map<String, String> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (var entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A zip whose one entry expands from a few KiB to {@code size} zero bytes. */
  static byte[] bomb(String name, int size) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name));
      byte[] zeros = new byte[1 << 16];
      for (int written = 0; written < size; written += zeros.length) {
        zip.write(zeros, 0, Math.min(zeros.length, size - written));
      }
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A zip whose entry {@code link} is a Unix symbolic link (made on Unix, mode 0120777) pointing
   * at {@code target}, as {@code zip -y} makes it.
   */
  static byte[] symbolicLink(String firmFile, String link, String target) {
    byte[] zip = zip(new java.util.LinkedHashMap<>(Map.of(firmFile, "number\n3331234567\n",
        link, target)));
    byte[] name = link.getBytes(StandardCharsets.UTF_8);
    for (int p = 0; p + 46 < zip.length; p++) {
      if (zip[p] == 'P' && zip[p + 1] == 'K' && zip[p + 2] == 1 && zip[p + 3] == 2) {
        int nameLength = (zip[p + 28] & 0xff) | (zip[p + 29] & 0xff) << 8;
        if (nameLength == name.length && new String(zip, p + 46, nameLength,
            StandardCharsets.UTF_8).equals(link)) {
          zip[p + 5] = 3; // made by: Unix
          int mode = 0120777 << 16;
          zip[p + 38] = (byte) mode;
          zip[p + 39] = (byte) (mode >>> 8);
          zip[p + 40] = (byte) (mode >>> 16);
          zip[p + 41] = (byte) (mode >>> 24);
          return zip;
        }
      }
    }
    throw new IllegalStateException("no central directory entry for " + link);
  }
}
