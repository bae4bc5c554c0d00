package org.opendnc.core.number;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Hostile cells: a corpus from test resources, long and invalid byte sequences, many threads. */
class NumberParserAdversarialTest {

  private static final List<NumberParser> PARSERS =
      List.of("IT", "US", "GB", "FR", "CA").stream().map(NumberParser::forRegion).toList();

  @Test
  void corpusCellsGiveTheReferenceAnswer() throws IOException {
    List<String> cells = corpus();
    assertThat(cells).hasSizeGreaterThan(50);
    for (NumberParser parser : PARSERS) {
      for (String cell : cells) {
        assertAgrees(parser, cell);
      }
    }
  }

  @Test
  void longAndRepetitiveCells() {
    List<String> cells =
        List.of(
            "3".repeat(250),
            "3".repeat(251),
            "+39 333 1234567" + " ".repeat(240),
            " ".repeat(300) + "+39 333 1234567",
            "+39 333 1234567" + "-".repeat(236),
            "+39 333 1234567" + "-".repeat(237),
            "1".repeat(10_000),
            "+".repeat(300),
            "(".repeat(300) + "3331234567");
    for (NumberParser parser : PARSERS) {
      for (String cell : cells) {
        assertAgrees(parser, cell);
      }
    }
  }

  @Test
  void invalidUtf8IsDecodedWithReplacementCharacters() {
    byte[][] cells = {
      {(byte) 0xff, '3', '3', '3', '1', '2', '3', '4', '5', '6', '7'},
      {'3', '3', '3', (byte) 0xc3, '1', '2', '3', '4', '5', '6', '7'},
      {'+', '3', '9', ' ', '3', '3', '3', '1', '2', '3', '4', '5', '6', '7', (byte) 0xe2, 0},
      {(byte) 0xef, (byte) 0xbc, (byte) 0x8b, '3', '9', '3', '3', '3', '1', '2', '3', '4', '5', '6'}
    };
    for (NumberParser parser : PARSERS) {
      for (byte[] cell : cells) {
        String decoded = new String(cell, StandardCharsets.UTF_8);
        long expected =
            LibphonenumberReference.e164(LibphonenumberReference.parse(decoded, parser.region()));
        assertThat(parser.parseE164(cell, 0, cell.length)).isEqualTo(expected);
      }
    }
  }

  @Test
  void sharedParsersGiveTheSameAnswersOnManyThreads() throws Exception {
    NumberParser parser = NumberParser.forRegion("IT");
    NumberInputGenerator generator = new NumberInputGenerator(99, "IT");
    String[] inputs = new String[20_000];
    long[] expected = new long[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = generator.next();
      expected[i] = parser.parseE164(inputs[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  int mismatches = 0;
                  for (int i = 0; i < inputs.length; i++) {
                    int at = (i + offset * 5_000) % inputs.length;
                    byte[] bytes = inputs[at].getBytes(StandardCharsets.UTF_8);
                    if (parser.parseE164(bytes, 0, bytes.length) != expected[at]) {
                      mismatches++;
                    }
                  }
                  return mismatches;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertAgrees(NumberParser parser, String cell) {
    long expected = LibphonenumberReference.parse(cell, parser.region());
    long fast = parser.fastPath(cell);
    if (fast != NumberParser.FELL_BACK) {
      assertThat(fast).as("%s fast path [%s]", parser.region(), cell).isEqualTo(expected);
    }
    byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parseE164(bytes, 0, bytes.length))
        .as("%s [%s]", parser.region(), cell)
        .isEqualTo(LibphonenumberReference.e164(expected));
    assertThat(parser.parseE164(cell)).isEqualTo(LibphonenumberReference.e164(expected));
    assertThat(parser.parse(cell).isPresent()).isEqualTo(expected != NumberParser.INVALID);
  }

  private static List<String> corpus() throws IOException {
    try (InputStream in =
        NumberParserAdversarialTest.class.getResourceAsStream("/number/malformed-cells.txt")) {
      assertThat(in).as("corpus resource").isNotNull();
      List<String> cells = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
        if (!line.startsWith("#")) {
          cells.add(unescape(line));
        }
      }
      return cells;
    }
  }

  private static String unescape(String line) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c != '\\' || i + 1 == line.length()) {
        out.append(c);
        continue;
      }
      char next = line.charAt(++i);
      switch (next) {
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case '0' -> out.append('\0');
        case '"' -> out.append('"');
        case 'u' -> {
          out.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append('\\').append(next);
      }
    }
    return out.toString();
  }
}
