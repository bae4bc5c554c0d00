package org.opendnc.ledger;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reference computations for tests: the RFC's recursive definitions, and a tree kept whole. */
final class TestingTrees {

  /** The Tessera test log's published key (shared/testdata/ledger/tessera-log-checkpoints.json). */
  static final String TEST_SIGNER_KEY =
      "PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg";

  static final Clock FIXED_CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private TestingTrees() {}

  static NoteSigner testSigner() {
    return NoteSigner.parse(TEST_SIGNER_KEY);
  }

  /** A log in memory, its origin the test key's name. */
  static TransparencyLog memoryLog() {
    return TransparencyLog.open(new MemoryLogStorage(), "example.com/log/testdata", testSigner(),
        FIXED_CLOCK, 64);
  }

  /** Entry {@code i} of the synthetic logs: its index as 8 big-endian bytes. */
  static byte[] entry(long i) {
    return ByteBuffer.allocate(Long.BYTES).putLong(i).array();
  }

  static List<byte[]> leafHashes(long count) {
    List<byte[]> hashes = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      hashes.add(Rfc6962.leafHash(entry(i)));
    }
    return hashes;
  }

  /** PATH(m, D[n]) of RFC 9162 section 2.1.3.1, literally. */
  static List<byte[]> referenceInclusion(int m, List<byte[]> leaves) {
    int n = leaves.size();
    List<byte[]> path = new ArrayList<>();
    if (n == 1) {
      return path;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      path.addAll(referenceInclusion(m, leaves.subList(0, k)));
      path.add(Rfc6962.root(leaves.subList(k, n)));
    } else {
      path.addAll(referenceInclusion(m - k, leaves.subList(k, n)));
      path.add(Rfc6962.root(leaves.subList(0, k)));
    }
    return path;
  }

  /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 section 2.1.4.1, literally. */
  static List<byte[]> referenceConsistency(int m, List<byte[]> leaves) {
    return subproof(m, leaves, true);
  }

  private static List<byte[]> subproof(int m, List<byte[]> leaves, boolean b) {
    int n = leaves.size();
    List<byte[]> proof = new ArrayList<>();
    if (m == n) {
      if (!b) {
        proof.add(Rfc6962.root(leaves));
      }
      return proof;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      proof.addAll(subproof(m, leaves.subList(0, k), b));
      proof.add(Rfc6962.root(leaves.subList(k, n)));
    } else {
      proof.addAll(subproof(m - k, leaves.subList(k, n), false));
      proof.add(Rfc6962.root(leaves.subList(0, k)));
    }
    return proof;
  }

  /** Every level of a tree kept in memory: node hashes read directly, no tiles. */
  static final class WholeTree implements NodeHashes {
    private final List<List<byte[]>> levels = new ArrayList<>();

    WholeTree(List<byte[]> leafHashes) {
      levels.add(leafHashes);
      List<byte[]> level = leafHashes;
      while (level.size() > 1) {
        List<byte[]> up = new ArrayList<>();
        for (int i = 0; i + 1 < level.size(); i += 2) {
          up.add(Rfc6962.nodeHash(level.get(i), level.get(i + 1)));
        }
        levels.add(up);
        level = up;
      }
    }

    @Override
    public byte[] node(int height, long index) {
      return levels.get(height).get((int) index);
    }
  }
}
