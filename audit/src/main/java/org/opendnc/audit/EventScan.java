package org.opendnc.audit;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.opendnc.core.register.RegisterEvent;

/**
 * Takes the event log's stream on the reading thread and keeps the events of called numbers on a
 * second thread, so reading (a database replay) and the hash probes (memory latency) overlap.
 * Used once: {@link #accept} from one thread, then {@link #finish}.
 */
final class EventScan implements Consumer<RegisterEvent> {

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

  private final LongIntMap numberIndex;
  private final Names operators;
  private final CallAudit.Events events;
  private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(QUEUED);
  private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(QUEUED + 2);
  private final Thread keeper;
  private volatile Throwable failure;
  private Batch filling = new Batch();
  long scanned;
  long registerVersion;

  EventScan(LongIntMap numberIndex, Names operators, CallAudit.Events events) {
    this.numberIndex = numberIndex;
    this.operators = operators;
    this.events = events;
    for (int i = 0; i < QUEUED + 1; i++) {
      free.add(new Batch());
    }
    keeper = new Thread(this::keep, "audit-event-scan");
    keeper.setDaemon(true);
    keeper.start();
  }

  @Override
  public void accept(RegisterEvent event) {
    Batch batch = filling;
    int i = batch.size;
    batch.e164[i] = event.e164();
    batch.sequence[i] = event.sequence();
    batch.type[i] = (byte) event.type().ordinal();
    batch.operator[i] = event.operator();
    batch.at[i] = Times.toNanos(event.at());
    batch.size = i + 1;
    scanned++;
    registerVersion = Math.max(registerVersion, event.sequence());
    if (batch.size == BATCH) {
      hand(batch);
      filling = take(free);
    }
  }

  /** Hands over the last events and waits until every event is kept. */
  void finish() {
    hand(filling);
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
      org.opendnc.core.register.EventType[] types = org.opendnc.core.register.EventType.values();
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
