package org.opendnc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SortBenchmark on 100 k keys: every variant's answer passes its check (a wrong sort throws). */
class SortBenchmarkSmokeTest {
  @Test
  void everySortVariantGivesTheCheckedAnswer() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      SortBenchmark.main(new String[] {"100k", "1"});
    } finally {
      System.setOut(original);
    }
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report).contains("100,000 Italian-shaped keys");
    assertThat(report.lines().filter(line -> line.contains(" median "))).hasSize(6);
  }
}
