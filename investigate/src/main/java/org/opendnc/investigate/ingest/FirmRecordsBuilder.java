package org.opendnc.investigate.ingest;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrays;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Collects one firm's rows in file order, then sorts, de-duplicates and packs them. */
final class FirmRecordsBuilder {
  /*
   * Columns grow by half when full. finish() counts consent timestamps (fastutil's
   * Long2IntOpenHashMap), flags the rows whose timestamp is shared by at least the threshold, sorts
   * (key, row) pairs (fastutil's LongArrays.radixSort, in place, MSD), keeps the first-acquired row
   * of each key and writes the packed columns. Peak memory while finishing is about 40 bytes a row.
   */
  private static final long NO_SECONDS = Long.MIN_VALUE;

  private final String firm;
  private long[] keys = new long[1024];
  private char[] days = new char[1024];
  private long[] consentSeconds = new long[1024];
  private short[] names = new short[1024];
  private byte[] shapes = new byte[1024];
  private byte[] flags = new byte[1024];
  private int[] lines = new int[1024];
  private int size;
  private int duplicates;

  FirmRecordsBuilder(String firm) {
    this.firm = firm;
  }

  /**
   * Adds a row.
   *
   * @param epochDay acquisition day, or {@link FirmRecords#UNKNOWN_DAY}
   * @param consent consent epoch seconds, or {@link DateReader#BLANK} / {@link DateReader#UNREADABLE}
   */
  void add(long key, int epochDay, long consent, short name, byte shape, boolean noConsentSource, long line) {
    if (size == keys.length) {
      int capacity = size + (size >> 1);
      keys = Arrays.copyOf(keys, capacity);
      days = Arrays.copyOf(days, capacity);
      consentSeconds = Arrays.copyOf(consentSeconds, capacity);
      names = Arrays.copyOf(names, capacity);
      shapes = Arrays.copyOf(shapes, capacity);
      flags = Arrays.copyOf(flags, capacity);
      lines = Arrays.copyOf(lines, capacity);
    }
    keys[size] = key;
    days[size] = epochDay == FirmRecords.UNKNOWN_DAY ? 0 : (char) Math.max(1, Math.min(65_535, epochDay + 1));
    consentSeconds[size] = consent == DateReader.BLANK ? NO_SECONDS : consent;
    names[size] = name;
    shapes[size] = shape;
    flags[size] = noConsentSource ? FirmRecords.NO_CONSENT_SOURCE : 0;
    lines[size] = (int) Math.min(Integer.MAX_VALUE, line);
    size++;
  }

  int rows() {
    return size;
  }

  /** Rows dropped because an earlier-acquired row of the same file has the same number. */
  int duplicates() {
    return duplicates;
  }

  /**
   * Packs the records. A consent timestamp carried by at least {@code sharedThreshold} rows flags
   * them all as {@link FirmRecords#SHARED_CONSENT}.
   */
  FirmRecords finish(int sharedThreshold) {
    flagSharedConsents(sharedThreshold);
    long[] order = new long[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    long[] sortedKeys = Arrays.copyOf(keys, size);
    keys = null;
    // (key, row) pairs in signed order: fastutil's in-place radix sort, one byte of extra memory a row
    LongArrays.radixSort(sortedKeys, order, 0, size);
    // De-duplicate: of equal keys keep the earliest day, then the lowest line.
    int kept = 0;
    for (int i = 0; i < size; ) {
      int j = i + 1;
      int best = (int) order[i];
      while (j < size && sortedKeys[j] == sortedKeys[i]) {
        int candidate = (int) order[j];
        if (earlier(candidate, best)) {
          best = candidate;
        }
        j++;
      }
      duplicates += j - i - 1;
      sortedKeys[kept] = sortedKeys[i];
      order[kept] = best;
      kept++;
      i = j;
    }
    ByteArrayOutputStream packed = new ByteArrayOutputStream(kept * 2 + 16);
    char[] outDays = new char[kept];
    int[] outConsents = new int[kept];
    short[] outNames = new short[kept];
    byte[] outShapes = new byte[kept];
    byte[] outFlags = new byte[kept];
    int[] outLines = new int[kept];
    long previous = 0;
    int valid = 0;
    for (int i = 0; i < kept; i++) {
      long key = sortedKeys[i];
      long delta = key - previous;
      previous = key;
      while ((delta & ~0x7FL) != 0) {
        packed.write((int) ((delta & 0x7F) | 0x80));
        delta >>>= 7;
      }
      packed.write((int) delta);
      if (Keys.isValid(key)) {
        valid++;
      }
      int row = (int) order[i];
      outDays[i] = days[row];
      long seconds = consentSeconds[row];
      outConsents[i] = seconds == NO_SECONDS ? FirmRecords.NO_CONSENT
          : seconds == DateReader.UNREADABLE ? FirmRecords.CONSENT_UNREADABLE
          : (int) Math.floorDiv(seconds, 60);
      outNames[i] = names[row];
      outShapes[i] = shapes[row];
      outFlags[i] = flags[row];
      outLines[i] = lines[row];
    }
    return new FirmRecords(firm, kept, packed.toByteArray(), outDays, outConsents, outNames, outShapes,
        outFlags, outLines, valid);
  }

  private boolean earlier(int a, int b) {
    int dayA = days[a] == 0 ? Integer.MAX_VALUE : days[a];
    int dayB = days[b] == 0 ? Integer.MAX_VALUE : days[b];
    return dayA != dayB ? dayA < dayB : lines[a] < lines[b];
  }

  private void flagSharedConsents(int threshold) {
    Long2IntOpenHashMap counts = new Long2IntOpenHashMap(Math.max(16, size));
    for (int i = 0; i < size; i++) {
      long value = consentSeconds[i];
      if (value != NO_SECONDS && value != DateReader.UNREADABLE) {
        counts.addTo(value, 1);
      }
    }
    for (int i = 0; i < size; i++) {
      long value = consentSeconds[i];
      if (value != NO_SECONDS && value != DateReader.UNREADABLE && counts.get(value) >= threshold) {
        flags[i] |= FirmRecords.SHARED_CONSENT;
      }
    }
  }
}
