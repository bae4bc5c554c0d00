package org.opendnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCaseCommandTest {
  @TempDir Path dir;

  CliRun.Result dnc(String... args) {
    return CliRun.run(dir, args);
  }

  @Test
  void auditsAndInvestigatesAGeneratedCaseAndScoresTheFlowsAgainstItsTruth() throws IOException {
    CliRun.Result result = dnc("demo", "case", "--seed", "7");

    assertThat(result.exit()).as(result.err()).isZero();
    Path out = dir.resolve("demo/case-7/out");
    assertThat(result.out())
        .contains("1. Generated a case of 6 firms fed by 2 unseized brokers")
        .containsPattern("3\\. Audited [0-9,]+ calls: lawful [0-9,]+, violations [0-9,]+")
        .contains("OPPOSED_NO_CONSENT")
        .contains("precision 1.000, recall 1.000")
        .contains(out.resolve("report.html").toString());
    for (String file : new String[] {"verdicts.csv", "audit-report.html", "audit-report.pdf", "evidence.json",
        "lineage.csv", "consent_findings.csv", "honeypot_hits.csv", "reverse_switches.csv", "report.html",
        "report.pdf"}) {
      assertThat(out.resolve(file)).as(file).isNotEmptyFile();
    }
    assertThat(Files.readString(out.resolve("lineage.csv"))).contains("UNSEIZED-1");
    assertThat(result.err()).doesNotContain("INFO::"); // the PDF renderer's own log stays quiet

    CliRun.Result again = dnc("demo", "case", "--seed", "7");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("INVALID_ARGUMENT").contains("already holds a demo case").contains("--seed");
  }
}
