package org.opendnc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  @Test
  void concurrentCallersShareBatchesAndEachGetsItsOwnResult() throws Exception {
    List<Integer> batchSizes = new ArrayList<>();
    CountDownLatch firstBatchWriting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (GroupCommit<Integer, Integer> commits = new GroupCommit<>("test-commits", 64, items -> {
      synchronized (batchSizes) {
        batchSizes.add(items.size());
      }
      firstBatchWriting.countDown();
      await(release); // the first batch "waits for the disk" while the others queue up
      return items.stream().map(i -> i * 10).toList();
    })) {
      ExecutorService callers = Executors.newFixedThreadPool(20);
      List<Future<Integer>> results = new ArrayList<>();
      results.add(callers.submit(() -> commits.submit(0)));
      firstBatchWriting.await(5, TimeUnit.SECONDS);
      for (int i = 1; i < 20; i++) {
        int item = i;
        results.add(callers.submit(() -> commits.submit(item)));
      }
      Thread.sleep(100); // let the 19 others queue behind the first batch
      release.countDown();
      for (int i = 0; i < 20; i++) {
        assertThat(results.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i * 10);
      }
      callers.shutdown();
    }
    assertThat(batchSizes).hasSizeLessThan(20).first().isEqualTo(1);
    assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
  }

  @Test
  void aBadItemFailsOnlyItsOwnCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (GroupCommit<Integer, Integer> commits = new GroupCommit<>("test-commits", 64, items -> {
      await(release);
      if (items.contains(13)) {
        throw new IllegalArgumentException("13 is refused");
      }
      return items;
    })) {
      ExecutorService callers = Executors.newFixedThreadPool(4);
      Future<Integer> blocker = callers.submit(() -> commits.submit(1));
      Thread.sleep(50);
      Future<Integer> good = callers.submit(() -> commits.submit(2));
      Future<Integer> bad = callers.submit(() -> commits.submit(13));
      Future<Integer> alsoGood = callers.submit(() -> commits.submit(3));
      Thread.sleep(50);
      release.countDown();
      assertThat(blocker.get(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(good.get(5, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(alsoGood.get(5, TimeUnit.SECONDS)).isEqualTo(3);
      assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("13 is refused");
      callers.shutdown();
    }
  }

  @Test
  void closingWritesWhatIsQueuedAndRefusesMore() throws Exception {
    ConcurrentLinkedQueue<Integer> written = new ConcurrentLinkedQueue<>();
    CountDownLatch release = new CountDownLatch(1);
    GroupCommit<Integer, Integer> commits = new GroupCommit<>("test-commits", 2, items -> {
      await(release);
      written.addAll(items);
      return items;
    });
    ExecutorService callers = Executors.newFixedThreadPool(5);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int item = i;
      results.add(callers.submit(() -> commits.submit(item)));
    }
    Thread.sleep(100);
    Thread closer = Thread.ofPlatform().start(commits::close);
    Thread.sleep(50);
    assertThat(closer.isAlive()).as("close waits for the queued writes").isTrue();
    release.countDown();
    closer.join(5_000);
    assertThat(written).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    for (int i = 0; i < 5; i++) {
      assertThat(results.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i);
    }
    assertThatThrownBy(() -> commits.submit(5)).isInstanceOf(IllegalStateException.class);
    callers.shutdown();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
