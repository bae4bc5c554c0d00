package org.opendnc.investigate.ingest;

/** The bench's door to the package-private sort of a firm's keys ({@code SortBenchmark}). */
public final class FirmKeySortProbe {
  private FirmKeySortProbe() {}

  /** {@link FirmRecordsBuilder#radixSort}: the keys in signed order, each row index moved with its key. */
  public static void radixSort(long[] keys, int[] order, int n) {
    FirmRecordsBuilder.radixSort(keys, order, n);
  }
}
