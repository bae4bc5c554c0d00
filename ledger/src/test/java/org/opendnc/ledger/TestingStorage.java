package org.opendnc.ledger;

import java.time.Instant;
import java.util.List;

/** A {@link MemoryLogStorage} that fails the next appends when told to, and can be tampered with. */
final class TestingStorage implements LogStorage {
  final MemoryLogStorage stored = new MemoryLogStorage();
  int failures;
  int appends;
  Long tamperedEntry;

  @Override
  public Head head() {
    return stored.head();
  }

  @Override
  public byte[] tile(int level, long index) {
    return stored.tile(level, index);
  }

  @Override
  public List<byte[]> entries(long from, int count) {
    List<byte[]> entries = stored.entries(from, count);
    if (tamperedEntry != null && tamperedEntry >= from && tamperedEntry < from + count) {
      entries = new java.util.ArrayList<>(entries);
      entries.set((int) (tamperedEntry - from), "tampered".getBytes());
    }
    return entries;
  }

  @Override
  public void append(long from, List<byte[]> entries, List<FullTile> tiles, long newSize, String checkpoint,
      Instant integratedAt) {
    if (failures > 0) {
      failures--;
      throw new IllegalStateException("the testing storage refuses this append");
    }
    appends++;
    stored.append(from, entries, tiles, newSize, checkpoint, integratedAt);
  }
}
