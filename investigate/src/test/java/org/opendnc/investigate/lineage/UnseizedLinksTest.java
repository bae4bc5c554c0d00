package org.opendnc.investigate.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opendnc.investigate.ingest.FirmRecords;
import org.opendnc.investigate.ingest.TestingFirmRecords;

/** Pass 2 of the lineage: unexplained batches are linked when they share enough records, exactly. */
class UnseizedLinksTest {
  private static final int BATCHES = 200;
  private static final int BATCH_RECORDS = 100;
  private static final int FIRST_DAY = 18_000;
  private static final int NOISE_PARTNERS = 40;

  @Test
  void batchesSharingTheMinimumOfRecordsAreLinkedAndOneFewerAreNot() {
    // alfa's and beta's batches of one day are both unexplained (neither firm held 90 % of the
    // other's), and share 20 records (the minimum, 5 % of 100 is less) every third day, 19 on the
    // others; each alfa batch also shares one record with each of the next 40 beta batches, so the
    // pass counts about 8,000 batch pairs, all but the day's pair far below the minimum.
    TestingFirmRecords alfa = new TestingFirmRecords("alfa");
    TestingFirmRecords beta = new TestingFirmRecords("beta");
    long next = 393_000_000_000L;
    int[] betaFilled = new int[BATCHES];
    for (int i = 0; i < BATCHES; i++) {
      int day = FIRST_DAY + i;
      int shared = i % 3 == 0 ? 20 : 19;
      int alfaFilled = 0;
      for (int k = 0; k < shared; k++, alfaFilled++) {
        alfa.add(next, day);
        beta.add(next++, day);
        betaFilled[i]++;
      }
      for (int j = i + 1; j <= i + NOISE_PARTNERS && j < BATCHES; j++, alfaFilled++) {
        alfa.add(next, day);
        beta.add(next++, FIRST_DAY + j);
        betaFilled[j]++;
      }
      for (; alfaFilled < BATCH_RECORDS; alfaFilled++) {
        alfa.add(next++, day);
      }
    }
    for (int j = 0; j < BATCHES; j++) {
      for (; betaFilled[j] < BATCH_RECORDS; betaFilled[j]++) {
        beta.add(next++, FIRST_DAY + j);
      }
    }
    List<FirmRecords> firms = List.of(alfa.finish(), beta.finish());
    LineageAnalysis analysis = new LineageAnalysis(firms, LineageAnalysis.Settings.defaults());
    CaseMerge.run(firms, analysis.firstPass());

    LineageAnalysis.Result result = analysis.finish();

    Map<Integer, String> alfaSources = new TreeMap<>();
    for (LineageAnalysis.BatchDecision decision : result.batches()) {
      assertThat(decision.records()).isEqualTo(BATCH_RECORDS);
      if (decision.firm().equals("alfa")) {
        alfaSources.put((int) decision.day().toEpochDay() - FIRST_DAY, decision.source());
      }
    }
    assertThat(alfaSources).hasSize(BATCHES);
    for (int i = 0; i < BATCHES; i++) {
      String expected = i % 3 == 0 ? LineageAnalysis.UNSEIZED_PREFIX + (i / 3 + 1) : null;
      assertThat(alfaSources.get(i)).as("alfa's batch of day %d", i).isEqualTo(expected);
    }
    Map<String, List<String>> unseizedEdges = result.edges().stream().filter(Edge::fromUnseized)
        .collect(Collectors.groupingBy(Edge::from, Collectors.mapping(Edge::to, Collectors.toList())));
    assertThat(unseizedEdges).hasSize((BATCHES + 2) / 3);
    assertThat(unseizedEdges.values()).allSatisfy(to -> assertThat(to).containsExactlyInAnyOrder("alfa", "beta"));
    assertThat(result.edges()).allMatch(Edge::fromUnseized);
  }
}
