package org.opendnc.investigate.findings;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.opendnc.investigate.ingest.FirmRecords;
import org.opendnc.investigate.ingest.Keys;
import org.opendnc.investigate.lineage.CaseMerge;
import org.opendnc.investigate.register.Registrations;

/**
 * Flags the records whose consent cannot be relied on, during a merge pass over the case (the
 * earliest holder of each number is known only there). Valid numbers only: an invalid number
 * names no one.
 */
public final class ConsentAnalysis implements CaseMerge.Visitor {
  /*
   * Findings are kept per firm as (record index, finding, value) in growing int arrays: 9 bytes a
   * finding. value is the case's first-held epoch day for CONSENT_BEFORE_HOLDING, the registration
   * minute for CONSENT_REVOKED_BY_REGISTRATION. They are written per firm in line order.
   */
  private final List<FirmRecords> firms;
  private final Registrations.Cursor registrations;
  private final int backdateDays;
  private final ZoneId zone;
  private final org.opendnc.investigate.ingest.ZoneOffsets offsets;
  private final int[][] indexes;
  private final byte[][] kinds;
  private final int[][] values;
  private final int[] counts;
  private final long[] subjects;
  private final long[] withoutValidConsent;
  private final long[][] byFinding;
  private final String[] files;

  /**
   * @param files the file name of each firm (same order as {@code firms})
   * @param backdateDays how long before the first holding a consent date is flagged
   */
  public ConsentAnalysis(List<FirmRecords> firms, List<String> files, Registrations registrations, int backdateDays, ZoneId zone) {
    this.firms = firms;
    this.files = files.toArray(String[]::new);
    this.registrations = registrations.cursor();
    this.backdateDays = backdateDays;
    this.zone = zone;
    this.offsets = new org.opendnc.investigate.ingest.ZoneOffsets(zone);
    int n = firms.size();
    indexes = new int[n][64];
    kinds = new byte[n][64];
    values = new int[n][64];
    counts = new int[n];
    subjects = new long[n];
    withoutValidConsent = new long[n];
    byFinding = new long[n][ConsentFinding.values().length];
  }

  @Override
  public void visit(long key, int holders, int[] firmIndexes, int[] records) {
    if (!Keys.isValid(key)) {
      return;
    }
    int caseFirst = Integer.MAX_VALUE;
    for (int i = 0; i < holders; i++) {
      caseFirst = Math.min(caseFirst, firms.get(firmIndexes[i]).day(records[i]));
    }
    int registered = registrations.latestMinute(key);
    for (int i = 0; i < holders; i++) {
      int f = firmIndexes[i];
      int r = records[i];
      FirmRecords rf = firms.get(f);
      subjects[f]++;
      int consent = rf.consentMinute(r);
      int before = counts[f];
      if (consent == FirmRecords.NO_CONSENT) {
        add(f, r, ConsentFinding.NO_CONSENT, 0);
      } else if (consent == FirmRecords.CONSENT_UNREADABLE) {
        add(f, r, ConsentFinding.CONSENT_UNREADABLE, 0);
      } else {
        if (rf.hasFlag(r, FirmRecords.SHARED_CONSENT)) {
          add(f, r, ConsentFinding.SHARED_CONSENT_TIMESTAMP, 0);
        }
        int consentDay = localDay(consent);
        if (caseFirst != FirmRecords.UNKNOWN_DAY && consentDay < caseFirst - backdateDays) {
          add(f, r, ConsentFinding.CONSENT_BEFORE_HOLDING, caseFirst);
        }
        if (registered != Integer.MIN_VALUE && consent < registered) {
          add(f, r, ConsentFinding.CONSENT_REVOKED_BY_REGISTRATION, registered);
        }
      }
      if (counts[f] > before) {
        withoutValidConsent[f]++;
      }
    }
  }

  private int localDay(int epochMinute) {
    return offsets.localDay(epochMinute * 60L);
  }

  private void add(int f, int record, ConsentFinding finding, int value) {
    int c = counts[f];
    if (c == indexes[f].length) {
      int capacity = c + (c >> 1);
      indexes[f] = Arrays.copyOf(indexes[f], capacity);
      kinds[f] = Arrays.copyOf(kinds[f], capacity);
      values[f] = Arrays.copyOf(values[f], capacity);
    }
    indexes[f][c] = record;
    kinds[f][c] = (byte) finding.ordinal();
    values[f][c] = value;
    counts[f] = c + 1;
    byFinding[f][finding.ordinal()]++;
  }

  /** Per firm: valid numbers held (data subjects), and those without a consent that holds. */
  public record FirmConsent(String firm, long dataSubjects, long withoutValidConsent, Map<ConsentFinding, Long> findings) {}

  public FirmConsent summary(int firm) {
    Map<ConsentFinding, Long> map = new EnumMap<>(ConsentFinding.class);
    for (ConsentFinding finding : ConsentFinding.values()) {
      map.put(finding, byFinding[firm][finding.ordinal()]);
    }
    return new FirmConsent(firms.get(firm).firm(), subjects[firm], withoutValidConsent[firm], map);
  }

  /**
   * Writes the rows of consent_findings.csv (without header): firm,file,line,number,finding,detail,
   * per firm in line order.
   */
  public void write(Writer out) throws IOException {
    java.util.Map<Integer, String> days = new java.util.HashMap<>();
    java.util.function.IntFunction<String> minute = epochMinute -> { // "yyyy-MM-dd HH:mm" local, days cached
      long seconds = epochMinute * 60L;
      long local = seconds + offsets.offsetSeconds(seconds);
      int day = (int) Math.floorDiv(local, 86_400L);
      int minuteOfDay = (int) (Math.floorMod(local, 86_400L) / 60);
      String date = days.computeIfAbsent(day, d -> LocalDate.ofEpochDay(d).toString());
      return date + (minuteOfDay / 60 < 10 ? " 0" : " ") + minuteOfDay / 60 + (minuteOfDay % 60 < 10 ? ":0" : ":") + minuteOfDay % 60;
    };
    for (int f = 0; f < firms.size(); f++) {
      FirmRecords rf = firms.get(f);
      int c = counts[f];
      long[] order = new long[c]; // (line, finding position): the findings of one record stay in order
      for (int i = 0; i < c; i++) {
        order[i] = (long) rf.line(indexes[f][i]) << 32 | i;
      }
      Arrays.sort(order);
      long[] numbers = numbersOf(rf);
      StringBuilder line = new StringBuilder(128);
      for (int k = 0; k < c; k++) {
        int i = (int) order[k];
        int record = indexes[f][i];
        ConsentFinding finding = ConsentFinding.values()[kinds[f][i]];
        int consent = rf.consentMinute(record);
        String detail = switch (finding) {
          case NO_CONSENT -> "no consent date";
          case CONSENT_UNREADABLE -> "the consent cell is not a date";
          case SHARED_CONSENT_TIMESTAMP -> "consent " + minute.apply(consent)
              + " carried by many rows of the file";
          case CONSENT_BEFORE_HOLDING -> "consent " + days.computeIfAbsent(localDay(consent), d -> LocalDate.ofEpochDay(d).toString()) + ", first held in the case "
              + days.computeIfAbsent(values[f][i], d -> LocalDate.ofEpochDay(d).toString()) + " (" + (values[f][i] - localDay(consent)) + " days later)";
          case CONSENT_REVOKED_BY_REGISTRATION -> "consent " + minute.apply(consent)
              + ", registered in the register " + minute.apply(values[f][i]);
        };
        line.setLength(0);
        line.append(Csv.field(rf.firm())).append(',').append(Csv.field(files[f])).append(',').append(rf.line(record))
            .append(",+").append(numbers[record]).append(',').append(finding.name()).append(',').append(Csv.field(detail)).append('\n');
        out.append(line);
      }
    }
  }

  /** The keys of a firm by record index (valid numbers only are ever asked for). */
  private static long[] numbersOf(FirmRecords records) {
    long[] keys = new long[records.size()];
    FirmRecords.Cursor cursor = records.cursor();
    while (cursor.hasNext()) {
      long key = cursor.next();
      keys[cursor.index()] = key;
    }
    return keys;
  }
}
