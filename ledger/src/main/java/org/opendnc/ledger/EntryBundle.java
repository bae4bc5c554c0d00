package org.opendnc.ledger;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The tlog-tiles entry bundle: entries, each prefixed by its length as a big-endian uint16. */
public final class EntryBundle {

  /** The longest entry a bundle can hold. */
  public static final int MAX_ENTRY_BYTES = 0xffff;

  private EntryBundle() {}

  /**
   * Encodes entries as a bundle.
   *
   * @throws IllegalArgumentException if an entry is longer than {@value #MAX_ENTRY_BYTES} bytes
   */
  public static byte[] encode(List<byte[]> entries) {
    ByteArrayOutputStream bundle = new ByteArrayOutputStream();
    for (byte[] entry : entries) {
      if (entry.length > MAX_ENTRY_BYTES) {
        throw new IllegalArgumentException(
            "an entry of " + entry.length + " bytes is longer than " + MAX_ENTRY_BYTES);
      }
      bundle.write(entry.length >>> 8);
      bundle.write(entry.length & 0xff);
      bundle.writeBytes(entry);
    }
    return bundle.toByteArray();
  }

  /**
   * Decodes a bundle that must hold exactly {@code count} entries.
   *
   * @throws IllegalArgumentException if it is truncated or holds more or fewer entries
   */
  public static List<byte[]> decode(byte[] bundle, int count) {
    List<byte[]> entries = new ArrayList<>(count);
    int position = 0;
    while (position < bundle.length) {
      if (entries.size() == count) {
        throw new IllegalArgumentException(
            "the bundle has bytes after its " + count + " entries (at byte " + position + ")");
      }
      if (position + 2 > bundle.length) {
        throw new IllegalArgumentException("the bundle ends inside the length of entry " + (entries.size() + 1));
      }
      int length = ((bundle[position] & 0xff) << 8) | (bundle[position + 1] & 0xff);
      position += 2;
      if (position + length > bundle.length) {
        throw new IllegalArgumentException(
            "entry " + (entries.size() + 1) + " of the bundle is cut short: " + length
                + " bytes announced, " + (bundle.length - position) + " left");
      }
      entries.add(Arrays.copyOfRange(bundle, position, position + length));
      position += length;
    }
    if (entries.size() != count) {
      throw new IllegalArgumentException(
          "the bundle holds " + entries.size() + " entries, not " + count);
    }
    return entries;
  }
}
