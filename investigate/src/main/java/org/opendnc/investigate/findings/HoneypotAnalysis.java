package org.opendnc.investigate.findings;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.opendnc.investigate.ingest.FirmRecords;
import org.opendnc.investigate.lineage.CaseMerge;

/**
 * Which firms hold the regulator's honeypot numbers (planted in lists sold to suspect sellers),
 * and since when: direct evidence of who bought the planted list.
 */
public final class HoneypotAnalysis implements CaseMerge.Visitor {
  /** One firm holding one honeypot; {@code firstSeen} is null when its file gives no date. */
  public record Hit(long number, String firm, LocalDate firstSeen) {}

  private final List<FirmRecords> firms;
  private final long[] honeypots;
  private int position;
  private final List<Hit> hits = new ArrayList<>();

  /** @param sortedHoneypots distinct E.164 numbers, ascending */
  public HoneypotAnalysis(List<FirmRecords> firms, long[] sortedHoneypots) {
    this.firms = firms;
    this.honeypots = sortedHoneypots;
  }

  @Override
  public void visit(long key, int holders, int[] firmIndexes, int[] records) {
    while (position < honeypots.length && honeypots[position] < key) {
      position++;
    }
    if (position < honeypots.length && honeypots[position] == key) {
      for (int i = 0; i < holders; i++) {
        FirmRecords rf = firms.get(firmIndexes[i]);
        int day = rf.day(records[i]);
        hits.add(new Hit(key, rf.firm(), day == FirmRecords.UNKNOWN_DAY ? null : LocalDate.ofEpochDay(day)));
      }
    }
  }

  /** The hits, by number then firm. */
  public List<Hit> hits() {
    return List.copyOf(hits);
  }
}
