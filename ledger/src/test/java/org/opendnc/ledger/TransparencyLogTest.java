package org.opendnc.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TransparencyLogTest {

  static final String ORIGIN = "example.com/log/testdata";

  static TransparencyLog open(LogStorage storage) {
    return TransparencyLog.open(storage, ORIGIN, TestingTrees.testSigner(), TestingTrees.FIXED_CLOCK, 16);
  }

  @Test
  void aNewLogHasASignedCheckpointOfTheEmptyTree() {
    TestingStorage storage = new TestingStorage();
    TransparencyLog log = open(storage);
    assertThat(log.size()).isZero();
    assertThat(log.checkpoint()).isEqualTo(new Checkpoint(ORIGIN, 0, Rfc6962.emptyRoot()));
    assertThat(Checkpoint.open(log.checkpointNote(), log.verifier())).isEqualTo(log.checkpoint());
    assertThat(storage.appends).isEqualTo(1);
    assertThat(log.integrate()).isEqualTo(log.checkpoint());
    assertThat(storage.appends).as("nothing queued: nothing written").isEqualTo(1);
  }

  @Test
  void appendGivesIndicesAndIntegrateMakesThemProvable() {
    TransparencyLog log = open(new MemoryLogStorage());
    assertThat(log.append("a".getBytes(StandardCharsets.UTF_8))).isZero();
    assertThat(log.append(new byte[0])).isEqualTo(1);
    assertThat(log.pendingCount()).isEqualTo(2);
    assertThat(log.size()).isZero();
    assertThatThrownBy(() -> log.inclusionProof(0, 1)).isInstanceOf(IllegalArgumentException.class);
    Checkpoint checkpoint = log.integrate();
    assertThat(checkpoint.size()).isEqualTo(2);
    assertThat(log.pendingCount()).isZero();
    ProofVerifier.verifyInclusion(Rfc6962.leafHash(new byte[0]), 1, 2, log.inclusionProof(1, 2),
        checkpoint.rootHash());
    assertThat(log.append("c".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
  }

  @Test
  void anIntegrationCanBeBoundedAndTakesTheOldestEntriesFirst() {
    TestingStorage storage = new TestingStorage();
    TransparencyLog log = open(storage);
    for (int i = 0; i < 10; i++) {
      log.append(TestingTrees.entry(i));
    }
    assertThat(log.integrate(4).size()).isEqualTo(4);
    assertThat(log.pendingCount()).isEqualTo(6);
    storage.failures = 1;
    assertThatThrownBy(() -> log.integrate(3)).hasMessageContaining("refuses");
    assertThat(log.pendingCount()).isEqualTo(6);
    assertThat(log.integrate(3).rootHash()).isEqualTo(Rfc6962.root(TestingTrees.leafHashes(7)));
    assertThat(log.integrate().rootHash()).isEqualTo(Rfc6962.root(TestingTrees.leafHashes(10)));
    assertThatThrownBy(() -> log.integrate(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entriesLongerThanABundleCanCarryAreRefused() {
    TransparencyLog log = open(new MemoryLogStorage());
    assertThat(log.append(new byte[65_535])).isZero();
    assertThatThrownBy(() -> log.append(new byte[65_536]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
    assertThat(log.integrate().size()).isEqualTo(1);
  }

  @Test
  void aFailedIntegrationKeepsTheEntriesQueuedWithTheirIndices() {
    TestingStorage storage = new TestingStorage();
    TransparencyLog log = open(storage);
    log.append(TestingTrees.entry(0));
    log.append(TestingTrees.entry(1));
    storage.failures = 1;
    assertThatThrownBy(log::integrate).hasMessageContaining("refuses");
    assertThat(log.size()).isZero();
    assertThat(log.append(TestingTrees.entry(2))).isEqualTo(2);
    assertThat(log.pendingCount()).isEqualTo(3);
    Checkpoint checkpoint = log.integrate();
    assertThat(checkpoint.size()).isEqualTo(3);
    assertThat(checkpoint.rootHash()).isEqualTo(Rfc6962.root(TestingTrees.leafHashes(3)));
  }

  @Test
  void reopeningRebuildsTheRightEdgeAndContinuesTheSameTree() {
    MemoryLogStorage storage = new MemoryLogStorage();
    TransparencyLog first = open(storage);
    int count = 70_000;
    for (int i = 0; i < count; i++) {
      first.append(TestingTrees.entry(i));
      if (i % 10_007 == 0) {
        first.integrate();
      }
    }
    Checkpoint before = first.integrate();
    TransparencyLog reopened = open(storage);
    assertThat(reopened.checkpoint()).isEqualTo(before);
    assertThat(reopened.checkpointNote()).isEqualTo(first.checkpointNote());
    assertThat(reopened.inclusionProof(69_999, count)).usingElementComparator(java.util.Arrays::compare)
        .containsExactlyElementsOf(first.inclusionProof(69_999, count));
    assertThat(reopened.append(TestingTrees.entry(count))).isEqualTo(count);
    assertThat(reopened.integrate().rootHash()).isEqualTo(Rfc6962.root(TestingTrees.leafHashes(count + 1)));
  }

  @Test
  void aStoredLogThatNoLongerMatchesItsCheckpointIsRefusedAtOpen() {
    TestingStorage storage = new TestingStorage();
    TransparencyLog log = open(storage);
    for (int i = 0; i < 300; i++) {
      log.append(TestingTrees.entry(i));
    }
    log.integrate();
    storage.tamperedEntry = 299L; // in the partial tile rebuilt at open
    assertThatThrownBy(() -> open(storage)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not its checkpoint's root");
  }

  @Test
  void aStoredLogOfAnotherOriginOrKeyIsRefusedAtOpen() {
    MemoryLogStorage storage = new MemoryLogStorage();
    open(storage);
    assertThatThrownBy(() -> TransparencyLog.open(storage, "example.com/other", TestingTrees.testSigner()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not for example.com/other");
    assertThatThrownBy(() -> TransparencyLog.open(storage, ORIGIN, NoteSigner.generate(ORIGIN)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a checkpoint signed by");
    assertThatThrownBy(() -> TransparencyLog.open(new MemoryLogStorage(), "", TestingTrees.testSigner()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyCheckpointIsConsistentWithEveryEarlierOne() {
    TransparencyLog log = open(new MemoryLogStorage());
    List<Checkpoint> checkpoints = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    long next = 0;
    for (int round = 0; round < 40; round++) {
      int batch = random.nextInt(700);
      for (int i = 0; i < batch; i++) {
        log.append(TestingTrees.entry(next++));
      }
      checkpoints.add(log.integrate());
    }
    for (Checkpoint older : checkpoints) {
      for (Checkpoint newer : checkpoints) {
        if (older.size() > 0 && older.size() <= newer.size()) {
          ProofVerifier.verifyConsistency(older.size(), newer.size(),
              log.consistencyProof(older.size(), newer.size()), older.rootHash(), newer.rootHash());
        }
      }
    }
  }

  @Test
  void concurrentAppendsAndIntegrationsLoseNothingAndKeepIndices() throws Exception {
    TransparencyLog log = open(new MemoryLogStorage());
    int threads = 4;
    int perThread = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[]>> appenders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      appenders.add(pool.submit(() -> {
        start.await();
        long[] indices = new long[perThread];
        for (int i = 0; i < perThread; i++) {
          indices[i] = log.append(("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return indices;
      }));
    }
    Future<?> integrator = pool.submit(() -> {
      start.await();
      while (log.size() < (long) threads * perThread) {
        log.integrate();
      }
      return null;
    });
    start.countDown();
    List<long[]> indices = new ArrayList<>();
    for (Future<long[]> appender : appenders) {
      indices.add(appender.get());
    }
    integrator.get();
    pool.shutdown();
    Checkpoint checkpoint = log.checkpoint();
    assertThat(checkpoint.size()).isEqualTo((long) threads * perThread);
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i += 499) {
        long index = indices.get(t)[i];
        byte[] leaf = Rfc6962.leafHash(("t" + t + "-" + i).getBytes(StandardCharsets.UTF_8));
        ProofVerifier.verifyInclusion(leaf, index, checkpoint.size(),
            log.inclusionProof(index, checkpoint.size()), checkpoint.rootHash());
      }
    }
  }
}
