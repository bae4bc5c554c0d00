package org.opendnc.ledger;

import java.util.Arrays;

/**
 * A full tile with every node of its 8 inner levels hashed once: 511 hashes, so a node inside it
 * costs no hashing. Immutable.
 */
final class TileTree {

  /*
   * Layout: the 256 hashes of height 0, then the 128 of height 1, ..., then the root: height h
   * starts at hash number 512 - (512 >> h). Building costs the 255 node hashes a proof through an
   * uncached tile would compute anyway (the siblings of one path cover all but one leaf).
   */

  private final byte[] nodes;

  TileTree(byte[] hashes) {
    if (hashes.length != TilePath.FULL_WIDTH * Rfc6962.HASH_BYTES) {
      throw new IllegalArgumentException("a full tile has 8192 bytes, not " + hashes.length);
    }
    nodes = new byte[(2 * TilePath.FULL_WIDTH - 1) * Rfc6962.HASH_BYTES];
    System.arraycopy(hashes, 0, nodes, 0, hashes.length);
    for (int height = 1; height <= TilePath.HEIGHT; height++) {
      int below = start(height - 1);
      int here = start(height);
      for (int i = 0; i < TilePath.FULL_WIDTH >> height; i++) {
        byte[] parent = Rfc6962.nodeHash(nodes, (below + 2 * i) * Rfc6962.HASH_BYTES);
        System.arraycopy(parent, 0, nodes, (here + i) * Rfc6962.HASH_BYTES, Rfc6962.HASH_BYTES);
      }
    }
  }

  private static int start(int height) {
    return 2 * TilePath.FULL_WIDTH - (2 * TilePath.FULL_WIDTH >> height);
  }

  /** The node of {@code height} (0 to 8) and {@code index} inside the tile. */
  byte[] node(int height, int index) {
    int from = (start(height) + index) * Rfc6962.HASH_BYTES;
    return Arrays.copyOfRange(nodes, from, from + Rfc6962.HASH_BYTES);
  }

  /** The tile's 256 hashes. */
  byte[] hashes() {
    return Arrays.copyOf(nodes, TilePath.FULL_WIDTH * Rfc6962.HASH_BYTES);
  }
}
