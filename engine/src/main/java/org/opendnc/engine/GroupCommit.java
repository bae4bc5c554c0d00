package org.opendnc.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for small durable writes: many callers' items written in one store transaction.
 *
 * <p>A caller submits an item and waits. One writer thread takes the first waiting item and
 * every other one queued behind it (up to {@code maxBatch}), writes them with one call of the
 * batch writer (one transaction, one fsync) and hands each caller its result. While it waits for
 * the disk, new items queue up and form the next batch, so under load one commit serves many
 * callers and a lone caller pays one transaction, as it would without this class. If a batch
 * fails, each of its items is written again alone, so one bad item fails only its own caller.
 * Closing refuses new items, writes those queued, and then returns. Thread-safe.
 *
 * @param <I> what is written
 * @param <O> what each caller gets back
 */
public final class GroupCommit<I, O> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private record Pending<I, O>(I item, CompletableFuture<O> result) {}

  private final Function<List<I>, List<O>> writer;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
  /** Read-held while enqueueing, write-held to close: nothing is queued after the stop mark. */
  private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
  private final Pending<I, O> stop = new Pending<>(null, null);
  private final Thread thread;
  private boolean closed;

  /**
   * @param name the writer thread's name
   * @param maxBatch the most items in one batch
   * @param writer writes a batch in one transaction and returns one result per item, in order
   */
  public GroupCommit(String name, int maxBatch, Function<List<I>, List<O>> writer) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive");
    }
    this.writer = Objects.requireNonNull(writer, "writer");
    this.maxBatch = maxBatch;
    this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
  }

  /**
   * Writes the item (with others) and returns its result once committed.
   *
   * @throws IllegalStateException when closed
   * @throws RuntimeException what the batch writer threw for this item
   */
  public O submit(I item) {
    Pending<I, O> pending = new Pending<>(Objects.requireNonNull(item, "item"), new CompletableFuture<>());
    closing.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("closed: no more writes are taken");
      }
      queue.add(pending);
    } finally {
      closing.readLock().unlock();
    }
    try {
      // Not interruptible: once queued, the item may be written; the caller must learn the outcome.
      return pending.result().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private void run() {
    List<Pending<I, O>> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() ends this thread, with the stop mark
      }
      queue.drainTo(batch, maxBatch - 1);
      if (batch.remove(stop)) {
        stopping = true;
      }
      if (!batch.isEmpty()) {
        write(batch);
      }
      batch.clear();
    }
  }

  private void write(List<Pending<I, O>> batch) {
    List<O> results;
    try {
      results = writer.apply(batch.stream().map(Pending::item).toList());
      if (results.size() != batch.size()) {
        throw new IllegalStateException("the batch writer returned " + results.size()
            + " results for " + batch.size() + " items");
      }
    } catch (RuntimeException | Error e) {
      if (batch.size() == 1) {
        batch.get(0).result().completeExceptionally(e);
      } else {
        LOG.debug("a batch of {} failed; writing each alone", batch.size(), e);
        batch.forEach(pending -> write(List.of(pending)));
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  /** Refuses new items, writes every queued one, then returns. Idempotent. */
  @Override
  public void close() {
    closing.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(stop);
    } finally {
      closing.writeLock().unlock();
    }
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
