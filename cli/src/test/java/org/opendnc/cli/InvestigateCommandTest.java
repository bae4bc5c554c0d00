package org.opendnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.investigate.sample.CaseWorld;

class InvestigateCommandTest {
  @TempDir Path dir;

  CliRun.Result dnc(String... args) {
    return CliRun.run(dir.resolve("data"), args);
  }

  @Test
  void investigatesACaseAgainstTheRegistersOwnStore() throws IOException {
    Path world = dir.resolve("world");
    CaseWorld.Truth truth = new CaseWorld(CaseWorld.Settings.small(11)).write(world);
    CaseWorld.Paths paths = CaseWorld.paths(world);
    assertThat(dnc("register", "import", paths.register().toString()).exit()).isZero();

    Path out = dir.resolve("out");
    CliRun.Result result = dnc("investigate", paths.caseDir().toString(), "--register", dir.resolve("data").toString(),
        "--calls", paths.calls().toString(), "--switches", paths.switches().toString(), "--honeypots",
        paths.honeypots().toString(), "--commissions", paths.commissions().toString(), "--turnover",
        paths.turnover().toString(), "--output", out.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("Investigated " + truth.firms().size() + " firm files (0 left out)")
        .contains("unseized sources").contains("authority's decision");
    for (String file : new String[] {"lineage.csv", "consent_findings.csv", "reverse_switches.csv", "honeypot_hits.csv",
        "report.html", "report.pdf", "pairs.csv", "unreadable_rows.csv", "calls_while_opposed.csv"}) {
      assertThat(out.resolve(file)).as(file).exists();
    }
    long opposed = truth.callsPerFirm().values().stream().mapToLong(c -> c[1]).sum();
    assertThat(Files.readAllLines(out.resolve("calls_while_opposed.csv"))).hasSize((int) Math.min(opposed, 500) + 1);
    assertThat(result.err()).contains("unreadable rows (see unreadable_rows.csv)");
  }

  @Test
  void aMissingCaseFolderIsABadInput() {
    CliRun.Result result = dnc("investigate", dir.resolve("nowhere").toString(), "--output", dir.resolve("out").toString());
    assertThat(result.exit()).isEqualTo(3);
    assertThat(result.err()).contains("INPUT_NOT_FOUND").contains("not a folder");
  }

  @Test
  void callsWithoutARegisterAreWrongUsage() throws IOException {
    Path caseDir = Files.createDirectories(dir.resolve("case"));
    Files.writeString(caseDir.resolve("a.csv"), "phone\n3331234567\n");
    Files.writeString(dir.resolve("calls.csv"), "call_id,operator,callee,started_at\n");
    CliRun.Result result = dnc("investigate", caseDir.toString(), "--calls", dir.resolve("calls.csv").toString(),
        "--output", dir.resolve("out").toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("INVALID_ARGUMENT").contains("--register");
  }
}
