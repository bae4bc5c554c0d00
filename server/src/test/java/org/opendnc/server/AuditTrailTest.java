package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.AuditStore;
import org.opendnc.store.UsageDay;

class AuditTrailTest {

  /** An audit store in memory that records each transaction and can be told to fail. */
  static final class TestingAuditStore implements AuditStore {
    final List<List<AuditEntry>> transactions = new ArrayList<>();
    final List<List<UsageDay>> usage = new ArrayList<>();
    /** Whether each transaction was flushed to disk (record) or not (recordUnflushed). */
    final List<Boolean> flushed = new ArrayList<>();
    volatile boolean failing;
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public void record(List<AuditEntry> entries, List<UsageDay> days) {
      store(entries, days, true);
    }

    @Override
    public void recordUnflushed(List<AuditEntry> entries, List<UsageDay> days) {
      store(entries, days, false);
    }

    private void store(List<AuditEntry> entries, List<UsageDay> days, boolean flush) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failing) {
        throw new IllegalStateException("disk full");
      }
      synchronized (this) {
        transactions.add(List.copyOf(entries));
        usage.add(List.copyOf(days));
        flushed.add(flush);
      }
    }

    @Override
    public List<AuditEntry> page(long beforeSequence, String actor, int limit) {
      return List.of();
    }

    @Override
    public List<UsageDay> usage(String operator, LocalDate from, LocalDate toExclusive) {
      return List.of();
    }

    @Override
    public long numbersChecked(String operator, LocalDate from, LocalDate toExclusive) {
      return 0;
    }
  }

  private static AuditEntry check(String operator) {
    return AuditEntry.of(Instant.now(), AuditEntry.ActorType.OPERATOR, operator, "CHECK_SINGLE",
        null, 1, 393331234567L, AuditEntry.OK, null, null);
  }

  @Test
  void waitingRequestsShareOneTransactionAndTheirUsageIsSummed() throws Exception {
    TestingAuditStore store = new TestingAuditStore();
    store.gate = new CountDownLatch(1);
    LocalDate day = LocalDate.of(2026, 3, 1);
    ExecutorService requests = Executors.newFixedThreadPool(8);
    try (AuditTrail trail = new AuditTrail(store, new SimpleMeterRegistry())) {
      List<Future<?>> answered = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answered.add(requests.submit(() -> trail.record(check("acme"), new UsageDay("acme", day, 1, 1))));
      }
      Thread.sleep(200); // all eight wait behind the first, blocked, transaction
      assertThat(answered).noneMatch(Future::isDone);
      store.gate.countDown();
      for (Future<?> future : answered) {
        future.get();
      }
    } finally {
      requests.shutdown();
    }
    assertThat(store.transactions.stream().mapToInt(List::size).sum()).isEqualTo(8);
    assertThat(store.transactions.size()).as("group commit").isLessThanOrEqualTo(2);
    assertThat(store.usage.stream().flatMap(List::stream).mapToLong(UsageDay::numbersChecked).sum())
        .isEqualTo(8);
  }

  @Test
  void anAsynchronousReadReturnsAtOnceAndCompletesOnceItsEntryIsCommitted() throws Exception {
    TestingAuditStore store = new TestingAuditStore();
    store.gate = new CountDownLatch(1);
    try (AuditTrail trail = new AuditTrail(store, new SimpleMeterRegistry())) {
      // The writer is held in the store: the caller still gets its future at once.
      CompletableFuture<Void> first = trail.recordReadAsync(check("acme"),
          new UsageDay("acme", LocalDate.of(2026, 3, 1), 1, 1));
      CompletableFuture<Void> second = trail.recordReadAsync(check("acme"), null);
      AtomicInteger storedWhenCompleted = new AtomicInteger(-1);
      CompletableFuture<Void> observed = second.thenRun(() -> storedWhenCompleted.set(
          store.transactions.stream().mapToInt(List::size).sum()));
      Thread.sleep(200);
      assertThat(first).isNotDone();
      assertThat(second).isNotDone();
      store.gate.countDown();
      first.get(5, TimeUnit.SECONDS);
      observed.get(5, TimeUnit.SECONDS);
      assertThat(storedWhenCompleted.get()).as("entries committed before completion").isEqualTo(2);
      assertThat(store.flushed).as("reads only, within the flush interval").containsOnly(false);
    }
  }

  @Test
  void anAsynchronousRecordFailsWithTheProblemToAnswer() {
    TestingAuditStore store = new TestingAuditStore();
    AuditTrail trail = new AuditTrail(store, new SimpleMeterRegistry());
    store.failing = true;
    CompletableFuture<Void> failed = trail.recordAsync(check("acme"), null);
    assertThatThrownBy(() -> AuditTrail.await(failed))
        .isInstanceOfSatisfying(DncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
        .hasMessageContaining("could not be written");
    store.failing = false;
    trail.close();
    CompletableFuture<Void> closed = trail.recordReadAsync(check("acme"), null);
    assertThat(closed).as("refused at once, without waiting").isCompletedExceptionally();
    assertThatThrownBy(() -> AuditTrail.await(closed))
        .isInstanceOfSatisfying(DncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
        .hasMessageContaining("shutting down");
  }

  @Test
  void aFailedWriteIsReportedToTheWaiterAndTheTrailKeepsWorking() {
    TestingAuditStore store = new TestingAuditStore();
    try (AuditTrail trail = new AuditTrail(store, new SimpleMeterRegistry())) {
      store.failing = true;
      assertThatThrownBy(() -> trail.record(check("acme"), null))
          .isInstanceOfSatisfying(DncException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
          .hasMessageContaining("not answered and not counted");
      store.failing = false;
      trail.record(check("acme"), null);
    }
    assertThat(store.transactions).hasSize(1);
  }

  @Test
  void closingWritesWhatIsQueuedAndThenRefuses() {
    TestingAuditStore store = new TestingAuditStore();
    AuditTrail trail = new AuditTrail(store, new SimpleMeterRegistry());
    trail.record(check("acme"), null);
    trail.close();
    trail.close();
    assertThat(store.transactions).hasSize(1);
    assertThatThrownBy(() -> trail.record(check("acme"), null))
        .isInstanceOfSatisfying(DncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
  }

  @Test
  void readsAreCommittedUnflushedButFlushedAtLeastOncePerIntervalAndByAnyOtherEntry()
      throws Exception {
    TestingAuditStore store = new TestingAuditStore();
    try (AuditTrail trail = new AuditTrail(store, new SimpleMeterRegistry())) {
      trail.recordRead(check("acme"), null);
      trail.recordRead(check("acme"), null);
      assertThat(store.flushed).as("reads within the interval of the trail's start").containsExactly(false, false);
      trail.record(check("admin"), null);
      assertThat(store.flushed).last().isEqualTo(true);
      Thread.sleep(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(AuditTrail.FLUSH_INTERVAL_NANOS) + 100);
      trail.recordRead(check("acme"), null);
      assertThat(store.flushed).as("a read after the interval flushes").last().isEqualTo(true);
      trail.recordRead(check("acme"), null);
      assertThat(store.flushed).last().isEqualTo(false);
    }
    assertThat(store.transactions.stream().mapToInt(List::size).sum()).isEqualTo(5);
  }
  @Test
  void commitsBeginAtLeastTheIntervalApartAndGatherWhatArrivesMeanwhile() throws Exception {
    TestingAuditStore store = new TestingAuditStore();
    Duration interval = Duration.ofMillis(300);
    try (AuditTrail trail = new AuditTrail(store, new SimpleMeterRegistry(), interval)) {
      long idle = System.nanoTime();
      trail.recordRead(check("acme"), null);
      assertThat(Duration.ofNanos(System.nanoTime() - idle))
          .as("the first commit of an idle trail does not wait").isLessThan(interval);
      long first = System.nanoTime();
      List<CompletableFuture<Void>> burst = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        burst.add(trail.recordReadAsync(check("acme"), null));
      }
      CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
      // The first commit began before `first`; the next one no sooner than the interval after it.
      assertThat(Duration.ofNanos(System.nanoTime() - first))
          .as("the second commit waited for the interval").isGreaterThanOrEqualTo(interval.minusMillis(50));
      assertThat(store.transactions).as("the burst in one commit").hasSize(2);
      assertThat(store.transactions.get(1)).hasSize(20);
      Thread.sleep(interval.toMillis() + 50);
      long quiet = System.nanoTime();
      trail.recordRead(check("acme"), null);
      assertThat(Duration.ofNanos(System.nanoTime() - quiet))
          .as("after a quiet interval nothing waits").isLessThan(interval);
    }
    assertThat(store.transactions).hasSize(3);
  }
}
