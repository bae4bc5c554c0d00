package org.opendnc.engine;

/** The bench's door to the import's package-private run and its sort ({@code SortBenchmark}). */
public final class ImportRowsProbe {
  private final ImportRows rows;

  /**
   * A run holding the rows, in their order, not yet sorted; sorted, cleared and refilled once
   * first, as the import's runs after the first are, so the sort's second arrays exist.
   */
  public ImportRowsProbe(long[] numbers, long[] times, byte[] channels) {
    rows = new ImportRows(numbers.length);
    fill(numbers, times, channels);
    rows.sortByNumber();
    rows.clear();
    fill(numbers, times, channels);
  }

  private void fill(long[] numbers, long[] times, byte[] channels) {
    for (int i = 0; i < numbers.length; i++) {
      rows.add(numbers[i], times[i], channels[i]);
    }
  }

  /** {@link ImportRows#sortByNumber}. */
  public void sortByNumber() {
    rows.sortByNumber();
  }

  public long number(int row) {
    return rows.number(row);
  }

  public long time(int row) {
    return rows.atEpochNanos(row);
  }

  public byte channel(int row) {
    return rows.channel(row);
  }
}
