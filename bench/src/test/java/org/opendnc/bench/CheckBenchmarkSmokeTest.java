package org.opendnc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.sample.SampleData.Profile;

/**
 * The only test of this module in the normal build: tiny sizes, every in-process contender, answers
 * compared. PostgreSQL joins with -Dbench.pg=true.
 */
class CheckBenchmarkSmokeTest {
  @TempDir Path directory;

  @Test
  void contendersAgreeOnATinyItalianList() throws Exception {
    CheckBenchmark.Options options = CheckBenchmark.Options.parse(
        "--register-size", "2000", "--list-size", "1000", "--runs", "2", "--warmup", "1", "--dir",
        directory.toString(), "--registered-share", "0.3");
    List<Contender> contenders = new ArrayList<>();
    contenders.add(new NaiveContender(Profile.IT));
    contenders.add(new DuckDbContender(Profile.IT, directory.resolve("duckdb-tmp"), "1GB"));
    if (Boolean.getBoolean("bench.pg")) {
      contenders.add(new PostgresContender(Profile.IT, directory.resolve("postgres-data")));
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      List<CheckBenchmark.Row> rows =
          CheckBenchmark.run(options, contenders, new PrintStream(printed, true, StandardCharsets.UTF_8));
      Contender.Result naive = rows.get(0).result();
      assertThat(naive.rows()).isEqualTo(1000);
      assertThat(naive.blocked()).isBetween(250L, 350L);
      assertThat(naive.invalid()).isBetween(1L, 30L);
      for (CheckBenchmark.Row row : rows) {
        assertThat(row.result().blocked()).isEqualTo(naive.blocked());
      }
    } finally {
      for (Contender contender : contenders) {
        contender.close();
      }
    }
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("median s", "naive", "duckdb", "warm-up 1 naive", "warm-up 1 duckdb", "2 runs after 1 untimed")
        .doesNotContain("run 3 ");
  }

  @Test
  void aContenderThatBlocksOtherRowsFailsTheBenchmark() throws Exception {
    CheckBenchmark.Options options = CheckBenchmark.Options.parse(
        "--register-size", "2000", "--list-size", "500", "--runs", "1", "--dir", directory.toString());
    List<Contender> contenders = List.of(new NaiveContender(Profile.IT), new TestingWrongContender());
    assertThatThrownBy(() -> CheckBenchmark.run(options, contenders,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isInstanceOf(CheckBenchmark.AnswerMismatchException.class)
        .hasMessageContaining("wrong");
  }

  @Test
  void optionsAcceptSuffixesAndRejectUnknownOnes() {
    CheckBenchmark.Options options = CheckBenchmark.Options.parse("--register-size", "30M", "--list-size", "500k");
    assertThat(options.registerSize()).isEqualTo(30_000_000);
    assertThat(options.listSize()).isEqualTo(500_000);
    assertThat(options.directory()).isEqualTo(Path.of("bench-data"));
    assertThat(options.warmups()).isZero();
    assertThatThrownBy(() -> CheckBenchmark.Options.parse("--warmup", "-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--warmup must be 0 or more");
    assertThatThrownBy(() -> CheckBenchmark.Options.parse("--sizes", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --sizes");
  }

  /** Calls every valid number callable: the right row count, the wrong answer. */
  private static final class TestingWrongContender implements Contender {
    private final NaiveContender naive = new NaiveContender(Profile.IT);

    @Override
    public String name() {
      return "wrong";
    }

    @Override
    public void prepare(Path registerCsv) {}

    @Override
    public Result check(Path listCsv, Path output) throws Exception {
      naive.prepare(Files.writeString(output.resolveSibling("empty-register.csv"), "number,registered_at,channel\n"));
      return naive.check(listCsv, output);
    }
  }
}
