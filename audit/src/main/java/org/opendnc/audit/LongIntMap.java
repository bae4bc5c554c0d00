package org.opendnc.audit;

/**
 * An open-addressing hash map from positive longs (E.164 numbers) to ints, without boxing: the
 * audit maps millions of called numbers to dense indexes with it. Not thread-safe while written;
 * safe for concurrent reads once filled.
 */
final class LongIntMap {

  /*
   * Linear probing over a power-of-two table kept at most half full; keys are mixed with the
   * 64-bit finalizer of MurmurHash3 so numbers that share their leading digits spread out. 0 marks
   * an empty slot, which is why keys must be positive.
   */

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    mask = capacity - 1;
  }

  int size() {
    return size;
  }

  /** The value of {@code key}, or -1. */
  int get(long key) {
    int slot = (int) mix(key) & mask;
    while (true) {
      long k = keys[slot];
      if (k == key) {
        return values[slot];
      }
      if (k == 0) {
        return -1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The value of {@code key}, putting {@code value} first when it is absent. */
  int putIfAbsent(long key, int value) {
    if (key <= 0) {
      throw new IllegalArgumentException("keys must be positive: " + key);
    }
    if (size * 2 >= keys.length) {
      grow();
    }
    int slot = (int) mix(key) & mask;
    while (true) {
      long k = keys[slot];
      if (k == key) {
        return values[slot];
      }
      if (k == 0) {
        keys[slot] = key;
        values[slot] = value;
        size++;
        return value;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Sets the value of {@code key}, adding it when absent. */
  void put(long key, int value) {
    if (key <= 0) {
      throw new IllegalArgumentException("keys must be positive: " + key);
    }
    if (size * 2 >= keys.length) {
      grow();
    }
    int slot = (int) mix(key) & mask;
    while (true) {
      long k = keys[slot];
      if (k == key) {
        values[slot] = value;
        return;
      }
      if (k == 0) {
        keys[slot] = key;
        values[slot] = value;
        size++;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long key = oldKeys[i];
      if (key != 0) {
        int slot = (int) mix(key) & mask;
        while (keys[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = oldValues[i];
      }
    }
  }

  private static long mix(long key) {
    long h = key;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
