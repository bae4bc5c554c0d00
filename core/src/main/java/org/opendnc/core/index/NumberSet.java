package org.opendnc.core.index;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.function.LongConsumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * A mutable set of phone numbers (E.164 as positive longs) stored as compressed bitmaps: about two
 * bytes per number for the register's densities.
 *
 * <p>Not thread-safe: one writer, and readers must not run while it writes. A {@link
 * #readOnlyView()} shares the data and rejects writes, it does not make reads safe during writes.
 */
public final class NumberSet {

  /*
   * Layout. A number is split into a bucket key (its high 32 bits, e164 >>> 32) and a 32-bit low
   * part kept in one RoaringBitmap per bucket. E.164 has at most 15 digits, so bucket keys are at
   * most 232_830; the numbers of a country fall into very few buckets (Italy: 90 and 91, the US and
   * Canada: 2 to 4). The keys are a tiny sorted int array searched by a linear scan (buckets are
   * few; binary search past 8), so contains() costs a few compares plus one Roaring lookup, with no
   * boxing and no map.
   *
   * Invariants: keys strictly ascending; no bucket is empty (a remove that empties a bucket drops
   * it, so equal sets have equal layouts and equal serialized bytes); cardinality is the sum of the
   * bitmaps' cardinalities.
   *
   * Serialized form (big-endian, as DataOutput writes):
   *   int magic 'ONS1', int bucketCount,
   *   per bucket, ascending key: int key, int byteLength, byteLength bytes of the bucket's bitmap in
   *   the RoaringBitmap portable format (https://github.com/RoaringBitmap/RoaringFormatSpec).
   * Reading checks every length against the bytes actually there, the order of keys, that each
   * bitmap is valid (RoaringBitmap.validate), non-empty, fills exactly its declared length, and
   * holds only positive numbers of at most 15 digits.
   */

  /** The largest E.164 number: 15 digits. */
  public static final long MAX_E164 = 999_999_999_999_999L;

  private static final int MAGIC = 0x4F4E5331; // "ONS1"
  private static final int MAX_BUCKET_KEY = (int) (MAX_E164 >>> 32);
  private static final int LINEAR_SCAN_LIMIT = 8;
  private static final NumberSet EMPTY_VIEW = new NumberSet(new Buckets(), true);

  /** The mutable state, shared between a set and its read-only views. */
  private static final class Buckets {
    int[] keys = new int[0];
    RoaringBitmap[] bitmaps = new RoaringBitmap[0];
    long cardinality;
  }

  private final Buckets buckets;
  private final boolean readOnly;

  private NumberSet(Buckets buckets, boolean readOnly) {
    this.buckets = buckets;
    this.readOnly = readOnly;
  }

  /** A new, empty, writable set. */
  public NumberSet() {
    this(new Buckets(), false);
  }

  /** An empty set that rejects writes. */
  public static NumberSet emptyReadOnly() {
    return EMPTY_VIEW;
  }

  /** A view of this set that reflects its changes and throws on every write. */
  public NumberSet readOnlyView() {
    return readOnly ? this : new NumberSet(buckets, true);
  }

  /** An independent, writable deep copy. */
  public NumberSet copy() {
    Buckets source = buckets;
    Buckets target = new Buckets();
    target.keys = source.keys.clone();
    target.bitmaps = new RoaringBitmap[source.bitmaps.length];
    for (int i = 0; i < source.bitmaps.length; i++) {
      target.bitmaps[i] = source.bitmaps[i].clone();
    }
    target.cardinality = source.cardinality;
    return new NumberSet(target, false);
  }

  /** Whether the number is in the set; {@code false} for any non-positive or too long value. */
  public boolean contains(long e164) {
    if (e164 <= 0 || e164 > MAX_E164) {
      return false;
    }
    Buckets b = buckets;
    int index = indexOf(b.keys, (int) (e164 >>> 32));
    return index >= 0 && b.bitmaps[index].contains((int) e164);
  }

  /**
   * Adds the number.
   *
   * @return whether the set changed
   * @throws IllegalArgumentException if {@code e164} is not a positive number of at most 15 digits
   * @throws UnsupportedOperationException on a read-only view
   */
  public boolean add(long e164) {
    checkWritable();
    checkNumber(e164);
    Buckets b = buckets;
    int key = (int) (e164 >>> 32);
    int index = indexOf(b.keys, key);
    if (index < 0) {
      index = insertBucket(b, -index - 1, key);
    }
    boolean added = b.bitmaps[index].checkedAdd((int) e164);
    if (added) {
      b.cardinality++;
    }
    return added;
  }

  /**
   * Removes the number.
   *
   * @return whether the set changed
   * @throws UnsupportedOperationException on a read-only view
   */
  public boolean remove(long e164) {
    checkWritable();
    if (e164 <= 0 || e164 > MAX_E164) {
      return false;
    }
    Buckets b = buckets;
    int index = indexOf(b.keys, (int) (e164 >>> 32));
    if (index < 0 || !b.bitmaps[index].checkedRemove((int) e164)) {
      return false;
    }
    b.cardinality--;
    if (b.bitmaps[index].isEmpty()) {
      removeBucket(b, index);
    }
    return true;
  }

  /**
   * Collects numbers in any order, with duplicates, and builds a set at the end: much faster than
   * {@link #add} for millions of numbers in random order, which insert into the middle of arrays.
   * Not thread-safe.
   */
  public static final class Builder {
    /** The low 32 bits of one bucket's numbers, in the order added. */
    private static final class Lows {
      int[] values = new int[1 << 12];
      int size;
    }

    /** Slots of the small cache of buckets by key; a country's numbers fall into a handful. */
    private static final int RECENT = 8;

    private final TreeMap<Integer, Lows> buckets = new TreeMap<>();
    private final int[] recentKeys = new int[RECENT];
    private final Lows[] recentLows = new Lows[RECENT];

    /**
     * Adds a number.
     *
     * @throws IllegalArgumentException if {@code e164} is not a positive number of at most 15 digits
     */
    public Builder add(long e164) {
      checkNumber(e164);
      Lows lows = lows((int) (e164 >>> 32));
      if (lows.size == lows.values.length) {
        lows.values = Arrays.copyOf(lows.values, lows.size * 2);
      }
      lows.values[lows.size++] = (int) e164;
      return this;
    }

    /**
     * Adds {@code numbers[0, count)}, as {@link #add} each.
     *
     * @throws IllegalArgumentException if one is not a positive number of at most 15 digits; the
     *     numbers before it are added
     */
    public Builder addAll(long[] numbers, int count) {
      Objects.checkFromIndexSize(0, count, numbers.length);
      for (int i = 0; i < count; i++) {
        add(numbers[i]);
      }
      return this;
    }

    /**
     * The bucket of {@code key}. Italian numbers alternate between two buckets at random, so a
     * bucket is found in a small direct-mapped cache by the key's low bits (one compare that
     * practically always succeeds) instead of a boxed map lookup or a branch on which bucket.
     */
    private Lows lows(int key) {
      int slot = key & (RECENT - 1);
      Lows lows = recentLows[slot];
      if (lows != null && recentKeys[slot] == key) {
        return lows;
      }
      lows = buckets.computeIfAbsent(key, k -> new Lows());
      recentKeys[slot] = key;
      recentLows[slot] = lows;
      return lows;
    }

    /**
     * The set of the numbers added, built by {@code parts} threads: the calling thread and {@code
     * parts - 1} tasks on {@code pool}. Each bucket's numbers are counting-sorted by container key
     * and the keys cut into {@code parts} ranges, each built into containers by one thread and
     * concatenated in order, so no merge follows (see {@link BucketBitmaps}). Same set, and same
     * bytes, as {@link #build()}; for the end of a check, when the caller's other threads are idle.
     *
     * @throws IllegalStateException if a part on the pool fails or the calling thread is
     *     interrupted
     */
    public NumberSet build(ExecutorService pool, int parts) {
      Objects.requireNonNull(pool, "pool");
      if (parts < 1) {
        throw new IllegalArgumentException("parts must be at least 1: " + parts);
      }
      return build(new BucketBitmaps(pool, parts));
    }

    /** The set of the numbers added, built on the calling thread. */
    public NumberSet build() {
      return build(new BucketBitmaps(null, 1));
    }

    private NumberSet build(BucketBitmaps bitmaps) {
      Buckets b = new Buckets();
      b.keys = new int[buckets.size()];
      b.bitmaps = new RoaringBitmap[buckets.size()];
      int i = 0;
      for (Map.Entry<Integer, Lows> entry : buckets.entrySet()) {
        Lows lows = entry.getValue();
        b.keys[i] = entry.getKey();
        b.bitmaps[i] = bitmaps.build(lows.values, lows.size);
        b.cardinality += b.bitmaps[i].getLongCardinality();
        i++;
      }
      return new NumberSet(b, false);
    }
  }

  /** The bucket keys (high 32 bits of the numbers), ascending; for {@link NumberTable}. */
  int[] bucketKeys() {
    return buckets.keys.clone();
  }

  /**
   * The bitmap of the low 32 bits of bucket {@code index} (in {@link #bucketKeys()} order), for
   * {@link NumberTable#of} to copy from in bulk. Package-private: the caller only reads it.
   */
  RoaringBitmap bucketBitmap(int index) {
    return buckets.bitmaps[index];
  }

  /** How many numbers the set holds. */
  public long cardinality() {
    return buckets.cardinality;
  }

  public boolean isEmpty() {
    return buckets.cardinality == 0;
  }

  /** Calls the consumer with every number, in ascending order. Must not modify this set. */
  public void forEach(LongConsumer consumer) {
    Objects.requireNonNull(consumer, "consumer");
    Buckets b = buckets;
    for (int i = 0; i < b.keys.length; i++) {
      long high = ((long) b.keys[i]) << 32;
      b.bitmaps[i].forEach((int low) -> consumer.accept(high | Integer.toUnsignedLong(low)));
    }
  }

  /**
   * Compacts the bitmaps: run-length encodes where smaller and frees unused array capacity. Call
   * after a bulk load; the set stays writable.
   */
  public void runOptimize() {
    checkWritable();
    for (RoaringBitmap bitmap : buckets.bitmaps) {
      bitmap.runOptimize();
      bitmap.trim();
    }
  }

  /**
   * An estimate of the heap this set uses, in bytes: RoaringBitmap's own estimate per bucket plus
   * the bucket arrays. Unused capacity of growing arrays is not counted (see {@link #runOptimize}).
   */
  public long sizeInBytes() {
    Buckets b = buckets;
    long size = 16 + 16 + 32 + 16L + 4L * b.keys.length + 16L + 4L * b.bitmaps.length;
    for (RoaringBitmap bitmap : b.bitmaps) {
      size += bitmap.getLongSizeInBytes();
    }
    return size;
  }

  /** The exact length of {@link #serialize} output, in bytes. */
  public long serializedSizeInBytes() {
    long size = 8;
    for (RoaringBitmap bitmap : buckets.bitmaps) {
      size += 8L + bitmap.serializedSizeInBytes();
    }
    return size;
  }

  /** Writes this set in its serialized form (see the class comment). */
  public void serialize(DataOutput out) throws IOException {
    Buckets b = buckets;
    out.writeInt(MAGIC);
    out.writeInt(b.keys.length);
    for (int i = 0; i < b.keys.length; i++) {
      RoaringBitmap bitmap = b.bitmaps[i];
      // One bulk write per bucket: RoaringBitmap's DataOutput path writes value by value.
      ByteBuffer portable = ByteBuffer.allocate(bitmap.serializedSizeInBytes());
      bitmap.serialize(portable);
      out.writeInt(b.keys[i]);
      out.writeInt(portable.capacity());
      out.write(portable.array());
    }
  }

  /** This set in its serialized form. */
  public byte[] toBytes() {
    long size = serializedSizeInBytes();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("set too large for a byte array: " + size + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    Buckets b = buckets;
    buffer.putInt(MAGIC).putInt(b.keys.length);
    for (int i = 0; i < b.keys.length; i++) {
      buffer.putInt(b.keys[i]).putInt(b.bitmaps[i].serializedSizeInBytes());
      b.bitmaps[i].serialize(buffer);
    }
    return buffer.array();
  }

  /**
   * Reads a set written by {@link #toBytes}; the whole array must be one set.
   *
   * @throws MalformedNumberSetException if the bytes are not exactly one valid serialized set
   */
  public static NumberSet fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    NumberSet set = deserialize(buffer);
    if (buffer.hasRemaining()) {
      throw new MalformedNumberSetException(
          buffer.remaining() + " unexpected bytes after the set at offset " + buffer.position());
    }
    return set;
  }

  /**
   * Reads one set from the buffer's position (big-endian, whatever the buffer's order) and leaves
   * the position just after it. On failure the position is unspecified and nothing is returned.
   *
   * @throws MalformedNumberSetException if the bytes are not a valid serialized set
   */
  public static NumberSet deserialize(ByteBuffer buffer) {
    Objects.requireNonNull(buffer, "buffer");
    ByteBuffer in = buffer.slice().order(ByteOrder.BIG_ENDIAN);
    int start = buffer.position();
    try {
      if (in.remaining() < 8) {
        throw new MalformedNumberSetException(
            "truncated: " + in.remaining() + " bytes, a set needs at least 8");
      }
      int magic = in.getInt();
      if (magic != MAGIC) {
        throw new MalformedNumberSetException(
            String.format("not a number set: magic 0x%08x, expected 0x%08x", magic, MAGIC));
      }
      int bucketCount = in.getInt();
      if (bucketCount < 0 || bucketCount > MAX_BUCKET_KEY + 1 || bucketCount > in.remaining() / 8) {
        throw new MalformedNumberSetException(
            "bad bucket count " + bucketCount + " for " + in.remaining() + " remaining bytes");
      }
      Buckets b = new Buckets();
      b.keys = new int[bucketCount];
      b.bitmaps = new RoaringBitmap[bucketCount];
      for (int i = 0; i < bucketCount; i++) {
        int offset = in.position();
        if (in.remaining() < 8) {
          throw new MalformedNumberSetException("truncated in bucket " + i + " at offset " + offset);
        }
        int key = in.getInt();
        int length = in.getInt();
        if (key < 0 || key > MAX_BUCKET_KEY || (i > 0 && key <= b.keys[i - 1])) {
          throw new MalformedNumberSetException(
              "bucket " + i + " at offset " + offset + ": bad or unordered key " + key);
        }
        if (length < 0 || length > in.remaining()) {
          throw new MalformedNumberSetException(
              "bucket " + i + " at offset " + offset + ": length " + length + " but only "
                  + in.remaining() + " bytes remain");
        }
        ByteBuffer portable = in.slice(in.position(), length);
        in.position(in.position() + length);
        RoaringBitmap bitmap = readBitmap(portable, i, offset);
        checkBucketContents(bitmap, key, i, offset);
        b.keys[i] = key;
        b.bitmaps[i] = bitmap;
        b.cardinality += bitmap.getLongCardinality();
      }
      buffer.position(start + in.position());
      return new NumberSet(b, false);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new MalformedNumberSetException("truncated or inconsistent lengths", e);
    }
  }

  private static RoaringBitmap readBitmap(ByteBuffer portable, int bucket, int offset) {
    RoaringBitmap bitmap = new RoaringBitmap();
    try {
      bitmap.deserialize(portable);
    } catch (IOException | RuntimeException e) {
      throw new MalformedNumberSetException(
          "bucket " + bucket + " at offset " + offset + ": not a valid portable Roaring bitmap: "
              + e,
          e);
    }
    if (bitmap.serializedSizeInBytes() != portable.capacity()) {
      throw new MalformedNumberSetException(
          "bucket " + bucket + " at offset " + offset + ": bitmap fills "
              + bitmap.serializedSizeInBytes() + " bytes of the declared " + portable.capacity());
    }
    if (!Boolean.TRUE.equals(bitmap.validate())) {
      throw new MalformedNumberSetException(
          "bucket " + bucket + " at offset " + offset + ": bitmap fails validation");
    }
    return bitmap;
  }

  private static void checkBucketContents(RoaringBitmap bitmap, int key, int bucket, int offset) {
    if (bitmap.isEmpty()) {
      throw new MalformedNumberSetException(
          "bucket " + bucket + " at offset " + offset + ": empty bucket");
    }
    long high = ((long) key) << 32;
    long smallest = high | Integer.toUnsignedLong(bitmap.first());
    long largest = high | Integer.toUnsignedLong(bitmap.last());
    if (smallest <= 0 || largest > MAX_E164) {
      throw new MalformedNumberSetException(
          "bucket " + bucket + " at offset " + offset + ": holds " + smallest + ".." + largest
              + ", outside 1.." + MAX_E164);
    }
  }

  private static int indexOf(int[] keys, int key) {
    if (keys.length <= LINEAR_SCAN_LIMIT) {
      for (int i = 0; i < keys.length; i++) {
        int k = keys[i];
        if (k == key) {
          return i;
        }
        if (k > key) {
          return -i - 1;
        }
      }
      return -keys.length - 1;
    }
    return Arrays.binarySearch(keys, key);
  }

  private static int insertBucket(Buckets b, int index, int key) {
    int n = b.keys.length;
    int[] keys = new int[n + 1];
    RoaringBitmap[] bitmaps = new RoaringBitmap[n + 1];
    System.arraycopy(b.keys, 0, keys, 0, index);
    System.arraycopy(b.bitmaps, 0, bitmaps, 0, index);
    keys[index] = key;
    bitmaps[index] = new RoaringBitmap();
    System.arraycopy(b.keys, index, keys, index + 1, n - index);
    System.arraycopy(b.bitmaps, index, bitmaps, index + 1, n - index);
    b.bitmaps = bitmaps;
    b.keys = keys;
    return index;
  }

  private static void removeBucket(Buckets b, int index) {
    int n = b.keys.length;
    int[] keys = new int[n - 1];
    RoaringBitmap[] bitmaps = new RoaringBitmap[n - 1];
    System.arraycopy(b.keys, 0, keys, 0, index);
    System.arraycopy(b.bitmaps, 0, bitmaps, 0, index);
    System.arraycopy(b.keys, index + 1, keys, index, n - index - 1);
    System.arraycopy(b.bitmaps, index + 1, bitmaps, index, n - index - 1);
    b.keys = keys;
    b.bitmaps = bitmaps;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new UnsupportedOperationException("read-only view of a number set");
    }
  }

  private static void checkNumber(long e164) {
    if (e164 <= 0 || e164 > MAX_E164) {
      throw new IllegalArgumentException(
          "not an E.164 number (1.." + MAX_E164 + "): " + e164);
    }
  }

  /** Two sets are equal when they hold the same numbers. */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof NumberSet that)) {
      return false;
    }
    Buckets a = buckets;
    Buckets b = that.buckets;
    return a.cardinality == b.cardinality
        && Arrays.equals(a.keys, b.keys)
        && Arrays.equals(a.bitmaps, b.bitmaps);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(buckets.keys) + Long.hashCode(buckets.cardinality);
  }

  /** The size only: a set's content is personal data and never goes to logs. */
  @Override
  public String toString() {
    return "NumberSet[" + buckets.cardinality + " numbers]";
  }
}
