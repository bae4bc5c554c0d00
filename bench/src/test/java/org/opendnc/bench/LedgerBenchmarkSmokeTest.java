package org.opendnc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger benchmark at tiny sizes: it runs, checks its answers, and reuses its stored log. */
class LedgerBenchmarkSmokeTest {
  @TempDir Path directory;

  @Test
  void appendsAndProofsRunAndVerifyOnATinyLog() throws Exception {
    LedgerBenchmark.Options options = LedgerBenchmark.Options.parse("--dir", directory.toString(),
        "--append-seconds", "1", "--warmup-seconds", "0", "--proof-size", "3000", "--fill-batch", "700",
        "--proofs", "50");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    LedgerBenchmark.Figures figures =
        LedgerBenchmark.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(figures.appends()).hasSize(1);
    assertThat(figures.appends().get(0).entries()).isPositive();
    assertThat(figures.appends().get(0).checkpoints()).isPositive();
    assertThat(figures.proofs().size()).isEqualTo(3000);
    assertThat(figures.proofs().inclusion().sorted()).hasSize(50);
    assertThat(figures.proofs().consistency().sorted()).hasSize(50);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("appends/s integrated", "100 inclusion proofs", "filled 3,000 of 3,000", "every proof verified");

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    LedgerBenchmark.run(LedgerBenchmark.Options.parse("--dir", directory.toString(), "--only", "proofs",
        "--proof-size", "3000", "--proofs", "10"), new PrintStream(again, true, StandardCharsets.UTF_8));
    assertThat(again.toString(StandardCharsets.UTF_8)).contains("reusing the stored log of 3,000 entries");
  }

  @Test
  void optionsRejectUnknownDatabasesAndOptions() {
    assertThat(LedgerBenchmark.Options.parse("--proof-size", "100M", "--rate", "20k").proofSize()).isEqualTo(100_000_000);
    assertThatThrownBy(() -> LedgerBenchmark.Options.parse("--database", "mysql"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sqlite and/or postgresql");
    assertThatThrownBy(() -> LedgerBenchmark.Options.parse("--sizes", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --sizes");
  }
}
