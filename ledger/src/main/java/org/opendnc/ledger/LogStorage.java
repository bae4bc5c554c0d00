package org.opendnc.ledger;

import java.time.Instant;
import java.util.List;

/**
 * Where a {@link TransparencyLog} keeps its entries, its full tiles and its checkpoints: in memory
 * ({@link MemoryLogStorage}) or in the register's database (the store module). Implementations are
 * thread-safe and never change what they stored.
 */
public interface LogStorage {

  /** What is stored: the tree size and its signed checkpoint ({@code null} for a new log). */
  record Head(long size, String checkpoint) {}

  /** A tile that became full: 256 hashes, never to change. */
  record FullTile(int level, long index, byte[] hashes) {
    public FullTile {
      if (hashes.length != TilePath.FULL_WIDTH * Rfc6962.HASH_BYTES) {
        throw new IllegalArgumentException("a full tile has 8192 bytes, not " + hashes.length);
      }
    }
  }

  /** The latest stored state. */
  Head head();

  /**
   * Full tile {@code index} of {@code level} (8,192 bytes).
   *
   * @throws IllegalStateException if it is not stored (the storage is damaged)
   */
  byte[] tile(int level, long index);

  /**
   * Entries {@code from} to {@code from + count - 1}, in order.
   *
   * @throws IllegalStateException if some are not stored
   */
  List<byte[]> entries(long from, int count);

  /**
   * Stores, all or nothing and durably before returning: {@code entries} as leaves {@code from}
   * onwards, the tiles they completed, and the signed checkpoint of the new size. Writers are
   * serialised by the storage.
   *
   * @param from the stored size this append continues; another value means another writer got
   *     there first, and nothing is stored
   * @throws IllegalStateException if the stored size is not {@code from} (nothing is stored)
   */
  void append(long from, List<byte[]> entries, List<FullTile> tiles, long newSize, String checkpoint,
      Instant integratedAt);
}
