package org.opendnc.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Generates RFC 6962 / RFC 9162 roots, inclusion proofs and consistency proofs from the hashes of
 * perfect subtrees. Stateless; as thread-safe as the {@link NodeHashes} given.
 */
public final class Proofs {

  /*
   * RFC 9162 section 2.1.3.1 (inclusion, PATH) and 2.1.4.1 (consistency, SUBPROOF), walked top-down
   * over ranges [lo, hi) of the leaves; the hashes come out root-first and are reversed. Every range
   * the recursion visits starts at a multiple of a power of two at least as large as the range, so
   * MTH(D[lo:hi]) is the right fold of the range's perfect subtrees taken largest first: one stored
   * or computed node per set bit of hi - lo. A proof for a tree of n leaves holds at most
   * 2 * ceil(log2 n) hashes (inclusion: at most ceil(log2 n)).
   */

  private Proofs() {}

  /**
   * The root hash of the tree of the first {@code size} leaves.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public static byte[] root(long size, NodeHashes nodes) {
    if (size < 0) {
      throw new IllegalArgumentException("tree size " + size + " is negative");
    }
    return size == 0 ? Rfc6962.emptyRoot() : rangeHash(0, size, nodes);
  }

  /**
   * The inclusion proof (audit path) of leaf {@code index} in the tree of size {@code size}, from
   * the leaf's sibling up to a child of the root.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size}
   */
  public static List<byte[]> inclusion(long index, long size, NodeHashes nodes) {
    Objects.requireNonNull(nodes, "nodes");
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not in a tree of size " + size + " (0 <= index < size)");
    }
    List<byte[]> topDown = new ArrayList<>();
    long lo = 0;
    long hi = size;
    while (hi - lo > 1) {
      long k = splitOf(hi - lo);
      if (index < lo + k) {
        topDown.add(rangeHash(lo + k, hi, nodes));
        hi = lo + k;
      } else {
        topDown.add(rangeHash(lo, lo + k, nodes));
        lo += k;
      }
    }
    Collections.reverse(topDown);
    return topDown;
  }

  /**
   * The consistency proof between the trees of sizes {@code oldSize} and {@code newSize}. Empty when
   * the sizes are equal.
   *
   * @throws IllegalArgumentException unless {@code 0 < oldSize <= newSize}; a proof from the empty
   *     tree is meaningless (decision 0014)
   */
  public static List<byte[]> consistency(long oldSize, long newSize, NodeHashes nodes) {
    Objects.requireNonNull(nodes, "nodes");
    if (oldSize <= 0 || oldSize > newSize) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + oldSize + " to size " + newSize
              + " (0 < old size <= new size)");
    }
    List<byte[]> topDown = new ArrayList<>();
    long m = oldSize; // leaves of the old tree inside [lo, hi)
    long lo = 0;
    long hi = newSize;
    boolean oldTreeIsWhole = true; // SUBPROOF's b: [lo, hi) still starts at leaf 0
    while (m != hi - lo) {
      long k = splitOf(hi - lo);
      if (m <= k) {
        topDown.add(rangeHash(lo + k, hi, nodes));
        hi = lo + k;
      } else {
        topDown.add(rangeHash(lo, lo + k, nodes));
        lo += k;
        m -= k;
        oldTreeIsWhole = false;
      }
    }
    if (!oldTreeIsWhole) {
      topDown.add(rangeHash(lo, hi, nodes));
    }
    Collections.reverse(topDown);
    return topDown;
  }

  /** The largest power of two smaller than {@code n}, for {@code n >= 2}. */
  static long splitOf(long n) {
    return Long.highestOneBit(n - 1);
  }

  /**
   * MTH(D[lo:hi]) for a range whose start is a multiple of a power of two at least its length, as
   * every range of the RFC's recursion is: the right fold of its perfect subtrees, largest first.
   */
  static byte[] rangeHash(long lo, long hi, NodeHashes nodes) {
    long length = hi - lo;
    int parts = Long.bitCount(length);
    byte[][] subtrees = new byte[parts][];
    long start = lo;
    int part = 0;
    for (int height = 63 - Long.numberOfLeadingZeros(length); height >= 0; height--) {
      if ((length & (1L << height)) != 0) {
        subtrees[part++] = nodes.node(height, start >>> height);
        start += 1L << height;
      }
    }
    byte[] hash = subtrees[parts - 1];
    for (int i = parts - 2; i >= 0; i--) {
      hash = Rfc6962.nodeHash(subtrees[i], hash);
    }
    return hash;
  }
}
