package org.opendnc.audit;

import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

/** fastutil maps from E.164 numbers (or packed keys) to dense int indexes, -1 for an absent key. */
final class DenseIndexes {
  /*
   * At most half full (Hash.FAST_LOAD_FACTOR), as the hand-written table they replace was: the
   * audit probes them once per call and per streamed event, and a sparser table means shorter
   * probe runs for 2-4 x 12 bytes a key.
   */

  private DenseIndexes() {}

  /** An empty map sized for {@code expected} keys whose {@code get} answers -1 for a missing key. */
  static Long2IntOpenHashMap map(int expected) {
    Long2IntOpenHashMap map = new Long2IntOpenHashMap(expected, Hash.FAST_LOAD_FACTOR);
    map.defaultReturnValue(-1);
    return map;
  }

  /**
   * The index of {@code key}: its value if present, else the map's size, which becomes its value.
   * The map must come from {@link #map} and hold only the indexes handed out here.
   */
  static int indexOf(Long2IntOpenHashMap map, long key) {
    int next = map.size();
    int index = map.putIfAbsent(key, next);
    return index < 0 ? next : index;
  }
}
