package org.opendnc.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.AuditStore;
import org.opendnc.store.UsageDay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records checks in the audit log and the usage meter before they are answered, committing many
 * requests' entries in one transaction (group commit). Thread-safe.
 */
final class AuditTrail implements AutoCloseable {

  /*
   * Every check is audited durably before its answer leaves the server: a request thread enqueues
   * its entry and waits (record, recordRead), or continues when the returned future completes
   * (recordAsync, recordReadAsync: the continuation then runs on the writer thread, so it must be
   * short and must not block); one writer thread takes everything queued (up to MAX_BATCH entries),
   * sums the usage per operator and day, stores entries and usage in one transaction and wakes the
   * waiters. Under load one fsync covers many checks, so durability costs latency (one commit)
   * rather than throughput. If the write fails, every waiter of that batch gets
   * SERVICE_UNAVAILABLE and no answer is given. Closing stops new entries, writes what is queued,
   * and only then returns.
   *
   * Two commits begin at least COMMIT_INTERVAL apart (decision 0057): a batch that arrives sooner
   * waits for the rest of the interval and gathers what is queued meanwhile. Each SQLite commit
   * rewrites the last pages of audit_log, of its actor index and the usage row (about five 16 KiB
   * pages to the WAL, whether it carries 1 entry or 100); committing as fast as possible under
   * tens of thousands of pre-calls a second wrote ~130 MB/s, and the disk's stalls set the answers'
   * tail. At light load the interval has passed and nothing waits.
   *
   * Reads (the pre-call check, recordRead) are committed before they are answered but not flushed
   * to disk by their own commit (decision 0045): a batch of reads only is committed unflushed
   * unless FLUSH_INTERVAL has passed since the last flushed commit, so a power failure loses at
   * most that much of them; a crash of this process loses none. A batch holding any other entry is
   * flushed, and flushes the reads committed before it.
   */

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final int MAX_BATCH = 4_096;
  private static final int QUEUE_CAPACITY = 65_536;
  private static final long WAIT_SECONDS = 30;
  /** The longest time between flushed commits while only reads are audited. */
  static final long FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The shortest time between the starts of two commits (see the class's notes). */
  static final Duration COMMIT_INTERVAL = Duration.ofMillis(2);

  private record Pending(AuditEntry entry, UsageDay usage, boolean flush,
      CompletableFuture<Void> stored) {}

  private static final Pending STOP = new Pending(null, null, true, null);

  private final AuditStore store;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread writer;
  private final Timer commits;
  private final long commitIntervalNanos;
  private volatile boolean closed;
  /** When the last flushed commit ended (writer thread only). */
  private long lastFlush = System.nanoTime();
  /** When the last commit began (writer thread only); long enough ago for the first one. */
  private long lastCommit;

  AuditTrail(AuditStore store, MeterRegistry metrics) {
    this(store, metrics, COMMIT_INTERVAL);
  }

  /** As the other constructor, with commits at least {@code commitInterval} apart (tests). */
  AuditTrail(AuditStore store, MeterRegistry metrics, Duration commitInterval) {
    this.store = store;
    this.commitIntervalNanos = commitInterval.toNanos();
    this.lastCommit = System.nanoTime() - commitIntervalNanos;
    this.commits = Timer.builder("dnc.audit.commits")
        .description("Group commits of audit entries and usage").register(metrics);
    this.writer = Thread.ofPlatform().name("opendnc-audit-writer").daemon(true).unstarted(this::run);
    writer.start();
  }

  /**
   * Stores the entry (and adds its usage) durably; returns once committed.
   *
   * @param usage the numbers the entry charges, or {@code null}
   * @throws DncException {@code SERVICE_UNAVAILABLE} when the write failed or the trail is closed
   */
  void record(AuditEntry entry, UsageDay usage) {
    await(enqueue(entry, usage, true, true));
  }

  /**
   * Stores the entry of a read (and adds its usage); returns once committed, flushed to disk
   * within {@link #FLUSH_INTERVAL_NANOS} (see the class's notes).
   *
   * @throws DncException {@code SERVICE_UNAVAILABLE} when the write failed or the trail is closed
   */
  void recordRead(AuditEntry entry, UsageDay usage) {
    await(enqueue(entry, usage, false, true));
  }

  /**
   * {@link #record} without waiting: the future completes on the writer thread once the entry is
   * committed, or fails with {@code SERVICE_UNAVAILABLE}, at once when the trail is closed or its
   * queue is full. Never blocks the caller.
   */
  CompletableFuture<Void> recordAsync(AuditEntry entry, UsageDay usage) {
    return enqueue(entry, usage, true, false);
  }

  /** {@link #recordRead} without waiting, as {@link #recordAsync}. */
  CompletableFuture<Void> recordReadAsync(AuditEntry entry, UsageDay usage) {
    return enqueue(entry, usage, false, false);
  }

  private CompletableFuture<Void> enqueue(AuditEntry entry, UsageDay usage, boolean flush,
      boolean mayWait) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    if (closed) {
      stored.completeExceptionally(unavailable("the service is shutting down", null));
      return stored;
    }
    Pending pending = new Pending(entry, usage, flush, stored);
    try {
      boolean queued = mayWait ? queue.offer(pending, WAIT_SECONDS, TimeUnit.SECONDS)
          : queue.offer(pending);
      if (!queued) {
        stored.completeExceptionally(unavailable("the audit log is not keeping up", null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stored.completeExceptionally(unavailable("the request was interrupted", e));
    }
    return stored;
  }

  /**
   * Waits (at most {@link #WAIT_SECONDS}) for a future of this trail, or of a step that chained
   * one, and returns its value; a failure is rethrown as the exception it failed with.
   *
   * @throws DncException {@code SERVICE_UNAVAILABLE} when the wait is interrupted or too long
   */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("the request was interrupted", e);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (TimeoutException e) {
      throw unavailable("the audit log did not answer in " + WAIT_SECONDS + " s", e);
    }
  }

  /** The exception a failed future of this trail (or of a step chained to one) stands for. */
  static RuntimeException failure(Throwable cause) {
    Throwable unwrapped = cause;
    while (unwrapped instanceof CompletionException && unwrapped.getCause() != null) {
      unwrapped = unwrapped.getCause();
    }
    return unwrapped instanceof RuntimeException runtime ? runtime
        : unavailable("the audit log could not be written", unwrapped);
  }

  private static DncException unavailable(String why, Throwable cause) {
    return new DncException(ErrorCode.SERVICE_UNAVAILABLE,
        why + "; the check was not answered and not counted. Retry in a moment.", cause);
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    boolean stopping = false;
    while (!stopping) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        // Only close() interrupts, after queueing STOP; keep draining.
        continue;
      }
      awaitCommitInterval();
      queue.drainTo(batch, MAX_BATCH - 1);
      if (batch.remove(STOP)) {
        stopping = true;
        queue.drainTo(batch);
      }
      write(batch);
      batch.clear();
    }
  }

  /** Waits until COMMIT_INTERVAL has passed since the last commit began, unless closing. */
  private void awaitCommitInterval() {
    long now = System.nanoTime();
    long due = lastCommit + commitIntervalNanos;
    while (now - due < 0 && !closed) {
      LockSupport.parkNanos(due - now); // may return early: loop until due
      now = System.nanoTime();
    }
    lastCommit = now;
  }

  private void write(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<AuditEntry> entries = new ArrayList<>(batch.size());
    Map<String, UsageDay> usage = new LinkedHashMap<>();
    boolean flush = closed || System.nanoTime() - lastFlush >= FLUSH_INTERVAL_NANOS;
    for (Pending pending : batch) {
      flush |= pending.flush();
      entries.add(pending.entry());
      UsageDay day = pending.usage();
      if (day != null) {
        usage.merge(day.operator() + "|" + day.day(), day, (a, b) -> new UsageDay(a.operator(),
            a.day(), a.checks() + b.checks(), a.numbersChecked() + b.numbersChecked()));
      }
    }
    long start = System.nanoTime();
    try {
      if (flush) {
        store.record(entries, List.copyOf(usage.values()));
        lastFlush = System.nanoTime();
      } else {
        store.recordUnflushed(entries, List.copyOf(usage.values()));
      }
      commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      batch.forEach(pending -> pending.stored().complete(null));
    } catch (RuntimeException e) {
      LOG.error("Could not write {} audit entries; their checks were not answered", entries.size(), e);
      DncException failure = unavailable("the audit log could not be written", e);
      batch.forEach(pending -> pending.stored().completeExceptionally(failure));
    }
  }

  /** Refuses new entries, writes every queued one, then returns. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(STOP);
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
