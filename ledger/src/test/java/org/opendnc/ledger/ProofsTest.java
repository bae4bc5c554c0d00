package org.opendnc.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Proofs computed two ways: from the tiles of a log against the RFC's recursive definitions (small
 * trees, every index and size) and against a tree kept whole (trees spanning three tile levels).
 */
class ProofsTest {

  @Test
  void everyProofOfTreesUpTo80LeavesEqualsTheRfcDefinitionAndVerifies() {
    int max = 80;
    List<byte[]> leaves = TestingTrees.leafHashes(max);
    TransparencyLog log = TestingTrees.memoryLog();
    for (int i = 0; i < max; i++) {
      log.append(TestingTrees.entry(i));
    }
    log.integrate();
    for (int size = 1; size <= max; size++) {
      List<byte[]> tree = leaves.subList(0, size);
      byte[] root = Rfc6962.root(tree);
      assertThat(log.root(size)).isEqualTo(root);
      for (int index = 0; index < size; index++) {
        List<byte[]> proof = log.inclusionProof(index, size);
        assertSameHashes(proof, TestingTrees.referenceInclusion(index, tree));
        ProofVerifier.verifyInclusion(leaves.get(index), index, size, proof, root);
      }
      for (int oldSize = 1; oldSize <= size; oldSize++) {
        List<byte[]> proof = log.consistencyProof(oldSize, size);
        assertSameHashes(proof, TestingTrees.referenceConsistency(oldSize, tree));
        ProofVerifier.verifyConsistency(oldSize, size, proof, Rfc6962.root(leaves.subList(0, oldSize)), root);
      }
    }
  }

  @Test
  void proofsFromTilesEqualProofsFromTheWholeTreeAcrossThreeTileLevels() {
    int count = 66_000; // level 2 holds one hash from 65,536 on
    List<byte[]> leaves = TestingTrees.leafHashes(count);
    TestingTrees.WholeTree whole = new TestingTrees.WholeTree(leaves);
    TransparencyLog log = TestingTrees.memoryLog();
    Random random = new Random(20260101L);
    int integrated = 0;
    while (integrated < count) {
      int batch = Math.min(count - integrated, 1 + random.nextInt(9_000));
      for (int i = 0; i < batch; i++) {
        log.append(TestingTrees.entry(integrated + i));
      }
      integrated += batch;
      assertThat(log.integrate().rootHash()).isEqualTo(Proofs.root(integrated, whole));
    }
    long[] sizes = {1, 255, 256, 257, 65_535, 65_536, 65_537, count};
    for (long size : sizes) {
      assertThat(log.root(size)).as("root %d", size).isEqualTo(Proofs.root(size, whole));
    }
    for (int sample = 0; sample < 300; sample++) {
      long size = sample < sizes.length ? sizes[sample] : 1 + random.nextInt(count);
      long index = random.nextInt((int) size);
      long oldSize = 1 + random.nextInt((int) size);
      List<byte[]> inclusion = log.inclusionProof(index, size);
      assertSameHashes(inclusion, Proofs.inclusion(index, size, whole));
      ProofVerifier.verifyInclusion(leaves.get((int) index), index, size, inclusion, log.root(size));
      List<byte[]> consistency = log.consistencyProof(oldSize, size);
      assertSameHashes(consistency, Proofs.consistency(oldSize, size, whole));
      ProofVerifier.verifyConsistency(oldSize, size, consistency, log.root(oldSize), log.root(size));
    }
  }

  @Test
  void aTileTreesNodesAreTheRootsOfItsHashes() {
    List<byte[]> leaves = TestingTrees.leafHashes(256);
    byte[] hashes = new byte[256 * 32];
    for (int i = 0; i < 256; i++) {
      System.arraycopy(leaves.get(i), 0, hashes, i * 32, 32);
    }
    TileTree tree = new TileTree(hashes);
    TestingTrees.WholeTree whole = new TestingTrees.WholeTree(leaves);
    for (int height = 0; height <= 8; height++) {
      for (int index = 0; index < 256 >> height; index++) {
        assertThat(tree.node(height, index)).isEqualTo(whole.node(height, index));
      }
    }
    assertThat(tree.hashes()).isEqualTo(hashes);
    assertThat(tree.node(8, 0)).isEqualTo(Rfc6962.root(leaves));
  }

  @Test
  void proofSizesStayLogarithmic() {
    TestingTrees.WholeTree whole = new TestingTrees.WholeTree(TestingTrees.leafHashes(4096));
    assertThat(Proofs.inclusion(1234, 4096, whole)).hasSize(12);
    assertThat(Proofs.consistency(1000, 4095, whole).size()).isLessThanOrEqualTo(2 * 12);
  }

  @Test
  void argumentsOutsideTheTreeAreRefused() {
    NodeHashes none = (height, index) -> {
      throw new AssertionError("not reached");
    };
    assertThatThrownBy(() -> Proofs.inclusion(-1, 5, none)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proofs.inclusion(5, 5, none)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proofs.consistency(0, 5, none)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proofs.consistency(6, 5, none)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proofs.root(-1, none)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Proofs.root(0, none)).isEqualTo(Rfc6962.emptyRoot());
  }

  static void assertSameHashes(List<byte[]> actual, List<byte[]> expected) {
    assertThat(actual).usingElementComparator(Arrays::compare).containsExactlyElementsOf(expected);
  }
}
