package org.opendnc.ledger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The most recently used full tiles, which never change once stored, with their inner nodes
 * hashed ({@link TileTree}). Tiles of level 0 and of the levels above are kept apart, so a stream
 * of random level-0 tiles (one per proof) never evicts the few upper tiles every proof reads.
 * Thread-safe.
 */
final class TileCache {

  private final Map<Long, TileTree> leafTiles;
  private final Map<Long, TileTree> upperTiles;

  /** Keeps up to {@code tilesPerTier} tiles of level 0 and as many of the levels above. */
  TileCache(int tilesPerTier) {
    this.leafTiles = lru(tilesPerTier);
    this.upperTiles = lru(tilesPerTier);
  }

  private static Map<Long, TileTree> lru(int capacity) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, TileTree> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The cached tile, or the loaded one (loaded and hashed outside the lock, then cached). */
  TileTree get(int level, long index, Supplier<byte[]> load) {
    Map<Long, TileTree> tier = level == 0 ? leafTiles : upperTiles;
    long key = key(level, index);
    synchronized (tier) {
      TileTree tile = tier.get(key);
      if (tile != null) {
        return tile;
      }
    }
    TileTree loaded = new TileTree(load.get());
    synchronized (tier) {
      tier.put(key, loaded);
    }
    return loaded;
  }

  private static long key(int level, long index) {
    return ((long) level << 56) | index;
  }
}
