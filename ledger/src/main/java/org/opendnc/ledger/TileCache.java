package org.opendnc.ledger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The most recently used full tiles, which never change once stored. Thread-safe. */
final class TileCache {

  private final Map<Long, byte[]> tiles;

  TileCache(int capacity) {
    this.tiles = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The cached tile, or the loaded one (loaded outside the lock, then cached). */
  byte[] get(int level, long index, Supplier<byte[]> load) {
    long key = key(level, index);
    synchronized (tiles) {
      byte[] tile = tiles.get(key);
      if (tile != null) {
        return tile;
      }
    }
    byte[] loaded = load.get();
    put(level, index, loaded);
    return loaded;
  }

  void put(int level, long index, byte[] tile) {
    synchronized (tiles) {
      tiles.put(key(level, index), tile);
    }
  }

  private static long key(int level, long index) {
    return ((long) level << 56) | index;
  }
}
