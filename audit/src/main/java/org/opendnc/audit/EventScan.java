package org.opendnc.audit;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.opendnc.core.register.EventType;

/**
 * Takes the event log's stream on the reading thread(s) and keeps the events of called numbers on
 * another thread, so reading (a database scan) and the hash probes (memory latency) overlap. Used
 * once: sinks from {@link #get} (one per reading thread), then {@link #finish}.
 */
final class EventScan implements Supplier<AuditSources.EventSink> {

  private static final int BATCH = 1 << 15;
  private static final int QUEUED = 4;

  /** Events in columns, as read. */
  private static final class Batch {
    final long[] e164 = new long[BATCH];
    final long[] sequence = new long[BATCH];
    final byte[] type = new byte[BATCH];
    final String[] operator = new String[BATCH];
    final long[] at = new long[BATCH];
    int size;
  }

  private static final Batch END = new Batch();

  private final Long2IntOpenHashMap numberIndex;
  private final Names operators;
  private final CallAudit.Events events;
  private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(QUEUED);
  private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(QUEUED + 8);
  private final Thread keeper;
  private volatile Throwable failure;
  private long scanned;
  private long registerVersion;

  EventScan(Long2IntOpenHashMap numberIndex, Names operators, CallAudit.Events events) {
    this.numberIndex = numberIndex;
    this.operators = operators;
    this.events = events;
    for (int i = 0; i < QUEUED + 6; i++) {
      free.add(new Batch());
    }
    keeper = new Thread(this::keep, "audit-event-scan");
    keeper.setDaemon(true);
    keeper.start();
  }

  /** How many events were read (after {@link #finish}). */
  synchronized long scanned() {
    return scanned;
  }

  /** The highest sequence read (after {@link #finish}). */
  synchronized long registerVersion() {
    return registerVersion;
  }

  @Override
  public AuditSources.EventSink get() {
    return new AuditSources.EventSink() {
      private Batch filling = take(free);
      private long count;
      private long latest;

      @Override
      public void accept(long sequence, long e164, EventType type, String operator, long atNanos) {
        Batch batch = filling;
        int i = batch.size;
        batch.e164[i] = e164;
        batch.sequence[i] = sequence;
        batch.type[i] = (byte) type.ordinal();
        batch.operator[i] = operator;
        batch.at[i] = atNanos;
        batch.size = i + 1;
        count++;
        latest = Math.max(latest, sequence);
        if (batch.size == BATCH) {
          hand(batch);
          filling = take(free);
        }
      }

      @Override
      public void close() {
        hand(filling);
        synchronized (EventScan.this) {
          scanned += count;
          registerVersion = Math.max(registerVersion, latest);
        }
      }
    };
  }

  /** Hands over the last events and waits until every event is kept. */
  void finish() {
    put(END);
    try {
      keeper.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scanning the event log", e);
    }
    if (failure != null) {
      throw new IllegalStateException("scanning the event log failed: " + failure, failure);
    }
  }

  /** Stops the keeper after a failure of the reading side. */
  void abandon() {
    keeper.interrupt();
  }

  private void hand(Batch batch) {
    if (failure != null) {
      throw new IllegalStateException("scanning the event log failed: " + failure, failure);
    }
    put(batch);
  }

  private void keep() {
    try {
      EventType[] types = EventType.values();
      while (true) {
        Batch batch = full.take();
        if (batch == END) {
          return;
        }
        for (int i = 0; i < batch.size; i++) {
          int k = numberIndex.get(batch.e164[i]);
          if (k >= 0) {
            String name = batch.operator[i];
            int operator = name == null ? -1 : operators.find(name);
            events.add(k, batch.sequence[i], types[batch.type[i]], name == null ? -1 : (operator < 0 ? -2 : operator),
                batch.at[i]);
          }
          batch.operator[i] = null;
        }
        batch.size = 0;
        free.put(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure = e;
      full.clear();
    }
  }

  private void put(Batch batch) {
    try {
      while (!full.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (failure != null || !keeper.isAlive()) {
          throw new IllegalStateException("scanning the event log failed: " + failure, failure);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scanning the event log", e);
    }
  }

  private Batch take(BlockingQueue<Batch> queue) {
    try {
      Batch batch;
      while ((batch = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
        if (failure != null || !keeper.isAlive()) {
          throw new IllegalStateException("scanning the event log failed: " + failure, failure);
        }
      }
      return batch;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scanning the event log", e);
    }
  }
}
