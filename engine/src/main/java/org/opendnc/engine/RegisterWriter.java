package org.opendnc.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.opendnc.core.index.LiveIndex;
import org.opendnc.core.index.OppositionIndex;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.store.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The register's single write path: durable append, then apply to the live index, then publish. */
final class RegisterWriter implements AutoCloseable {

  /*
   * Group commit. Callers put their events on a queue and wait. One writer thread takes the
   * first waiting request plus every other one queued behind it (up to MAX_GROUP_EVENTS events,
   * at least one request), appends them in ONE store transaction, applies the appended events to
   * the live index, publishes them as one new view, then completes every request of the group.
   * While it waits for the disk (an fsync costs milliseconds; see docs/benchmarks.md), new
   * requests queue up and form the next group, so under load one fsync serves many writers and a
   * lone writer pays one transaction, as before. Order: store commit -> index apply -> publish ->
   * acknowledge; an acknowledged event is therefore durable and visible to every later view.
   * (A leader/follower scheme without the thread was tried first: completed followers had to take
   * the lock to learn they were done and queued behind the next fsync, halving group sizes.)
   *
   * A group is atomic in the store. If it fails, each of its requests is retried alone, so one
   * bad request (e.g. an instant out of range) fails only its own caller. A failure after the
   * commit is never retried (that would store events twice); see apply().
   *
   * Gaps. Sequences come from the store. If the first appended sequence is not the index version
   * plus one, someone else (another process on the same database) appended in between: those
   * events are replayed from the log and applied first, so the index never misses an event.
   *
   * Bulk. A large group (an import's batch: at least 1/1024 of the base) is applied by copying the
   * base and applying the events to the copy on the writer thread (LiveIndex.applyBulk), which
   * costs about as much as the old single-writer index per event once the batch is large enough
   * to pay for the copy, and never grows the delta.
   *
   * Fold. After a commit, when the delta holds more than foldThreshold events, a background thread
   * materialises the current view into a new base (a copy: linear in the register's size, outside
   * the lock) and installs it under the write lock (O(delta)). The threshold grows with the base,
   * so a bulk import copies the base O(log n) times while small, then every MAX_FOLD_EVENTS.
   */

  /** Events per store transaction when combining callers; a larger single request stays whole. */
  static final int MAX_GROUP_EVENTS = 50_000;
  static final long MIN_FOLD_EVENTS = 4_096;
  static final long MAX_FOLD_EVENTS = 131_072;
  /** The delta may grow to this fraction of the base (1/16) before a fold, within the bounds. */
  static final int FOLD_FRACTION_SHIFT = 4;
  /** A batch of at least 1/1024 of the base (and 1,024 events) is applied in bulk. */
  static final long MIN_BULK_EVENTS = 1_024;
  static final int BULK_FRACTION_SHIFT = 10;
  private static final long CLOSE_WAIT_SECONDS = 60;

  private static final Logger LOG = LoggerFactory.getLogger(RegisterWriter.class);
  private static final Request STOP = new Request(List.of());

  private final EventLog log;
  private final LiveIndex index;
  /** Held while the index changes: by the writer thread per group, by a fold while it rebases. */
  private final ReentrantLock lock = new ReentrantLock();
  /** Read-held while enqueueing, write-held to close: no request is queued after STOP. */
  private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final ExecutorService folder;
  private final AtomicBoolean foldScheduled = new AtomicBoolean();
  private boolean closed;
  private volatile long fixedFoldThreshold;

  RegisterWriter(EventLog log, LiveIndex index) {
    this.log = log;
    this.index = index;
    this.folder = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "opendnc-index-fold");
      thread.setDaemon(true);
      return thread;
    });
    this.writer = new Thread(this::writeLoop, "opendnc-register-writer");
    writer.setDaemon(true);
    writer.start();
  }

  LiveIndex index() {
    return index;
  }

  /** For tests: fold after this many delta events instead of the adaptive threshold; 0 resets. */
  void setFoldThreshold(long events) {
    fixedFoldThreshold = events;
  }

  List<RegisterEvent> append(List<RegisterEvent> events) {
    Objects.requireNonNull(events, "events");
    for (RegisterEvent event : events) {
      Objects.requireNonNull(event, "event");
      if (event.sequence() != RegisterEvent.UNSEQUENCED) {
        throw new IllegalArgumentException(
            "event already has sequence " + event.sequence() + ": only new events can be appended");
      }
    }
    if (events.isEmpty()) {
      return List.of();
    }
    Request mine = new Request(List.copyOf(events));
    closing.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the register is closed");
      }
      queue.add(mine);
    } finally {
      closing.readLock().unlock();
    }
    // Not interruptible: once queued, the events may be stored; the caller must learn the outcome.
    return mine.await();
  }

  private void writeLoop() {
    while (true) {
      Request first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        continue; // only close() stops this thread, with STOP
      }
      if (first == STOP) {
        return;
      }
      List<Request> group = new ArrayList<>();
      group.add(first);
      int size = first.events.size();
      Request next;
      while ((next = queue.peek()) != null && next != STOP && size + next.events.size() <= MAX_GROUP_EVENTS) {
        queue.poll();
        group.add(next);
        size += next.events.size();
      }
      lock.lock();
      try {
        commit(group);
      } catch (Throwable t) {
        // A bug or an Error (e.g. out of memory): fail the group's callers, keep serving others.
        RuntimeException failure = t instanceof RuntimeException r ? r : new IllegalStateException(t);
        group.forEach(request -> request.fail(failure));
      } finally {
        lock.unlock();
      }
      maybeFold();
    }
  }

  private void commit(List<Request> group) {
    List<RegisterEvent> all;
    if (group.size() == 1) {
      all = group.get(0).events;
    } else {
      all = new ArrayList<>();
      group.forEach(request -> all.addAll(request.events));
    }
    List<RegisterEvent> appended;
    try {
      appended = log.append(all);
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        group.get(0).fail(e);
      } else {
        LOG.debug("group of {} appends failed; retrying each alone", group.size(), e);
        group.forEach(request -> commit(List.of(request)));
      }
      return;
    }
    try {
      apply(appended);
    } catch (RuntimeException e) {
      // Durable but not visible: never retried (that would store the events twice). The next
      // append finds the gap and replays these events from the log.
      IllegalStateException failure = new IllegalStateException(
          "events " + appended.get(0).sequence() + ".." + appended.get(appended.size() - 1).sequence()
              + " were stored but not yet applied to the index (" + e.getMessage()
              + "); they become visible with the next write. Do not repeat them.",
          e);
      group.forEach(request -> request.fail(failure));
      return;
    }
    int from = 0;
    for (Request request : group) {
      int to = from + request.events.size();
      request.complete(appended.subList(from, to));
      from = to;
    }
  }

  /** Sees every appended event before the index applies it (the consent ledger's opposition times). */
  private volatile java.util.function.Consumer<List<RegisterEvent>> beforeApply;

  void setBeforeApply(java.util.function.Consumer<List<RegisterEvent>> listener) {
    this.beforeApply = listener;
  }

  /** Applies appended events, first replaying any the index missed (appended by another writer). */
  private void apply(List<RegisterEvent> appended) {
    java.util.function.Consumer<List<RegisterEvent>> listener = beforeApply;
    if (listener != null) {
      listener.accept(appended);
    }
    long first = appended.get(0).sequence();
    long version = index.view().version();
    if (first > version + 1) {
      List<RegisterEvent> missed = new ArrayList<>();
      log.replay(version, event -> {
        if (event.sequence() < first) {
          missed.add(event);
        }
      });
      LOG.info("applying {} events appended by another writer after version {}", missed.size(), version);
      if (listener != null) {
        listener.accept(missed);
      }
      index.apply(missed);
    }
    if (appended.size() >= bulkThreshold(index.view())) {
      index.applyBulk(appended);
    } else {
      index.apply(appended);
    }
  }

  /** From this many events a batch builds a new base (see LiveIndex.applyBulk) instead of a delta. */
  private static long bulkThreshold(LiveIndex.View view) {
    return Math.max(MIN_BULK_EVENTS, view.base().registeredCount() >>> BULK_FRACTION_SHIFT);
  }

  private long foldThreshold(LiveIndex.View view) {
    long fixed = fixedFoldThreshold;
    if (fixed > 0) {
      return fixed;
    }
    long fraction = view.base().registeredCount() >>> FOLD_FRACTION_SHIFT;
    return Math.max(MIN_FOLD_EVENTS, Math.min(MAX_FOLD_EVENTS, fraction));
  }

  private void maybeFold() {
    LiveIndex.View view = index.view();
    if (view.deltaEvents() < foldThreshold(view) || !foldScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      folder.execute(() -> {
        try {
          foldNow();
        } catch (RuntimeException | OutOfMemoryError e) {
          LOG.warn("folding the index delta failed; checks stay correct, the delta keeps growing", e);
        } finally {
          foldScheduled.set(false);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      foldScheduled.set(false); // closing
    }
  }

  /** Folds the current view into a new base; returns the base version afterwards. */
  long foldNow() {
    LiveIndex.View view = index.view();
    if (view.deltaEvents() == 0) {
      return view.baseVersion();
    }
    long started = System.nanoTime();
    OppositionIndex next = view.materialize();
    lock.lock();
    try {
      index.rebase(next);
    } finally {
      lock.unlock();
    }
    LOG.debug("folded {} delta events into a new base at version {} in {} ms",
        view.deltaEvents(), next.version(), (System.nanoTime() - started) / 1_000_000);
    return index.view().baseVersion();
  }

  /**
   * Completes every queued append, stops the writer and the fold. Appends after this fail with
   * IllegalStateException. Idempotent.
   */
  @Override
  public void close() {
    closing.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    } finally {
      closing.writeLock().unlock();
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    folder.shutdown();
    try {
      if (!folder.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("the index fold did not finish within {} s", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** One caller's events, completed by the writer thread. */
  private static final class Request {
    final List<RegisterEvent> events;
    private final CompletableFuture<List<RegisterEvent>> outcome = new CompletableFuture<>();

    Request(List<RegisterEvent> events) {
      this.events = events;
    }

    void complete(List<RegisterEvent> appended) {
      outcome.complete(List.copyOf(appended));
    }

    void fail(RuntimeException e) {
      outcome.completeExceptionally(e);
    }

    /** The appended events, or the failure rethrown on the caller's thread with its own type. */
    List<RegisterEvent> await() {
      try {
        return outcome.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
    }
  }
}
