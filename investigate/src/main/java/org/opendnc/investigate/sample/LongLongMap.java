package org.opendnc.investigate.sample;

import java.util.Arrays;

/**
 * A map from positive longs to longs in two arrays (open addressing, linear probing): tens of
 * millions of registrations of a large generated world in 16-32 bytes each, not a HashMap's ~80.
 */
final class LongLongMap {
  private static final long EMPTY = 0; // keys are positive telephone numbers
  private long[] keys = new long[1 << 10];
  private long[] values = new long[1 << 10];
  private int size;

  /** The value of a key, or {@code absent}. */
  long get(long key, long absent) {
    int mask = keys.length - 1;
    for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
      long k = keys[slot];
      if (k == key) {
        return values[slot];
      }
      if (k == EMPTY) {
        return absent;
      }
    }
  }

  boolean containsKey(long key) {
    return getSlot(key) >= 0;
  }

  private int getSlot(long key) {
    int mask = keys.length - 1;
    for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
      if (keys[slot] == key) {
        return slot;
      }
      if (keys[slot] == EMPTY) {
        return -1;
      }
    }
  }

  /** Sets the value of a positive key. */
  void put(long key, long value) {
    if (key <= 0) {
      throw new IllegalArgumentException("keys must be positive: " + key);
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int slot = slot(key, mask);
    while (keys[slot] != EMPTY && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    if (keys[slot] == EMPTY) {
      size++;
    }
    keys[slot] = key;
    values[slot] = value;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new long[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        put(oldKeys[i], oldValues[i]);
      }
    }
    Arrays.fill(oldKeys, EMPTY);
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29)) & mask;
  }
}
