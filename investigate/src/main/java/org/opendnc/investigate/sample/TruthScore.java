package org.opendnc.investigate.sample;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendnc.investigate.lineage.Edge;
import org.opendnc.investigate.lineage.LineageAnalysis;

/** Scores inferred list flows against a generated world's truth, unseized sources matched to brokers. */
public final class TruthScore {
  /** Edges inferred and true. */
  public final int truePositives;
  /** Edges inferred, not true. */
  public final int falsePositives;
  /** True edges not inferred. */
  public final int falseNegatives;
  /** The true edges missed, "from->to". */
  public final Set<String> missed = new HashSet<>();
  /** The wrong edges, "from->to". */
  public final Set<String> wrong = new HashSet<>();

  private TruthScore(int tp, int fp, int fn) {
    this.truePositives = tp;
    this.falsePositives = fp;
    this.falseNegatives = fn;
  }

  public double precision() {
    return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
  }

  public double recall() {
    return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
  }

  public TruthScore plus(TruthScore other) {
    TruthScore sum = new TruthScore(truePositives + other.truePositives, falsePositives + other.falsePositives,
        falseNegatives + other.falseNegatives);
    sum.missed.addAll(missed);
    sum.missed.addAll(other.missed);
    sum.wrong.addAll(wrong);
    sum.wrong.addAll(other.wrong);
    return sum;
  }

  public static TruthScore empty() {
    return new TruthScore(0, 0, 0);
  }

  /**
   * Each inferred UNSEIZED-n is renamed to the broker whose buyers overlap its targets most
   * (Jaccard; each broker used once); the edges are then compared as sets of "from->to".
   */
  public static TruthScore of(CaseWorld.Truth truth, List<Edge> edges) {
    Set<String> expected = truth.edges();
    Map<String, Set<String>> brokerBuyers = new HashMap<>();
    for (CaseWorld.Transfer t : truth.transfers()) {
      if (t.from().startsWith("broker-") && t.records() > 0) {
        brokerBuyers.computeIfAbsent(t.from(), k -> new HashSet<>()).add(t.to());
      }
    }
    Map<String, Set<String>> unseizedTargets = new HashMap<>();
    for (Edge e : edges) {
      if (e.from().startsWith(LineageAnalysis.UNSEIZED_PREFIX)) {
        unseizedTargets.computeIfAbsent(e.from(), k -> new HashSet<>()).add(e.to());
      }
    }
    Map<String, String> rename = new HashMap<>();
    Set<String> usedBrokers = new HashSet<>();
    for (var u : unseizedTargets.entrySet()) {
      String best = null;
      double bestScore = 0;
      for (var b : brokerBuyers.entrySet()) {
        if (usedBrokers.contains(b.getKey())) {
          continue;
        }
        Set<String> inter = new HashSet<>(u.getValue());
        inter.retainAll(b.getValue());
        Set<String> union = new HashSet<>(u.getValue());
        union.addAll(b.getValue());
        double score = (double) inter.size() / union.size();
        if (score > bestScore) {
          bestScore = score;
          best = b.getKey();
        }
      }
      if (best != null) {
        usedBrokers.add(best);
        rename.put(u.getKey(), best);
      }
    }
    Set<String> inferred = new HashSet<>();
    for (Edge e : edges) {
      inferred.add(rename.getOrDefault(e.from(), e.from()) + "->" + e.to());
    }
    int tp = 0;
    TruthScore score;
    Set<String> fp = new HashSet<>(inferred);
    fp.removeAll(expected);
    Set<String> fn = new HashSet<>(expected);
    fn.removeAll(inferred);
    for (String e : inferred) {
      if (expected.contains(e)) {
        tp++;
      }
    }
    score = new TruthScore(tp, fp.size(), fn.size());
    score.wrong.addAll(fp);
    score.missed.addAll(fn);
    return score;
  }
}
