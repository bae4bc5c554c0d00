package org.opendnc.investigate.lineage;

import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendnc.investigate.ingest.FirmRecords;
import org.opendnc.investigate.ingest.Keys;

/**
 * Infers how lists moved between the firms of a case (decision 0017): every firm's records are
 * split into arrival batches (the records it acquired on one day); a batch is a copy from another
 * firm only if that firm held (nearly) all of it before it arrived; shared batches that no seized
 * firm could have supplied come from an unseized source.
 */
public final class LineageAnalysis {
  /*
   * Pass 1 (one merge over all firms, visit(): O(holders^2) per key):
   *   pair statistics; and for every batch b of firm F and every other firm G, held[b][G] = the
   *   records of b that G acquired on or before b's day, consistent[b][G] = those with a name
   *   spelling consistent with G's (equal, or missing in one file).
   * Decide each batch of at least minBatchRecords records:
   *   candidates = firms G with held[b][G] >= containment * |b|. A copy from G is a subset of what
   *   G held when it was made, so G can be the source only if it held the batch, not merely part
   *   of it; the earlier holder of some shared records is NOT thereby a source.
   *   Several candidates (a chain A -> B -> C: A also held what C took from B): the one with the
   *   most consistent spellings (mistakes introduced by B travel on to C, not back to A); on a tie,
   *   the candidate that held the fewest records then (a uniform sample of a smaller list is the
   *   likelier draw).
   *   No candidate: the batch came from outside the case (unexplained).
   * Pass 2: for unexplained batches of different firms, count shared records with consistent
   *   spellings. Two unexplained batches that share at least max(minLinkRecords, linkShare x the
   *   smaller) records were both supplied, directly, by someone no seized firm can stand in for;
   *   the connected groups of such batches that span two or more firms are the unseized sources
   *   UNSEIZED-1, UNSEIZED-2, ... (numbered by their first arrival).
   */

  /** The name prefix of inferred unseized sources. */
  public static final String UNSEIZED_PREFIX = "UNSEIZED-";

  /** Thresholds of the inference; {@link #defaults()} are those of decision 0017. */
  public record Settings(double containment, int minBatchRecords, double linkShare, int minLinkRecords) {
    public static Settings defaults() {
      return new Settings(0.9, 50, 0.05, 20);
    }
  }

  /** The result: the flows, the pair statistics and the batch decisions. */
  public record Result(List<Edge> edges, List<PairStatistics> pairs, List<BatchDecision> batches) {}

  /**
   * How one arrival batch was explained.
   *
   * @param source the firm or unseized source it came from, or null when no source is inferred
   * @param bestSeized the seized firm that held the largest share of it before, or null
   * @param bestSeizedShare that share
   */
  public record BatchDecision(String firm, LocalDate day, long records, String source, String bestSeized, double bestSeizedShare) {}

  private final List<FirmRecords> firms;
  private final Settings settings;
  private final int n;
  // per firm: its distinct days (= batches) and per-batch arrays
  private final int[][] batchDays;
  private final int[][] batchSizes;
  private final int[][] held; // [firm][batch * n + other]
  private final int[][] consistent;
  private final long[] pairCounters; // per unordered pair: 8 counters
  private static final int PAIR_FIELDS = 8;

  public LineageAnalysis(List<FirmRecords> firms, Settings settings) {
    this.firms = firms;
    this.settings = settings;
    this.n = firms.size();
    batchDays = new int[n][];
    batchSizes = new int[n][];
    held = new int[n][];
    consistent = new int[n][];
    for (int f = 0; f < n; f++) {
      batchDays[f] = firms.get(f).distinctDays();
      batchSizes[f] = new int[batchDays[f].length];
      held[f] = new int[batchDays[f].length * n];
      consistent[f] = new int[batchDays[f].length * n];
    }
    pairCounters = new long[n * n * PAIR_FIELDS];
    batchByDay = new int[n][];
    firstBatchDay = new int[n];
    for (int f = 0; f < n; f++) {
      firstBatchDay[f] = batchDays[f].length == 0 ? 0 : batchDays[f][0];
      batchByDay[f] = batchTable(batchDays[f], firstBatchDay[f]);
    }
  }

  /** The visitor of pass 1; run it in a {@link CaseMerge} (alone or with others), then {@link #finish}. */
  public CaseMerge.Visitor firstPass() {
    return this::visitFirst;
  }

  /** The batch of a record acquired on {@code day}: every day of the firm is one of its batches. */
  private int batchOf(int firm, int day) {
    int[] table = batchByDay[firm];
    int at = day - firstBatchDay[firm];
    if (table != null && at >= 0 && at < table.length) {
      return table[at];
    }
    return Arrays.binarySearch(batchDays[firm], day);
  }

  /** Per firm, the batch of each day from its first known day (null when the days span too far). */
  private final int[][] batchByDay;
  private final int[] firstBatchDay;

  private static int[] batchTable(int[] days, int first) {
    int known = days.length;
    while (known > 0 && days[known - 1] == FirmRecords.UNKNOWN_DAY) {
      known--;
    }
    if (known == 0 || (long) days[known - 1] - first >= 200_000) {
      return null;
    }
    int[] table = new int[days[known - 1] - first + 1];
    Arrays.fill(table, -1);
    for (int b = 0; b < known; b++) {
      table[days[b] - first] = b;
    }
    return table;
  }

  private void visitFirst(long key, int holders, int[] firmIndexes, int[] records) {
    boolean valid = Keys.isValid(key);
    for (int i = 0; i < holders; i++) {
      int f = firmIndexes[i];
      FirmRecords rf = firms.get(f);
      int dayF = rf.day(records[i]);
      int batch = batchOf(f, dayF);
      batchSizes[f][batch]++;
      short nameF = rf.nameFingerprint(records[i]);
      for (int j = 0; j < holders; j++) {
        if (j == i) {
          continue;
        }
        int g = firmIndexes[j];
        FirmRecords rg = firms.get(g);
        int dayG = rg.day(records[j]);
        short nameG = rg.nameFingerprint(records[j]);
        if (dayG != FirmRecords.UNKNOWN_DAY && dayG <= dayF) {
          held[f][batch * n + g]++;
          if (nameF == 0 || nameG == 0 || nameF == nameG) {
            consistent[f][batch * n + g]++;
          }
        }
        if (j > i) {
          int base = (f * n + g) * PAIR_FIELDS;
          pairCounters[base + (valid ? 0 : 1)]++;
          if (dayF < dayG) {
            pairCounters[base + 2]++;
          } else if (dayG < dayF) {
            pairCounters[base + 3]++;
          } else {
            pairCounters[base + 4]++;
          }
          if (nameF != 0 && nameG != 0) {
            pairCounters[base + 5]++;
            if (nameF == nameG) {
              pairCounters[base + 6]++;
            }
          }
          if (rf.shapeFingerprint(records[i]) == rg.shapeFingerprint(records[j])) {
            pairCounters[base + 7]++;
          }
        }
      }
    }
  }

  /** Decides the batches, runs pass 2 (a second merge) and builds the graph. */
  public Result finish() {
    // source[f][batch]: -1 undecided/small, firm index, or UNEXPLAINED
    int[][] source = new int[n][];
    List<BatchDecision> decisions = new ArrayList<>();
    for (int f = 0; f < n; f++) {
      source[f] = new int[batchDays[f].length];
      Arrays.fill(source[f], SMALL);
      for (int b = 0; b < batchDays[f].length; b++) {
        int size = batchSizes[f][b];
        if (size < settings.minBatchRecords()) {
          continue;
        }
        int best = -1;
        int bestSeized = -1;
        for (int g = 0; g < n; g++) {
          if (g == f) {
            continue;
          }
          int h = held[f][b * n + g];
          if (bestSeized < 0 || h > held[f][b * n + bestSeized]) {
            bestSeized = g;
          }
          if (h < settings.containment() * size) {
            continue;
          }
          if (best < 0) {
            best = g;
            continue;
          }
          int c = consistent[f][b * n + g];
          int cb = consistent[f][b * n + best];
          int tolerance = Math.max(2, size / 500);
          if (c > cb + tolerance
              || Math.abs(c - cb) <= tolerance
                  && firms.get(g).heldOnOrBefore(batchDays[f][b]) < firms.get(best).heldOnOrBefore(batchDays[f][b])) {
            best = g;
          }
        }
        source[f][b] = best >= 0 ? best : UNEXPLAINED;
      }
    }
    // Pass 2: links between unexplained batches.
    int[] offsets = new int[n + 1];
    for (int f = 0; f < n; f++) {
      offsets[f + 1] = offsets[f] + batchDays[f].length;
    }
    // Record counts per pair of batches (two non-negative ints in a long). A HashMap<Long, ...> put
    // every pair whose halves XOR alike in one bin (Long.hashCode); fastutil mixes the whole key.
    Long2IntOpenHashMap links = new Long2IntOpenHashMap(1 << 12, Hash.FAST_LOAD_FACTOR);
    CaseMerge.run(firms, (key, holders, firmIndexes, records) -> {
      if (holders < 2) {
        return;
      }
      for (int i = 0; i < holders; i++) {
        int f = firmIndexes[i];
        int bf = batchOf(f, firms.get(f).day(records[i]));
        if (source[f][bf] != UNEXPLAINED) {
          continue;
        }
        short nameF = firms.get(f).nameFingerprint(records[i]);
        for (int j = i + 1; j < holders; j++) {
          int g = firmIndexes[j];
          int bg = batchOf(g, firms.get(g).day(records[j]));
          if (source[g][bg] != UNEXPLAINED) {
            continue;
          }
          short nameG = firms.get(g).nameFingerprint(records[j]);
          if (nameF != 0 && nameG != 0 && nameF != nameG) {
            continue;
          }
          long pair = (long) (offsets[f] + bf) << 32 | (offsets[g] + bg);
          links.addTo(pair, 1);
        }
      }
    });
    int[] parent = new int[offsets[n]];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (var iterator = links.long2IntEntrySet().fastIterator(); iterator.hasNext(); ) {
      Long2IntMap.Entry link = iterator.next();
      long key = link.getLongKey();
      int a = (int) (key >>> 32);
      int b = (int) key;
      int sizeA = sizeOfGlobal(a, offsets);
      int sizeB = sizeOfGlobal(b, offsets);
      int shared = link.getIntValue();
      if (shared >= settings.minLinkRecords() && shared >= settings.linkShare() * Math.min(sizeA, sizeB)) {
        union(parent, a, b); // the components do not depend on the order of the unions
      }
    }
    // Components spanning two or more firms become unseized sources.
    Map<Integer, List<int[]>> components = new LinkedHashMap<>(); // root -> (firm, batch)
    for (int f = 0; f < n; f++) {
      for (int b = 0; b < batchDays[f].length; b++) {
        if (source[f][b] == UNEXPLAINED) {
          components.computeIfAbsent(find(parent, offsets[f] + b), k -> new ArrayList<>()).add(new int[] {f, b});
        }
      }
    }
    List<List<int[]>> sources = new ArrayList<>();
    for (List<int[]> members : components.values()) {
      if (members.stream().mapToInt(m -> m[0]).distinct().count() >= 2) {
        sources.add(members);
      }
    }
    sources.sort(Comparator.comparingInt(members -> members.stream().mapToInt(m -> batchDays[m[0]][m[1]]).min().orElse(0)));
    String[][] sourceNames = new String[n][];
    for (int f = 0; f < n; f++) {
      sourceNames[f] = new String[batchDays[f].length];
    }
    List<Edge> edges = new ArrayList<>();
    for (int s = 0; s < sources.size(); s++) {
      String name = UNSEIZED_PREFIX + (s + 1);
      Map<Integer, List<int[]>> byFirm = new LinkedHashMap<>();
      for (int[] member : sources.get(s)) {
        byFirm.computeIfAbsent(member[0], k -> new ArrayList<>()).add(member);
        sourceNames[member[0]][member[1]] = name;
      }
      for (var entry : byFirm.entrySet()) {
        edges.add(unseizedEdge(name, entry.getKey(), entry.getValue(), byFirm.keySet()));
      }
    }
    // Flows between firms.
    for (int f = 0; f < n; f++) {
      Map<Integer, List<Integer>> bySource = new LinkedHashMap<>();
      for (int b = 0; b < batchDays[f].length; b++) {
        if (source[f][b] >= 0) {
          bySource.computeIfAbsent(source[f][b], k -> new ArrayList<>()).add(b);
          sourceNames[f][b] = firms.get(source[f][b]).firm();
        }
      }
      for (var entry : bySource.entrySet()) {
        edges.add(firmEdge(entry.getKey(), f, entry.getValue()));
      }
    }
    edges.sort(Comparator.comparing(Edge::firstDate).thenComparing(Edge::from).thenComparing(Edge::to));
    for (int f = 0; f < n; f++) {
      for (int b = 0; b < batchDays[f].length; b++) {
        if (source[f][b] == SMALL) {
          continue;
        }
        int best = -1;
        for (int g = 0; g < n; g++) {
          if (g != f && (best < 0 || held[f][b * n + g] > held[f][b * n + best])) {
            best = g;
          }
        }
        decisions.add(new BatchDecision(firms.get(f).firm(), day(batchDays[f][b]), batchSizes[f][b], sourceNames[f][b],
            best < 0 ? null : firms.get(best).firm(), best < 0 ? 0 : share(held[f][b * n + best], batchSizes[f][b])));
      }
    }
    return new Result(List.copyOf(edges), pairs(), List.copyOf(decisions));
  }

  private static final int SMALL = -1;
  private static final int UNEXPLAINED = -2;

  private Edge firmEdge(int from, int to, List<Integer> batches) {
    long records = 0;
    long size = 0;
    long consistentSum = 0;
    int first = Integer.MAX_VALUE;
    StringBuilder detail = new StringBuilder();
    for (int b : batches) {
      records += held[to][b * n + from];
      consistentSum += consistent[to][b * n + from];
      size += batchSizes[to][b];
      first = Math.min(first, batchDays[to][b]);
    }
    PairStatistics pair = pair(from, to);
    detail.append(String.format(Locale.ROOT, "%d arrival batch%s of %s (%,d records) held at %.1f%% by %s before they arrived",
        batches.size(), batches.size() == 1 ? "" : "es", firms.get(to).firm(), size, 100.0 * records / size, firms.get(from).firm()));
    detail.append(String.format(Locale.ROOT, "; %.1f%% with the same name spelling", 100.0 * consistentSum / size));
    if (pair.sharedInvalid() > 0) {
      detail.append(String.format(Locale.ROOT, "; %,d invalid numbers in common", pair.sharedInvalid()));
    }
    if (pair.sharedNumbers() > 0) {
      detail.append(String.format(Locale.ROOT, "; %.0f%% of shared numbers written the same way",
          100.0 * pair.shapesIdentical() / (pair.sharedNumbers() + pair.sharedInvalid())));
    }
    return new Edge(firms.get(from).firm(), firms.get(to).firm(), day(first), records, detail.toString(),
        Math.min(1.0, round((double) consistentSum / size)));
  }

  private Edge unseizedEdge(String name, int firm, List<int[]> members, java.util.Set<Integer> otherFirms) {
    long size = 0;
    int first = Integer.MAX_VALUE;
    double worst = 0;
    String worstFirm = null;
    for (int[] m : members) {
      int b = m[1];
      size += batchSizes[firm][b];
      first = Math.min(first, batchDays[firm][b]);
      for (int g = 0; g < n; g++) {
        double share = g == firm ? 0 : share(held[firm][b * n + g], batchSizes[firm][b]);
        if (share > worst) {
          worst = share;
          worstFirm = firms.get(g).firm();
        }
      }
    }
    List<String> others = otherFirms.stream().filter(f -> f != firm).map(f -> firms.get(f).firm()).toList();
    String evidence = String.format(Locale.ROOT,
        "%d arrival batch%s of %s (%,d records) share records with %s's arrivals, and no seized firm held them before"
            + " (the most any did: %s, %.1f%%)",
        members.size(), members.size() == 1 ? "" : "es", firms.get(firm).firm(), size, String.join(", ", others),
        worstFirm == null ? "none" : worstFirm, 100 * worst);
    return new Edge(name, firms.get(firm).firm(), day(first), size, evidence, round(1 - worst));
  }

  private int sizeOfGlobal(int global, int[] offsets) {
    int f = 0;
    while (offsets[f + 1] <= global) {
      f++;
    }
    return batchSizes[f][global - offsets[f]];
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }

  private PairStatistics pair(int a, int b) {
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    int base = (lo * n + hi) * PAIR_FIELDS;
    return new PairStatistics(firms.get(lo).firm(), firms.get(hi).firm(), firms.get(lo).validCount(),
        firms.get(hi).validCount(), pairCounters[base], pairCounters[base + 1], pairCounters[base + 2],
        pairCounters[base + 3], pairCounters[base + 4], pairCounters[base + 5], pairCounters[base + 6],
        pairCounters[base + 7]);
  }

  private List<PairStatistics> pairs() {
    List<PairStatistics> pairs = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        PairStatistics p = pair(a, b);
        if (p.sharedNumbers() + p.sharedInvalid() > 0) {
          pairs.add(p);
        }
      }
    }
    pairs.sort(Comparator.comparingLong(PairStatistics::sharedNumbers).reversed());
    return pairs;
  }

  static LocalDate day(int epochDay) {
    return epochDay == FirmRecords.UNKNOWN_DAY ? null : LocalDate.ofEpochDay(epochDay);
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : round((double) part / whole);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
