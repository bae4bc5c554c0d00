package org.opendnc.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.opendnc.core.number.NumberParser;
import org.opendnc.store.Complaint;
import org.opendnc.store.ComplaintStore;
import org.opendnc.store.OperatorListStore.CallingNumber;
import org.opendnc.store.RegisterStore;

/** Imports complaint files into the store and matches stored complaints to call records. */
public final class Complaints {

  private static final int BATCH = 10_000;

  /** What an import did. */
  public record ImportResult(long rows, long added, long alreadyStored, Rejects rejects) {}

  /** What a matching did. */
  public record MatchResult(long complaints, Map<ComplaintMatcher.Kind, Long> byKind, List<ComplaintMatcher.Match> matches) {}

  private Complaints() {}

  /** Imports {@code file} (FTC or native CSV); re-importing the same file adds nothing. */
  public static ImportResult importFile(ComplaintStore store, Path file, NumberParser parser, ZoneId zone,
      Path rejectsFile) {
    try (Rejects rejects = new Rejects(rejectsFile)) {
      List<Complaint> batch = new ArrayList<>(BATCH);
      long[] counts = new long[2];
      new ComplaintReader(parser, zone).read(file, rejects, complaint -> {
        batch.add(complaint);
        counts[0]++;
        if (batch.size() == BATCH) {
          counts[1] += store.add(batch);
          batch.clear();
        }
      });
      counts[1] += store.add(batch);
      return new ImportResult(counts[0] + rejects.count(), counts[1], counts[0] - counts[1], rejects);
    }
  }

  /**
   * Matches every stored complaint to the call records of {@code callsFile} and writes one row per
   * complaint to {@code output}.
   */
  public static MatchResult match(RegisterStore store, Path callsFile, NumberParser parser, Duration window,
      Path output, Rejects callRejects) {
    CallRecords calls = new CallRecordReader(parser).read(callsFile, callRejects);
    List<CallingNumber> declared = new ArrayList<>();
    store.operatorLists().forEachCallingNumber(declared::add);
    List<Complaint> complaints = new ArrayList<>();
    store.complaints().forEach(complaints::add);
    List<ComplaintMatcher.Match> matches = new ComplaintMatcher(calls, window, declared).match(complaints);
    writeMatches(matches, output);
    return new MatchResult(complaints.size(), countByKind(matches), matches);
  }

  static Map<ComplaintMatcher.Kind, Long> countByKind(List<ComplaintMatcher.Match> matches) {
    Map<ComplaintMatcher.Kind, Long> byKind = new EnumMap<>(ComplaintMatcher.Kind.class);
    for (ComplaintMatcher.Kind kind : ComplaintMatcher.Kind.values()) {
      byKind.put(kind, 0L);
    }
    for (ComplaintMatcher.Match match : matches) {
      byKind.merge(match.kind(), 1L, Long::sum);
    }
    return byKind;
  }

  /** {@code complaint_id,source,caller_id,at,match,likely_operator,operators,calls_matched,call_ids}. */
  public static void writeMatches(List<ComplaintMatcher.Match> matches, Path output) {
    VerdictWriter.writeAtomically(output, out -> {
      out.write("complaint_id,source,file,line,caller_id,at,match,likely_operator,operators,calls_matched,call_ids\n");
      StringBuilder row = new StringBuilder(256);
      for (ComplaintMatcher.Match match : matches) {
        Complaint c = match.complaint();
        row.setLength(0);
        row.append(c.id()).append(',').append(c.source()).append(',');
        Csv.append(row, c.file());
        row.append(',').append(c.line()).append(',');
        Csv.append(row, c.callerId());
        row.append(',').append(c.at()).append(',').append(match.kind()).append(',');
        Csv.append(row, match.likelyOperator());
        row.append(',');
        Csv.append(row, String.join(";", match.operators()));
        row.append(',').append(match.calls()).append(',');
        Csv.append(row, String.join(";", match.callIds()));
        row.append('\n');
        out.append(row);
      }
    });
  }
}
