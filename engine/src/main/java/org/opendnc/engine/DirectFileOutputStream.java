package org.opendnc.engine;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes a new file with direct I/O (O_DIRECT) where the file system allows it: the bytes go from
 * an aligned buffer to the disk without being copied into the page cache. A check's result is
 * large (about 80 bytes per row, 826 MB for 10 M rows) and written once; copying it into the page
 * cache costs the writing thread more CPU than anything but the lookups, and far more on virtual
 * machines whose host hands out each fresh page on first touch (decision 0054). Where direct I/O
 * is refused (tmpfs before Linux 6.6, some network file systems) the same stream writes through the page cache.
 *
 * <p>Bytes are buffered and written in whole multiples of the file system's block size; the last,
 * partial block is padded with zeros and the file truncated to its exact length on {@link
 * #close()}. So {@link #flush()} writes nothing: the file is complete only once closed. Not
 * thread-safe.
 */
public final class DirectFileOutputStream extends OutputStream {
  /** Bytes written per system call (a multiple of every block size in use). */
  static final int BUFFER_BYTES = 1 << 22;

  private final FileChannel channel;
  private final boolean direct;
  private final int blockSize;
  private final ByteBuffer buffer;
  private long written;
  private boolean closed;

  private DirectFileOutputStream(FileChannel channel, boolean direct, int blockSize) {
    this.channel = channel;
    this.direct = direct;
    this.blockSize = blockSize;
    this.buffer = ByteBuffer.allocateDirect(BUFFER_BYTES + blockSize).alignedSlice(blockSize);
    this.buffer.limit(BUFFER_BYTES);
  }

  /**
   * Creates (or replaces) {@code file} and returns a stream writing it, directly when the file
   * system allows it.
   *
   * @throws IOException when the file cannot be created
   */
  public static DirectFileOutputStream create(Path file) throws IOException {
    return create(file, true);
  }

  /** As {@link #create(Path)}; with {@code tryDirect} false, always through the page cache. */
  static DirectFileOutputStream create(Path file, boolean tryDirect) throws IOException {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath();
    int blockSize = tryDirect ? blockSize(absolute.getParent()) : -1;
    if (blockSize > 0) {
      try {
        FileChannel channel = FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT);
        return new DirectFileOutputStream(channel, true, blockSize);
      } catch (UnsupportedOperationException | IOException refused) {
        // Direct I/O refused here (EINVAL on older tmpfs, for one): write through the page cache. A
        // missing directory or a denied permission fails again, with its own message, below.
      }
    }
    FileChannel channel = FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    return new DirectFileOutputStream(channel, false, 4096);
  }

  private static int blockSize(Path directory) {
    try {
      long size = Files.getFileStore(directory).getBlockSize();
      // Direct I/O needs buffers, offsets and lengths aligned to the device's logical sector,
      // which may be larger than a small file-system block (4 KiB sectors under 1 KiB blocks):
      // at least 4 KiB, then, and only sizes that divide the buffer.
      return size > 0 && size <= 65536 && Long.bitCount(size) == 1 ? (int) Math.max(size, 4096) : -1;
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  /** Whether the bytes bypass the page cache (false where the file system refused direct I/O). */
  public boolean isDirect() {
    return direct;
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (!buffer.hasRemaining()) {
      drain();
    }
    buffer.put((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    while (len > 0) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int n = Math.min(len, buffer.remaining());
      buffer.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  /** Writes nothing: direct I/O writes whole blocks only, and the last one is written by close. */
  @Override
  public void flush() throws IOException {
    ensureOpen();
  }

  /** Writes the buffered bytes, the last block padded, and truncates the file to its length. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      int tail = buffer.position();
      if (tail > 0) {
        int padded = (tail + blockSize - 1) / blockSize * blockSize;
        buffer.limit(padded);
        while (buffer.hasRemaining()) {
          buffer.put((byte) 0);
        }
        buffer.flip();
        writeFully();
        channel.truncate(written - (padded - tail));
      }
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    writeFully();
    buffer.clear().limit(BUFFER_BYTES);
  }

  private void writeFully() throws IOException {
    while (buffer.hasRemaining()) {
      written += channel.write(buffer);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the stream is closed");
    }
  }
}
