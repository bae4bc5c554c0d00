package org.opendnc.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Reports the bytes read so far to a progress callback, at most once per 1 MiB. */
final class CountingInputStream extends FilterInputStream {
  private static final long REPORT_EVERY_BYTES = 1 << 20;

  private final LongConsumer progress;
  private long count;
  private long reported;

  CountingInputStream(InputStream in, LongConsumer progress) {
    super(in);
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  private void advance(long n) {
    count += n;
    if (progress != null && count - reported >= REPORT_EVERY_BYTES) {
      reported = count;
      progress.accept(count);
    }
  }
}
