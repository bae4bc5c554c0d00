package org.opendnc.investigate.ingest;

/** Builds a firm's packed records from keys and acquisition days, as the readers would. */
public final class TestingFirmRecords {
  private final FirmRecordsBuilder builder;
  private long line = 1;

  public TestingFirmRecords(String firm) {
    builder = new FirmRecordsBuilder(firm);
  }

  /** Adds a record acquired on {@code epochDay}, with no name, consent or shape of its own. */
  public TestingFirmRecords add(long key, int epochDay) {
    builder.add(key, epochDay, DateReader.BLANK, (short) 0, (byte) 0, false, ++line);
    return this;
  }

  public FirmRecords finish() {
    return builder.finish(Integer.MAX_VALUE);
  }
}
