package org.opendnc.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * shared/testdata/ledger/rfc6962-transparency-dev.json: leaf hashes, roots, inclusion and
 * consistency proofs (generated here and verified), and every rejection it lists.
 */
class Rfc6962VectorsTest {

  static JsonNode vectors;
  static List<byte[]> leaves;
  static List<byte[]> leafHashes;

  @BeforeAll
  static void load() {
    vectors = TestVectors.load("rfc6962-transparency-dev.json");
    leaves = TestVectors.hexList(vectors.get("leaf_inputs_hex"));
    leafHashes = TestVectors.hexList(vectors.get("leaf_hashes"));
  }

  static byte[] root(int size) {
    return TestVectors.hex(vectors.get("root_by_size").get(Integer.toString(size)));
  }

  static TransparencyLog logOf(int size) {
    TransparencyLog log = TestingTrees.memoryLog();
    for (int i = 0; i < size; i++) {
      log.append(leaves.get(i));
    }
    log.integrate();
    return log;
  }

  @Test
  void leafHashesArePrefixedSha256OfTheInputs() {
    assertThat(leaves).hasSize(8);
    for (int i = 0; i < leaves.size(); i++) {
      assertThat(Rfc6962.leafHash(leaves.get(i))).as("leaf %d", i).isEqualTo(leafHashes.get(i));
    }
  }

  @Test
  void rootsOfEverySizeMatchRecursivelyAndIncrementally() {
    assertThat(vectors.get("root_by_size").size()).isEqualTo(9);
    TransparencyLog log = TestingTrees.memoryLog();
    assertThat(log.checkpoint().rootHash()).isEqualTo(root(0));
    for (int size = 0; size <= 8; size++) {
      assertThat(Rfc6962.root(leafHashes.subList(0, size))).as("recursive root %d", size).isEqualTo(root(size));
      if (size > 0) {
        log.append(leaves.get(size - 1));
        assertThat(log.integrate().rootHash()).as("integrated root %d", size).isEqualTo(root(size));
      }
    }
    for (int size = 0; size <= 8; size++) {
      assertThat(log.root(size)).as("root %d from the tiles of size 8", size).isEqualTo(root(size));
    }
  }

  @Test
  void inclusionProofsAreGeneratedAsGivenAndVerify() {
    assertThat(vectors.get("inclusion_valid").size()).isEqualTo(5);
    for (JsonNode vector : vectors.get("inclusion_valid")) {
      int index = vector.get("leaf_index").asInt();
      int size = vector.get("tree_size").asInt();
      List<byte[]> proof = TestVectors.hexList(vector.get("proof"));
      assertThat(logOf(size).inclusionProof(index, size)).as("proof of %d in %d", index, size)
          .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(proof);
      ProofVerifier.verifyInclusion(leafHashes.get(index), index, size, proof, root(size));
    }
  }

  @Test
  void consistencyProofsAreGeneratedAsGivenAndVerify() {
    assertThat(vectors.get("consistency_valid").size()).isEqualTo(5);
    for (JsonNode vector : vectors.get("consistency_valid")) {
      int oldSize = vector.get("old_size").asInt();
      int newSize = vector.get("new_size").asInt();
      List<byte[]> proof = TestVectors.hexList(vector.get("proof"));
      assertThat(logOf(newSize).consistencyProof(oldSize, newSize)).as("proof %d to %d", oldSize, newSize)
          .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(proof);
      ProofVerifier.verifyConsistency(oldSize, newSize, proof, root(oldSize), root(newSize));
    }
  }

  @Test
  void everyProofWithOneBitFlippedIsRejected() {
    assertThat(vectors.get("must_reject").toString()).contains("any proof with one bit flipped");
    for (JsonNode vector : vectors.get("inclusion_valid")) {
      int index = vector.get("leaf_index").asInt();
      int size = vector.get("tree_size").asInt();
      List<byte[]> proof = TestVectors.hexList(vector.get("proof"));
      for (List<byte[]> flipped : withEachBitFlipped(proof)) {
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(
            leafHashes.get(index), index, size, flipped, root(size))).isInstanceOf(ProofException.class);
      }
      byte[] leaf = leafHashes.get(index).clone();
      leaf[7] ^= 0x10;
      assertThatThrownBy(() -> ProofVerifier.verifyInclusion(leaf, index, size, proof, root(size)))
          .isInstanceOf(ProofException.class).hasMessageContaining("not to the tree's root");
    }
    for (JsonNode vector : vectors.get("consistency_valid")) {
      int oldSize = vector.get("old_size").asInt();
      int newSize = vector.get("new_size").asInt();
      List<byte[]> proof = TestVectors.hexList(vector.get("proof"));
      for (List<byte[]> flipped : withEachBitFlipped(proof)) {
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(
            oldSize, newSize, flipped, root(oldSize), root(newSize))).isInstanceOf(ProofException.class);
      }
    }
  }

  @Test
  void aProofWithAnExtraHashInsertedAnywhereIsRejected() {
    assertThat(vectors.get("must_reject").toString()).contains("a proof with an extra hash inserted");
    byte[] extra = leafHashes.get(3);
    for (JsonNode vector : vectors.get("inclusion_valid")) {
      int index = vector.get("leaf_index").asInt();
      int size = vector.get("tree_size").asInt();
      List<byte[]> proof = TestVectors.hexList(vector.get("proof"));
      for (int at = 0; at <= proof.size(); at++) {
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(at, extra);
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(
            leafHashes.get(index), index, size, longer, root(size))).isInstanceOf(ProofException.class);
      }
    }
    for (JsonNode vector : vectors.get("consistency_valid")) {
      int oldSize = vector.get("old_size").asInt();
      int newSize = vector.get("new_size").asInt();
      List<byte[]> proof = TestVectors.hexList(vector.get("proof"));
      for (int at = 0; at <= proof.size(); at++) {
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(at, extra);
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(
            oldSize, newSize, longer, root(oldSize), root(newSize))).isInstanceOf(ProofException.class);
      }
    }
  }

  @Test
  void consistencyWithTheOldSizeLargerThanTheNewIsRejected() {
    assertThat(vectors.get("must_reject").toString()).contains("old_size > new_size");
    List<byte[]> proof = TestVectors.hexList(vectors.get("consistency_valid").get(2).get("proof"));
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(8, 6, proof, root(8), root(6)))
        .isInstanceOf(ProofException.class).hasMessageContaining("larger than the new tree size");
    assertThatThrownBy(() -> logOf(8).consistencyProof(8, 6)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void consistencyOfEqualSizesNeedsAnEmptyProofAndEqualRoots() {
    assertThat(vectors.get("must_reject").toString()).contains("old_size == new_size with a non-empty proof");
    ProofVerifier.verifyConsistency(1, 1, List.of(), root(1), root(1));
    assertThat(logOf(5).consistencyProof(5, 5)).isEmpty();
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 1, List.of(leafHashes.get(1)), root(1), root(1)))
        .isInstanceOf(ProofException.class).hasMessageContaining("must be empty");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(5, 5, List.of(), root(5), root(6)))
        .isInstanceOf(ProofException.class).hasMessageContaining("different roots");
  }

  @Test
  void consistencyFromTheEmptyTreeIsRefusedAsTransparencyDevDoes() {
    assertThat(vectors.get("must_reject").toString()).contains("old_size 0");
    // Decision 0014: like transparency-dev/merkle, a proof from size 0 is meaningless.
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 8, List.of(), root(0), root(8)))
        .isInstanceOf(ProofException.class).hasMessageContaining("empty tree");
    assertThatThrownBy(() -> logOf(8).consistencyProof(0, 8)).isInstanceOf(IllegalArgumentException.class);
    // Two empty trees are equal trees.
    ProofVerifier.verifyConsistency(0, 0, List.of(), root(0), root(0));
  }

  @Test
  void inclusionWithAnIndexAtOrBeyondTheSizeIsRejected() {
    List<byte[]> proof = TestVectors.hexList(vectors.get("inclusion_valid").get(3).get("proof"));
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(leafHashes.get(3), 3, 3, proof, root(3)))
        .isInstanceOf(ProofException.class).hasMessageContaining("not below the tree size");
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(leafHashes.get(0), 0, 0, List.of(), root(0)))
        .isInstanceOf(ProofException.class);
    assertThatThrownBy(() -> logOf(3).inclusionProof(3, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> logOf(3).inclusionProof(0, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("log's size 3");
  }

  /**
   * A proof verified as if it were for another index or size, against that tree's real root (a
   * checkpoint binds a size to its root; a root alone does not fix the size: the proof of leaf 0 in
   * 8 also leads to the root of 8 when read as a proof in a tree of 5). Claims whose own proof is
   * this very proof (the empty proof between equal sizes) are skipped.
   */
  @Test
  void proofsClaimingOtherSizesOrIndicesAreRejected() {
    TransparencyLog log = logOf(8);
    for (JsonNode vector : vectors.get("inclusion_valid")) {
      int index = vector.get("leaf_index").asInt();
      int size = vector.get("tree_size").asInt();
      List<byte[]> proof = TestVectors.hexList(vector.get("proof"));
      for (int otherSize = 1; otherSize <= 8; otherSize++) {
        for (int otherIndex = 0; otherIndex < otherSize; otherIndex++) {
          if (otherIndex == index && proofsEqual(log.inclusionProof(otherIndex, otherSize), proof)) {
            continue;
          }
          int i = otherIndex;
          int s = otherSize;
          assertThatThrownBy(() -> ProofVerifier.verifyInclusion(leafHashes.get(index), i, s, proof, root(s)))
              .as("proof of %d in %d claimed as %d in %d", index, size, i, s)
              .isInstanceOf(ProofException.class);
        }
      }
    }
    for (JsonNode vector : vectors.get("consistency_valid")) {
      int oldSize = vector.get("old_size").asInt();
      int newSize = vector.get("new_size").asInt();
      List<byte[]> proof = TestVectors.hexList(vector.get("proof"));
      for (int m = 1; m <= 8; m++) {
        for (int n = m; n <= 8; n++) {
          if (proofsEqual(log.consistencyProof(m, n), proof)) {
            continue;
          }
          int mm = m;
          int nn = n;
          assertThatThrownBy(() -> ProofVerifier.verifyConsistency(mm, nn, proof, root(mm), root(nn)))
              .as("proof %d to %d claimed as %d to %d", oldSize, newSize, mm, nn)
              .isInstanceOf(ProofException.class);
        }
      }
    }
  }

  @Test
  void truncatedProofsAndHashesOfTheWrongLengthAreRejected() {
    for (JsonNode vector : vectors.get("inclusion_valid")) {
      int index = vector.get("leaf_index").asInt();
      int size = vector.get("tree_size").asInt();
      List<byte[]> proof = TestVectors.hexList(vector.get("proof"));
      if (!proof.isEmpty()) {
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(
            leafHashes.get(index), index, size, proof.subList(0, proof.size() - 1), root(size)))
            .isInstanceOf(ProofException.class).hasMessageContaining("too few");
        List<byte[]> shortHash = new ArrayList<>(proof);
        shortHash.set(0, java.util.Arrays.copyOf(proof.get(0), 31));
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(
            leafHashes.get(index), index, size, shortHash, root(size)))
            .isInstanceOf(ProofException.class).hasMessageContaining("31 bytes");
      }
    }
    List<byte[]> proof = TestVectors.hexList(vectors.get("consistency_valid").get(3).get("proof"));
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(2, 5, proof.subList(0, 1), root(2), root(5)))
        .isInstanceOf(ProofException.class).hasMessageContaining("too few");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(2, 5, List.of(), root(2), root(5)))
        .isInstanceOf(ProofException.class).hasMessageContaining("empty");
  }

  private static boolean proofsEqual(List<byte[]> a, List<byte[]> b) {
    return a.size() == b.size()
        && java.util.stream.IntStream.range(0, a.size()).allMatch(i -> java.util.Arrays.equals(a.get(i), b.get(i)));
  }

  private static List<List<byte[]>> withEachBitFlipped(List<byte[]> proof) {
    List<List<byte[]>> variants = new ArrayList<>();
    for (int h = 0; h < proof.size(); h++) {
      for (int bit = 0; bit < 8 * Rfc6962.HASH_BYTES; bit++) {
        List<byte[]> copy = new ArrayList<>(proof);
        byte[] hash = proof.get(h).clone();
        hash[bit / 8] ^= (byte) (1 << (bit % 8));
        copy.set(h, hash);
        variants.add(copy);
      }
    }
    return variants;
  }
}
