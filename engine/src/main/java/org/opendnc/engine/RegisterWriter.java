package org.opendnc.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.opendnc.core.index.LiveIndex;
import org.opendnc.core.index.OppositionIndex;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.store.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The register's single write path: durable append, then apply to the live index, then publish. */
final class RegisterWriter implements AutoCloseable {

  /*
   * Group commit (flat combining). Each caller enqueues its events, then takes the write lock.
   * The thread holding the lock drains the queue (up to MAX_GROUP_EVENTS events, at least one
   * request), appends everything in ONE store transaction, applies the appended events to the
   * live index, publishes them as one new view and marks every drained request done. Callers whose
   * request was done by another thread find it done when they get the lock and return at once.
   * So under load one fsync serves many writers, while a lone writer pays one transaction, as
   * before. Order: store commit -> index apply -> publish -> acknowledge; an acknowledged event is
   * therefore durable and visible to every later view.
   *
   * A group is atomic in the store. If it fails, each of its requests is retried alone, so one
   * bad request (e.g. an instant out of range) fails only its own caller.
   *
   * Gaps. Sequences come from the store. If the first appended sequence is not the index version
   * plus one, someone else (another process on the same database) appended in between: those
   * events are replayed from the log and applied first, so the index never misses an event.
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
  private static final long CLOSE_WAIT_SECONDS = 60;

  private static final Logger LOG = LoggerFactory.getLogger(RegisterWriter.class);

  private final EventLog log;
  private final LiveIndex index;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
  private final ExecutorService folder;
  private final AtomicBoolean foldScheduled = new AtomicBoolean();
  private volatile boolean closed;
  private volatile long fixedFoldThreshold;

  RegisterWriter(EventLog log, LiveIndex index) {
    this.log = log;
    this.index = index;
    this.folder = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "opendnc-index-fold");
      thread.setDaemon(true);
      return thread;
    });
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
    queue.add(mine);
    lock.lock();
    try {
      while (!mine.done) {
        if (closed) {
          failAll(new IllegalStateException("the register is closed"));
          break;
        }
        commit(drain());
      }
    } finally {
      lock.unlock();
    }
    maybeFold();
    return mine.result();
  }

  private List<Request> drain() {
    List<Request> group = new ArrayList<>();
    int size = 0;
    Request next;
    while ((next = queue.peek()) != null
        && (group.isEmpty() || size + next.events.size() <= MAX_GROUP_EVENTS)) {
      queue.poll();
      group.add(next);
      size += next.events.size();
    }
    return group;
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

  /** Applies appended events, first replaying any the index missed (appended by another writer). */
  private void apply(List<RegisterEvent> appended) {
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
      index.apply(missed);
    }
    index.apply(appended);
  }

  private void failAll(RuntimeException failure) {
    Request request;
    while ((request = queue.poll()) != null) {
      request.fail(failure);
    }
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
    if (closed || view.deltaEvents() < foldThreshold(view) || !foldScheduled.compareAndSet(false, true)) {
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

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      failAll(new IllegalStateException("the register is closed"));
    } finally {
      lock.unlock();
    }
    folder.shutdown();
    try {
      if (!folder.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("the index fold did not finish within {} s", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One caller's events, completed by whichever thread commits them. */
  private static final class Request {
    final List<RegisterEvent> events;
    volatile boolean done;
    private List<RegisterEvent> appended;
    private RuntimeException failure;

    Request(List<RegisterEvent> events) {
      this.events = events;
    }

    void complete(List<RegisterEvent> result) {
      appended = List.copyOf(result);
      done = true;
    }

    void fail(RuntimeException e) {
      failure = e;
      done = true;
    }

    List<RegisterEvent> result() {
      if (failure != null) {
        // Rethrown on the caller's thread; keep the original type for callers that catch it.
        throw failure;
      }
      return appended;
    }
  }
}
