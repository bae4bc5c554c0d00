package org.opendnc.core.sample;

import java.io.IOException;
import java.io.OutputStream;

/** A write buffer for hand-formatted ASCII/UTF-8 bytes; not thread-safe. */
final class ByteSink implements AutoCloseable {
  private static final int BUFFER_BYTES = 1 << 20;

  private final OutputStream out;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position;
  private long written;

  ByteSink(OutputStream out) {
    this.out = out;
  }

  long written() {
    return written + position;
  }

  private void ensure(int bytes) throws IOException {
    if (position + bytes > buffer.length) {
      out.write(buffer, 0, position);
      written += position;
      position = 0;
    }
  }

  ByteSink put(byte value) throws IOException {
    ensure(1);
    buffer[position++] = value;
    return this;
  }

  ByteSink put(char value) throws IOException {
    return put((byte) value);
  }

  ByteSink put(byte[] bytes) throws IOException {
    return put(bytes, 0, bytes.length);
  }

  ByteSink put(byte[] bytes, int from, int length) throws IOException {
    ensure(length);
    System.arraycopy(bytes, from, buffer, position, length);
    position += length;
    return this;
  }

  /** Writes a non-negative value in decimal, without padding. */
  ByteSink putDecimal(long value) throws IOException {
    ensure(20);
    if (value == 0) {
      buffer[position++] = '0';
      return this;
    }
    int digits = 0;
    for (long rest = value; rest > 0; rest /= 10) {
      digits++;
    }
    for (int i = position + digits - 1; i >= position; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    position += digits;
    return this;
  }

  /** Writes {@code value} zero-padded to exactly {@code width} digits (the low digits if longer). */
  ByteSink putDigits(long value, int width) throws IOException {
    ensure(width);
    for (int i = position + width - 1; i >= position; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    position += width;
    return this;
  }

  @Override
  public void close() throws IOException {
    try (out) {
      out.write(buffer, 0, position);
      written += position;
      position = 0;
    }
  }
}
