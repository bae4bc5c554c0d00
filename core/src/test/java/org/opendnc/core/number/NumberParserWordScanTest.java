package org.opendnc.core.number;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path's two-word scan of short cells answers exactly as its byte loop, which stays the
 * reference: same result, same INVALID and FELL_BACK, for cells of every shape and position.
 */
class NumberParserWordScanTest {

  private static final List<NumberParser> PARSERS =
      List.of("IT", "US", "GB", "FR", "DE", "CA", "AU").stream()
          .map(NumberParser::forRegion)
          .toList();
  private static final String[] PREFIXES = {
    "", "", "", "+39", "+39 ", "0039", "0039 ", "+1", "+44 ", "011", "00", "+", "++39", "(+39) "
  };
  private static final String SEPARATORS = " .-()/";
  private static final String[] ODD_PIECES = {
    "+", "a", "x", "O", "l", "#", ",", ";", "*", "~", "\t", "é", "\uff13", "\uff0b", "'", "\""
  };
  private static final String[] EDGES = {"", "", " ", "  ", "\"", "'", "\t", " \"", "\" "};

  @Test
  void wordScanAgreesWithTheByteLoop() {
    Random random = new Random(20261129);
    int cells = 0;
    int valid = 0;
    for (int i = 0; i < 300_000; i++) {
      String cell = cell(random);
      byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
      NumberParser parser = PARSERS.get(random.nextInt(PARSERS.size()));
      // Inside a buffer whose following bytes are arbitrary (often non-ASCII), and at its end.
      int before = random.nextInt(20);
      int after = random.nextInt(4) == 0 ? 0 : random.nextInt(24);
      byte[] buf = new byte[before + bytes.length + after];
      random.nextBytes(buf);
      System.arraycopy(bytes, 0, buf, before, bytes.length);
      long expected = parser.byteLoop(buf, before, bytes.length);
      assertThat(parser.fastPath(buf, before, bytes.length))
          .as("%s [%s] with %d bytes after", parser.region(), cell, after)
          .isEqualTo(expected);
      cells++;
      valid += expected > 0 ? 1 : 0;
    }
    assertThat(valid).as("valid cells of %d", cells).isGreaterThan(cells / 10);
  }

  @Test
  void cellsAroundTheWordLimit() {
    String[] cells = {
      "",
      " ",
      "\"\"",
      "+",
      "3",
      "33",
      "3 3",
      "+33",
      "333",
      "3331234567",
      "+39 333 1234567",
      "+39 333 12345678",
      "+39 333 123456789",
      "0039 33312345678",
      "0039 333123456789",
      "(06) 1234 5678",
      "(+39) 06.1234.567",
      "06.1234.5678",
      " \"392 7656156\" ",
      "3331234567890123",
      "33312345678901234",
      "333 1234567 é",
      "é333 1234567",
      "\uff13\uff13\uff13 1234567",
      "+39 333 123+4567",
      "39+3331234567",
      "- +39 333 1234567",
      "333 l234567",
      "ANONIMO",
      "n.d."
    };
    for (NumberParser parser : PARSERS) {
      for (String cell : cells) {
        byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
        for (int after = 0; after <= 17; after++) {
          byte[] buf = new byte[bytes.length + after];
          System.arraycopy(bytes, 0, buf, 0, bytes.length);
          for (int i = bytes.length; i < buf.length; i++) {
            buf[i] = (byte) (i % 2 == 0 ? '7' : 0xC3);
          }
          assertThat(parser.fastPath(buf, 0, bytes.length))
              .as("%s [%s] with %d bytes after", parser.region(), cell, after)
              .isEqualTo(parser.byteLoop(buf, 0, bytes.length));
        }
      }
    }
  }

  @Test
  void commonFormsAreParsed() {
    NumberParser italy = PARSERS.get(0);
    String[] cells = {
      "331-783-5114", "\"392 7656156\"", "3505435685", "339.869.6247", "+39 333 1234567",
      "0039 3331234567", "(06) 1234 5678", "06.1234.5678"
    };
    long[] expected = {
      393317835114L, 393927656156L, 393505435685L, 393398696247L, 393331234567L, 393331234567L,
      390612345678L, 390612345678L
    };
    for (int i = 0; i < cells.length; i++) {
      byte[] bytes = (cells[i] + ",Roma,0123456789\n").getBytes(StandardCharsets.UTF_8);
      int length = cells[i].length();
      assertThat(italy.fastPath(bytes, 0, length) & LibphonenumberReference.E164_MASK)
          .as(cells[i])
          .isEqualTo(expected[i]);
    }
  }

  /** A short cell: a number in one of the list forms, then perturbed at random places. */
  private static String cell(Random random) {
    StringBuilder digits = new StringBuilder();
    int length = random.nextInt(8) == 0 ? random.nextInt(18) : 6 + random.nextInt(6);
    if (length > 0 && random.nextBoolean()) {
      digits.append(random.nextBoolean() ? '3' : '0');
    }
    while (digits.length() < length) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    StringBuilder cell = new StringBuilder(PREFIXES[random.nextInt(PREFIXES.length)]);
    for (int i = 0; i < digits.length(); i++) {
      cell.append(digits.charAt(i));
      if (random.nextInt(5) == 0) {
        cell.append(SEPARATORS.charAt(random.nextInt(SEPARATORS.length())));
      }
    }
    if (random.nextInt(3) == 0) {
      cell.insert(random.nextInt(cell.length() + 1), SEPARATORS.charAt(random.nextInt(6)));
    }
    if (random.nextInt(6) == 0) {
      cell.insert(random.nextInt(cell.length() + 1), ODD_PIECES[random.nextInt(ODD_PIECES.length)]);
    }
    return EDGES[random.nextInt(EDGES.length)] + cell + EDGES[random.nextInt(EDGES.length)];
  }
}
