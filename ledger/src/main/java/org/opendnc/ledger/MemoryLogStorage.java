package org.opendnc.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Log storage in memory: for replaying a log from a file, and for tests. Thread-safe. */
public final class MemoryLogStorage implements LogStorage {

  private final List<byte[]> entries = new ArrayList<>();
  private final Map<Long, byte[]> tiles = new HashMap<>();
  private String checkpoint;

  @Override
  public synchronized Head head() {
    return new Head(entries.size(), checkpoint);
  }

  @Override
  public synchronized byte[] tile(int level, long index) {
    byte[] tile = tiles.get(key(level, index));
    if (tile == null) {
      throw new IllegalStateException("tile " + index + " of level " + level + " is not stored");
    }
    return tile;
  }

  @Override
  public synchronized List<byte[]> entries(long from, int count) {
    if (from < 0 || from + count > entries.size()) {
      throw new IllegalStateException(
          "entries " + from + " to " + (from + count - 1) + " are not all stored");
    }
    return List.copyOf(entries.subList((int) from, (int) from + count));
  }

  @Override
  public synchronized void append(long from, List<byte[]> newEntries, List<FullTile> newTiles,
      long newSize, String newCheckpoint, Instant integratedAt) {
    if (from != entries.size() || newSize != from + newEntries.size()) {
      throw new IllegalStateException(
          "the log holds " + entries.size() + " entries, not " + from + ": another writer appended");
    }
    entries.addAll(newEntries);
    newTiles.forEach(tile -> tiles.put(key(tile.level(), tile.index()), tile.hashes()));
    checkpoint = newCheckpoint;
  }

  private static long key(int level, long index) {
    return ((long) level << 56) | index;
  }
}
