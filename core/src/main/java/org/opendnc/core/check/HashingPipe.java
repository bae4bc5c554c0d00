package org.opendnc.core.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Moves reading, writing and SHA-256 hashing of a check off the scanning thread: one background
 * thread reads and hashes the input ahead of the scanner, another hashes and writes the output
 * behind it. Both hand over whole blocks through small bounded queues, so memory stays at a few
 * blocks whatever the list's size.
 */
final class HashingPipe {
  /*
   * On a 2-core machine the check is CPU-bound: scanning, parsing and looking up take one core,
   * and hashing input and output (about 1.5 GB for a 10 M-row list) would take most of another.
   * Running the hashes beside the scan is what lets the whole process reach its throughput target
   * (docs/benchmarks.md). A block is immutable once queued: the producer never touches it again
   * until the consumer returns it to the free pool.
   */
  static final int BLOCK_BYTES = 1 << 22;
  private static final int BLOCKS_IN_FLIGHT = 3;
  private static final byte[] END = new byte[0];

  private HashingPipe() {}

  /**
   * A block of bytes: {@code data[0, length)}; {@code pooled} when it is one of the writer's own
   * blocks, else an array handed over by the producer and handed back once written.
   */
  private record Block(byte[] data, int length, boolean pooled) {
    Block(byte[] data, int length) {
      this(data, length, true);
    }
  }

  /** Reads the stream ahead in a background thread, hashing every byte read. */
  static final class Reader implements AutoCloseable {
    private final InputStream in;
    private final MessageDigest digest;
    private final BlockingQueue<Object> full = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT);
    private final Thread thread;
    private Block current;
    private int position;
    private boolean ended;

    Reader(InputStream in, MessageDigest digest) {
      this.in = in;
      this.digest = digest;
      for (int i = 0; i < BLOCKS_IN_FLIGHT; i++) {
        free.add(new byte[BLOCK_BYTES]);
      }
      this.thread = Thread.ofPlatform().daemon().name("dnc-check-reader").unstarted(this::readAhead);
      thread.start();
    }

    private void readAhead() {
      try {
        while (true) {
          byte[] data = free.take();
          int n = in.readNBytes(data, 0, data.length);
          if (n > 0) {
            digest.update(data, 0, n);
            full.put(new Block(data, n));
          }
          if (n < data.length) {
            full.put(END);
            return;
          }
        }
      } catch (IOException e) {
        full.offer(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Like {@link InputStream#read(byte[], int, int)}: at least one byte, or -1 at the end. */
    int read(byte[] into, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (current == null || position == current.length()) {
        if (ended) {
          return -1;
        }
        if (current != null) {
          free.add(current.data());
          current = null;
        }
        Object next = take(full);
        if (next == END) {
          ended = true;
          return -1;
        }
        if (next instanceof IOException e) {
          ended = true;
          throw e;
        }
        current = (Block) next;
        position = 0;
      }
      int n = Math.min(length, current.length() - position);
      System.arraycopy(current.data(), position, into, offset, n);
      position += n;
      return n;
    }

    /** The SHA-256 of every byte of the stream; only after {@link #read} returned -1. */
    byte[] digest() {
      if (!ended) {
        throw new IllegalStateException("the input has not been read to its end");
      }
      return digest.digest();
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }

  /**
   * Hashes and writes full blocks behind the producer, on two background threads: one hashes, the
   * other writes what has been hashed. Writing a new file is the slowest step on some machines
   * (the kernel allocates its blocks and pages; measured 0.5-5 GB/s here), so hashing is taken off
   * the writing thread.
   */
  static final class Writer implements AutoCloseable {
    private static final int OUTPUT_BLOCKS = 4;
    private final OutputStream out;
    private final MessageDigest digest;
    private final BlockingQueue<Object> toHash = new ArrayBlockingQueue<>(OUTPUT_BLOCKS + 1);
    private final BlockingQueue<Object> toWrite = new ArrayBlockingQueue<>(OUTPUT_BLOCKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(OUTPUT_BLOCKS);
    /** The producer's own arrays, written and handed back (at most the queues' capacity). */
    private final Queue<byte[]> handedBack = new ConcurrentLinkedQueue<>();
    private final Thread hasher;
    private final Thread writer;
    private volatile IOException failure;
    private byte[] sha256;
    private boolean finished;

    Writer(OutputStream out, MessageDigest digest) {
      this.out = out;
      this.digest = digest;
      for (int i = 0; i < OUTPUT_BLOCKS - 1; i++) {
        free.add(new byte[BLOCK_BYTES]);
      }
      this.hasher = Thread.ofPlatform().daemon().name("dnc-check-hasher").unstarted(this::hashBehind);
      this.writer = Thread.ofPlatform().daemon().name("dnc-check-writer").unstarted(this::writeBehind);
      hasher.start();
      writer.start();
    }

    private void hashBehind() {
      try {
        while (true) {
          Object next = toHash.take();
          if (next == END) {
            sha256 = digest.digest();
            toWrite.put(END);
            return;
          }
          Block block = (Block) next;
          digest.update(block.data(), 0, block.length());
          toWrite.put(block);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void writeBehind() {
      try {
        while (true) {
          Object next = toWrite.take();
          if (next == END) {
            if (failure == null) {
              out.flush();
            }
            return;
          }
          Block block = (Block) next;
          if (failure == null) {
            try {
              out.write(block.data(), 0, block.length());
            } catch (IOException e) {
              failure = e; // keep returning blocks so the producer never blocks forever
            }
          }
          if (block.pooled()) {
            free.put(block.data());
          } else {
            handedBack.add(block.data());
          }
        }
      } catch (IOException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** A new empty block to fill. */
    byte[] emptyBlock() throws IOException {
      throwIfFailed();
      byte[] block = free.poll();
      return block != null ? block : take(free);
    }

    /** Queues {@code data[0, length)} for hashing and writing; the caller gives up {@code data}. */
    void submit(byte[] data, int length) throws IOException {
      throwIfFailed();
      put(toHash, new Block(data, length));
    }

    /**
     * Queues the producer's own {@code data[0, length)} for hashing and writing, without copying
     * it; the array comes back through {@link #handedBack()} once written. Blocks while the queue
     * is full, which bounds the arrays in flight.
     */
    void handOver(byte[] data, int length) throws IOException {
      throwIfFailed();
      put(toHash, new Block(data, length, false));
    }

    /** An array given to {@link #handOver} and written since, or {@code null}. */
    byte[] handedBack() {
      return handedBack.poll();
    }

    /** Waits until every queued block is hashed and written, and returns the SHA-256. */
    byte[] finish() throws IOException {
      if (!finished) {
        finished = true;
        put(toHash, END);
        try {
          hasher.join();
          writer.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while writing the result");
        }
      }
      throwIfFailed();
      return sha256.clone();
    }

    private void throwIfFailed() throws IOException {
      IOException e = failure;
      if (e != null) {
        throw e;
      }
    }

    @Override
    public void close() {
      hasher.interrupt();
      writer.interrupt();
    }
  }

  private static <T> T take(BlockingQueue<T> queue) throws InterruptedIOException {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking");
    }
  }

  private static void put(BlockingQueue<Object> queue, Object item) throws InterruptedIOException {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking");
    }
  }
}
