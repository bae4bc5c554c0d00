package org.opendnc.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.investigate.lineage.Edge;
import org.opendnc.investigate.sample.CaseWorld;
import org.opendnc.investigate.sample.TruthScore;

/** Lineage over several generated worlds: precision and recall of the flows, unseized sources included. */
class LineageTruthTest {
  @TempDir Path root;

  @Test
  void precisionAndRecallOfTheFlowsAreAtLeast95PercentOverFourWorlds() throws IOException {
    TruthScore total = TruthScore.empty();
    int unseizedEdges = 0;
    for (long seed = 21; seed <= 24; seed++) {
      Path world = root.resolve("world-" + seed);
      CaseWorld.Truth truth = new CaseWorld(new CaseWorld.Settings(seed, 7, 2, 1500, 4000, 10, 50, 0.5)).write(world);
      CaseWorld.Paths paths = CaseWorld.paths(world);
      InvestigationResult result = Investigation.of(InvestigationOptions.of(paths.caseDir(), world.resolve("out"))).run(line -> { });
      total = total.plus(TruthScore.of(truth, result.lineage().edges()));
      unseizedEdges += (int) result.lineage().edges().stream().filter(Edge::fromUnseized).count();
    }
    assertThat(total.truePositives).isGreaterThan(40);
    assertThat(unseizedEdges).as("edges from unseized sources").isGreaterThanOrEqualTo(16);
    assertThat(total.precision()).as("wrong %s", total.wrong).isGreaterThanOrEqualTo(0.95);
    assertThat(total.recall()).as("missed %s", total.missed).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void theEarliestHolderIsNotTakenForTheSource() throws IOException {
    // In world 7 broker-1 sold to beta-call (2019-12-05) and later to alfa-contact (2020-10-30):
    // beta-call held 62 % of alfa-contact's batch first, yet the batch came from the broker.
    Path world = root.resolve("world-7");
    CaseWorld.Truth truth = new CaseWorld(CaseWorld.Settings.small(7)).write(world);
    CaseWorld.Paths paths = CaseWorld.paths(world);
    InvestigationResult result = Investigation.of(InvestigationOptions.of(paths.caseDir(), world.resolve("out"))).run(line -> { });
    assertThat(truth.edges()).contains("broker-1->alfa-contact", "broker-1->beta-call").doesNotContain("beta-call->alfa-contact");
    assertThat(result.lineage().edges()).noneMatch(e -> e.from().equals("beta-call") && e.to().equals("alfa-contact"));
    assertThat(result.lineage().edges()).anyMatch(e -> e.fromUnseized() && e.to().equals("alfa-contact"));
    var pair = result.lineage().pairs().stream()
        .filter(p -> p.firmA().equals("alfa-contact") && p.firmB().equals("beta-call")).findFirst().orElseThrow();
    assertThat(pair.firstHeldByB()).isGreaterThan(pair.firstHeldByA());
  }
}
