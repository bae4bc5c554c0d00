package org.opendnc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit benchmark end to end at a tiny size: it runs, verifies its sample and prints its figures. */
class AuditBenchmarkSmokeTest {

  @TempDir Path dir;

  @Test
  void runsAndChecksItsAnswers() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      new AuditBenchmark(20_000, 20_000, 5).run(dir, 5_000, 10_000);
      AuditBenchmark fromSqlite = new AuditBenchmark(5_000, 5_000, 6);
      fromSqlite.fromSqlite = true;
      fromSqlite.run(dir.resolve("sqlite"), 100, 0);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("AUDIT 20,000 calls vs 20,000-number register")
        .contains("verified 20,000 sampled calls").contains("COMPLAINTS 5,000 matched")
        .contains("SQLITE REPLAY 10,").contains("AUDIT 5,000 calls vs 5,000-number register (events from SQLite)")
        .contains("verified 20,000 sampled calls");
    assertThat(dir.resolve("verdicts.csv")).exists();
    assertThat(dir.resolve("report.pdf")).exists();
  }
}
