package org.opendnc.ledger;

/**
 * The hashes of a log's perfect subtrees: where proofs and roots are computed from. Implementations
 * read them from stored tiles ({@link TileNodes}) or compute them.
 */
@FunctionalInterface
public interface NodeHashes {

  /**
   * The Merkle tree hash of the perfect subtree of {@code 2^height} leaves starting at leaf
   * {@code index * 2^height}. Callers ask only for subtrees that are complete in the tree they work
   * on.
   *
   * @throws IllegalStateException if the hashes needed are not available (a storage fault)
   */
  byte[] node(int height, long index);
}
