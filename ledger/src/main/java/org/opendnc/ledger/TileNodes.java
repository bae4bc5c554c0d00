package org.opendnc.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The perfect-subtree hashes of a tree of a given size, read from its tiles: the tile at level
 * height / 8 holds the subtree's leaves, and the levels inside a tile are hashed on demand.
 */
public final class TileNodes implements NodeHashes {

  /*
   * A node of height h = 8L + r (0 <= r < 8) and index i covers the 2^r consecutive hashes of
   * level 8L from i * 2^r: they sit in one tile of level L, so a node costs one tile read and
   * 2^r - 1 hashes. A proof touches at most two tiles per level (about 4 reads at 100 M leaves)
   * and hashes at most 2 * 255 hashes per level.
   */

  /** Reads the hashes of one tile. */
  @FunctionalInterface
  public interface TileReader {
    /**
     * At least the first {@code width} hashes of tile {@code index} of {@code level}, concatenated
     * (a full tile may be returned for a partial one: its prefix is the partial tile).
     */
    byte[] hashes(int level, long index, int width);
  }

  /** The hash of {@code count} (a power of two) consecutive hashes of a tile, from {@code offset}. */
  @FunctionalInterface
  interface SubtreeReader {
    byte[] subtree(int level, long index, int width, int offset, int count);
  }

  private final long size;
  private final SubtreeReader reader;

  public TileNodes(long size, TileReader reader) {
    this(size, (SubtreeReader) (level, index, width, offset, count) -> {
      byte[] tile = reader.hashes(level, index, width);
      if (tile.length < width * Rfc6962.HASH_BYTES) {
        throw new IllegalStateException(
            "tile " + index + " of level " + level + " has " + tile.length / Rfc6962.HASH_BYTES
                + " hashes, fewer than " + width);
      }
      return Rfc6962.perfectRoot(tile, offset, count);
    });
  }

  /** Nodes from a reader that may have the tile's inner nodes at hand (the log's cache). */
  TileNodes(long size, SubtreeReader reader) {
    this.size = size;
    this.reader = reader;
  }

  /**
   * Nodes read from a {@link TileSource}; a partial tile it lacks is cut from the full tile.
   * Reading fails with {@link IllegalStateException} for a missing tile or one of the wrong
   * length, and {@link UncheckedIOException} for one that cannot be read.
   */
  public static TileNodes from(TileSource source, long size) {
    return new TileNodes(size, (level, index, width) -> read(source, TilePath.hashes(level, index, width)));
  }

  private static byte[] read(TileSource source, TilePath path) {
    try {
      byte[] tile = source.readOrCutFromFull(path);
      if (tile == null) {
        throw new IllegalStateException(path + " is missing");
      }
      if (tile.length != path.width() * Rfc6962.HASH_BYTES) {
        throw new IllegalStateException(
            path + " has " + tile.length + " bytes, not " + path.width() * Rfc6962.HASH_BYTES);
      }
      return tile;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] node(int height, long index) {
    int level = height / TilePath.HEIGHT;
    int heightInTile = height % TilePath.HEIGHT;
    long first = index << heightInTile;
    long tileIndex = first >>> TilePath.HEIGHT;
    int offset = (int) (first & (TilePath.FULL_WIDTH - 1));
    int count = 1 << heightInTile;
    int width = TilePath.widthIn(size, level, tileIndex);
    if (offset + count > width) {
      throw new IllegalArgumentException(
          "node " + index + " of height " + height + " is not a complete subtree of the tree of size "
              + size);
    }
    return reader.subtree(level, tileIndex, width, offset, count);
  }
}
