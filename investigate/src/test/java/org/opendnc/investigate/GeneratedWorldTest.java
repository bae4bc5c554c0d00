package org.opendnc.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.investigate.ingest.FileSummary;
import org.opendnc.investigate.sample.CaseWorld;
import org.opendnc.investigate.sample.TruthScore;

/** A whole investigation of a generated world, every output checked against the world's truth. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedWorldTest {
  @TempDir static Path root;
  private CaseWorld.Truth truth;
  private InvestigationResult result;
  private Path out;

  @BeforeAll
  void investigate() throws IOException {
    Path world = root.resolve("world");
    truth = new CaseWorld(CaseWorld.Settings.small(7)).write(world);
    CaseWorld.Paths paths = CaseWorld.paths(world);
    out = root.resolve("out");
    InvestigationOptions options = InvestigationOptions.of(paths.caseDir(), out)
        .withRegister(paths.register().toString())
        .withInputs(paths.calls(), paths.switches(), paths.honeypots(), null, paths.commissions(), paths.turnover());
    result = Investigation.of(options).run(line -> { });
  }

  @Test
  void everyFirmFileIsReadWithItsRecordsAndUnreadableRowsCounted() {
    assertThat(result.files()).hasSize(truth.firms().size());
    for (FileSummary file : result.files()) {
      assertThat(file.failed()).as(file.file() + ": " + file.error()).isFalse();
      assertThat(file.records()).as(file.file()).isEqualTo(truth.recordsPerFirm().get(file.firm()));
      assertThat(file.unreadable()).as(file.file()).isEqualTo(truth.unreadableRowsPerFirm().get(file.firm()).longValue());
    }
  }

  @Test
  void lineageFindsTheTrueFlowsAndTheUnseizedBrokers() throws IOException {
    TruthScore score = TruthScore.of(truth, result.lineage().edges());
    assertThat(score.precision()).as("wrong edges %s", score.wrong).isGreaterThanOrEqualTo(0.95);
    assertThat(score.recall()).as("missed edges %s", score.missed).isGreaterThanOrEqualTo(0.95);
    assertThat(rows(out.resolve("lineage.csv"))).hasSize(result.lineage().edges().size());
  }

  @Test
  void consentFindingsAreExactlyTheForgedBackdatedMissingAndRevokedConsents() throws IOException {
    Map<String, Map<String, Set<Long>>> found = new HashMap<>();
    for (List<String> row : rows(out.resolve("consent_findings.csv"))) {
      found.computeIfAbsent(row.get(0), k -> new HashMap<>()).computeIfAbsent(row.get(4), k -> new HashSet<>())
          .add(Long.parseLong(row.get(3).substring(1)));
    }
    for (var firm : truth.consentFindings().entrySet()) {
      for (var finding : firm.getValue().entrySet()) {
        Set<Long> actual = found.getOrDefault(firm.getKey(), Map.of()).getOrDefault(finding.getKey(), Set.of());
        assertThat(actual).as(firm.getKey() + " " + finding.getKey()).isEqualTo(finding.getValue());
      }
    }
  }

  @Test
  void honeypotHitsAreTheFirmsThatReceivedThePlantedList() throws IOException {
    Set<String> hits = new HashSet<>();
    for (List<String> row : rows(out.resolve("honeypot_hits.csv"))) {
      hits.add(String.join("|", row));
    }
    assertThat(truth.honeypotHits()).isNotEmpty();
    assertThat(hits).isEqualTo(truth.honeypotHits());
  }

  @Test
  void reverseSwitchesAreThoseBackWithinTheWindowWithTheirCommissions() throws IOException {
    Set<String> pods = new HashSet<>();
    for (List<String> row : rows(out.resolve("reverse_switches.csv"))) {
      pods.add(row.get(0));
    }
    assertThat(pods).isEqualTo(truth.reversePods());
    result.switches().byFirm().forEach((firm, s) -> {
      assertThat(s.reverseSwitches()).as(firm).isEqualTo(truth.reverseSwitchesPerFirm().get(firm));
      assertThat(s.commissionEur()).as(firm).isEqualTo(truth.commissionsPerFirm().get(firm));
    });
  }

  @Test
  void callsWhileOpposedAreCountedPerFirm() {
    for (Exposure e : result.exposures()) {
      long[] expected = truth.callsPerFirm().get(e.firm());
      assertThat(e.callsWhileOpposed()).as(e.firm()).isEqualTo(expected[1]);
      assertThat(e.numbersCalledWhileOpposed()).as(e.firm()).isEqualTo(expected[2]);
    }
  }

  @Test
  void exposureStatesTheArticle83CeilingFromTheTurnover() {
    for (Exposure e : result.exposures()) {
      assertThat(e.turnoverEur()).isNotNull();
      assertThat(e.ceilingEur()).isEqualTo(Math.max(20_000_000, 0.04 * e.turnoverEur()));
    }
  }

  @Test
  void theReportIsWrittenWithTheStatementAndTheGraph() throws IOException {
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("<svg").contains("UNSEIZED-1").contains("supervisory authority to decide");
    byte[] pdf = Files.readAllBytes(out.resolve("report.pdf"));
    assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
  }

  static List<List<String>> rows(Path csv) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
      boolean header = true;
      for (CsvRecord r : reader) {
        if (header) {
          header = false;
          continue;
        }
        rows.add(r.getFields());
      }
    }
    return rows;
  }
}
