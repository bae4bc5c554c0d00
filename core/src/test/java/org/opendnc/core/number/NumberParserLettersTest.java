package org.opendnc.core.number;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Cells with a few stray letters ("339 869 624l", "331 783 O114"): the fast path drops them as
 * libphonenumber does, or falls back, and always agrees with the reference.
 */
class NumberParserLettersTest {

  private static final List<String> REGIONS =
      List.of("IT", "US", "GB", "FR", "CA", "DE", "AU", "BR", "AR", "IN", "JP", "RU");
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String[] PREFIXES = {"", "", "+39 ", "0039 ", "+1 ", "+44 ", "0", "00", "+"};
  private static final String SEPARATORS = " .-()/";

  @Test
  void typosInItalianCellsAreDecidedByTheFastPath() {
    NumberParser italy = NumberParser.forRegion("IT");
    String[] cells = {"331 783 O114", "392 765 6l56", "339 869 624l", "+39 333 l234567", "333O"};
    for (String cell : cells) {
      long expected = LibphonenumberReference.parse(cell, "IT");
      byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
      assertThat(italy.fastPath(bytes, 0, bytes.length)).as(cell).isEqualTo(expected);
      assertThat(italy.fastPath(cell)).as(cell).isEqualTo(expected);
    }
    assertThat(italy.fastPath("331 783 O114") & LibphonenumberReference.E164_MASK)
        .isEqualTo(39331783114L);
    assertThat(italy.fastPath("33O 1234567")).isEqualTo(NumberParser.INVALID);
    assertThat(italy.fastPath("333 OOO 4567")).isEqualTo(NumberParser.FELL_BACK);
    assertThat(italy.fastPath("333 123 4567 x12")).isEqualTo(NumberParser.FELL_BACK);
  }

  @Test
  void cellsWithLettersAgreeWithLibphonenumber() {
    Random random = new Random(0x1e77e25L);
    int decided = 0;
    int total = 0;
    for (String region : REGIONS) {
      NumberParser parser = NumberParser.forRegion(region);
      for (int i = 0; i < 3_000; i++) {
        String cell = cell(random);
        long expected = LibphonenumberReference.parse(cell, region);
        byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
        long fastBytes = parser.fastPath(bytes, 0, bytes.length);
        long fastText = parser.fastPath(cell);
        assertThat(fastText).as("%s [%s] bytes vs text", region, cell).isEqualTo(fastBytes);
        if (fastBytes != NumberParser.FELL_BACK) {
          assertThat(fastBytes).as("%s [%s]", region, cell).isEqualTo(expected);
          decided++;
        }
        total++;
      }
    }
    assertThat(decided).as("decided of %d", total).isGreaterThan(total / 3);
  }

  /** A number in a list form with one to four letters replacing or joining characters. */
  private static String cell(Random random) {
    StringBuilder cell = new StringBuilder(PREFIXES[random.nextInt(PREFIXES.length)]);
    int length = 4 + random.nextInt(9);
    cell.append(random.nextInt(3) == 0 ? '0' : '3');
    for (int i = 1; i < length; i++) {
      cell.append((char) ('0' + random.nextInt(10)));
      if (random.nextInt(4) == 0) {
        cell.append(SEPARATORS.charAt(random.nextInt(SEPARATORS.length())));
      }
    }
    int letters = 1 + (random.nextInt(3) == 0 ? random.nextInt(4) : 0);
    for (int i = 0; i < letters; i++) {
      char letter = LETTERS.charAt(random.nextInt(LETTERS.length()));
      int at = random.nextInt(cell.length() + 1);
      if (random.nextBoolean() && at < cell.length()) {
        cell.setCharAt(at, letter);
      } else {
        cell.insert(at, letter);
      }
    }
    return random.nextInt(5) == 0 ? "\"" + cell + "\"" : cell.toString();
  }
}
