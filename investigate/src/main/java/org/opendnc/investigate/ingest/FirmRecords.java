package org.opendnc.investigate.ingest;

import java.util.Arrays;

/**
 * One firm's records, sorted by key and de-duplicated, held column by column in about 15 bytes a
 * record: the keys as delta-encoded varints (a sorted set read by a cursor), and per record the
 * day it was acquired, the consent time, the name and shape fingerprints, flags and the line.
 * Immutable once built; safe to read from several threads.
 */
public final class FirmRecords {
  /*
   * Record i is the i-th key in ascending order. Days are stored as char (epoch day + 1, 0 when
   * the file gives no acquisition date); consent times as int minutes since the epoch (NO_CONSENT
   * for an empty cell, CONSENT_UNREADABLE for a cell that is not a date). Of several rows of the
   * same key the one acquired first is kept (then the lowest line); the others are counted as
   * duplicates by the builder.
   */

  /** {@link #day} of a record whose file gives no acquisition date: later than any real day. */
  public static final int UNKNOWN_DAY = Integer.MAX_VALUE;
  /** {@link #consentMinute} of a record without consent. */
  public static final int NO_CONSENT = Integer.MIN_VALUE;
  /** {@link #consentMinute} of a record whose consent cell is not a date. */
  public static final int CONSENT_UNREADABLE = Integer.MIN_VALUE + 1;
  /** Flag: the record's consent timestamp is shared by many rows of the same file. */
  public static final byte SHARED_CONSENT = 1;
  /** Flag: the record's consent source (IP, form) is empty. */
  public static final byte NO_CONSENT_SOURCE = 2;

  private final String firm;
  private final int size;
  private final byte[] keys;
  private final char[] days;
  private final int[] consentMinutes;
  private final short[] names;
  private final byte[] shapes;
  private final byte[] flags;
  private final int[] lines;
  private final int validCount;
  private final int[] distinctDays;
  private final long[] cumulativeByDay;

  FirmRecords(String firm, int size, byte[] keys, char[] days, int[] consentMinutes, short[] names,
      byte[] shapes, byte[] flags, int[] lines, int validCount) {
    this.firm = firm;
    this.size = size;
    this.keys = keys;
    this.days = days;
    this.consentMinutes = consentMinutes;
    this.names = names;
    this.shapes = shapes;
    this.flags = flags;
    this.lines = lines;
    this.validCount = validCount;
    char[] sorted = Arrays.copyOf(days, size);
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < size; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    distinctDays = new int[distinct];
    cumulativeByDay = new long[distinct];
    int d = -1;
    for (int i = 0; i < size; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        d++;
        distinctDays[d] = sorted[i] == 0 ? UNKNOWN_DAY : sorted[i] - 1;
      }
      cumulativeByDay[d] = i + 1L;
    }
    if (distinct > 0 && sorted[0] == 0) { // unknown days sort first as 0 but mean "latest"
      int[] reorderedDays = new int[distinct];
      long[] reorderedCounts = new long[distinct];
      long unknown = cumulativeByDay[0];
      for (int i = 1; i < distinct; i++) {
        reorderedDays[i - 1] = distinctDays[i];
        reorderedCounts[i - 1] = cumulativeByDay[i] - unknown;
      }
      reorderedDays[distinct - 1] = UNKNOWN_DAY;
      reorderedCounts[distinct - 1] = size;
      System.arraycopy(reorderedDays, 0, distinctDays, 0, distinct);
      System.arraycopy(reorderedCounts, 0, cumulativeByDay, 0, distinct);
    }
  }

  public String firm() {
    return firm;
  }

  /** Records (distinct keys), valid and invalid numbers. */
  public int size() {
    return size;
  }

  /** Records whose number is a valid E.164 number. */
  public int validCount() {
    return validCount;
  }

  /** A new cursor over the keys in ascending order. Not thread-safe; one per reader. */
  public Cursor cursor() {
    return new Cursor();
  }

  /** The epoch day record {@code i} was acquired, or {@link #UNKNOWN_DAY}. */
  public int day(int i) {
    char d = days[i];
    return d == 0 ? UNKNOWN_DAY : d - 1;
  }

  public int consentMinute(int i) {
    return consentMinutes[i];
  }

  public short nameFingerprint(int i) {
    return names[i];
  }

  public byte shapeFingerprint(int i) {
    return shapes[i];
  }

  public boolean hasFlag(int i, byte flag) {
    return (flags[i] & flag) != 0;
  }

  /** The line (or SQLite rowid) of record {@code i} in the firm's file. */
  public int line(int i) {
    return lines[i];
  }

  /** Records acquired on or before {@code day} (records without a date count as latest). */
  public long heldOnOrBefore(int day) {
    int index = Arrays.binarySearch(distinctDays, day);
    if (index < 0) {
      index = -index - 2;
    }
    return index < 0 ? 0 : cumulativeByDay[index];
  }

  /** The distinct acquisition days, ascending ({@link #UNKNOWN_DAY} last when present). */
  public int[] distinctDays() {
    return distinctDays.clone();
  }

  /** Approximate heap bytes held. */
  public long sizeInBytes() {
    return keys.length + 2L * size + 4L * size + 2L * size + size + size + 4L * size;
  }

  /** Reads the keys in ascending order, with their record index. */
  public final class Cursor {
    private int position;
    private int index = -1;
    private long key;

    /** Whether another key follows. */
    public boolean hasNext() {
      return index + 1 < size;
    }

    /** The next key (call {@link #hasNext} first); its record index is then {@link #index()}. */
    public long next() {
      long delta = 0;
      int shift = 0;
      byte b;
      do {
        b = keys[position++];
        delta |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      key += delta;
      index++;
      return key;
    }

    public int index() {
      return index;
    }
  }
}
