package org.opendnc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consent-check benchmark at tiny sizes: it runs, checks every row, and a wrong answer fails it. */
class ConsentCheckBenchmarkSmokeTest {
  @TempDir Path directory;

  @Test
  void bothChecksRunAndEveryRowIsChecked() throws Exception {
    ConsentCheckBenchmark.Options options = ConsentCheckBenchmark.Options.parse("--dir", directory.toString(),
        "--register-size", "5000", "--list-size", "2000", "--runs", "2", "--warmup", "1", "--consents", "200", "--contracts", "40");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ConsentCheckBenchmark.Figures figures =
        ConsentCheckBenchmark.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("ratio", "every row checked against the plain run", "(20 of them given before the registration)",
        "warm-up 1 ", "run 2 ").doesNotContain("run 3 ");
    assertThat(figures.consentRows()).isGreaterThanOrEqualTo(180);
    assertThat(figures.contractRows()).isGreaterThanOrEqualTo(40);
    assertThat(figures.ratio()).isPositive();

    // Reused on a second run; and a changed answer is caught.
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    ConsentCheckBenchmark.run(options, new PrintStream(again, true, StandardCharsets.UTF_8));
    assertThat(again.toString(StandardCharsets.UTF_8)).contains("reusing the 240 ledger records");
    Path plain = directory.resolve("out/consents-plain.csv");
    Path holder = directory.resolve("out/consents-holder.csv");
    assertThat(ConsentCheckBenchmark.compare(plain, holder, figures.selection())[0]).isEqualTo(figures.consentRows());
    Files.writeString(holder, Files.readString(holder).replaceFirst("CALLABLE,CONSENT,", "CALLABLE,CONTRACT,"));
    assertThatThrownBy(() -> ConsentCheckBenchmark.compare(plain, holder, figures.selection()))
        .isInstanceOf(CheckBenchmark.AnswerMismatchException.class).hasMessageContaining("expected CALLABLE,CONSENT");
  }
}
