package org.opendnc.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opendnc.core.error.DncException;

/** The 64-byte mask scanner against the byte-by-byte state machine it replaces on the hot path. */
class RowScannerTest {

  /** What a scan of a whole buffer gives: per row, its end, phone cell and quoted line feeds. */
  private record Rows(List<String> rows, String error) {}

  private static Rows scan(byte[] b, int limit, boolean eof, byte delimiter, int column, boolean reference) {
    RowScanner scanner = new RowScanner(delimiter, column);
    List<String> rows = new ArrayList<>();
    int p = 0;
    long line = 2;
    try {
      while (p < limit) {
        int end = reference ? scanner.scalar(b, p, limit, eof, line) : scanner.next(b, p, limit, eof, line);
        if (end < 0) {
          rows.add("more@" + p);
          break;
        }
        rows.add(p + "-" + end + " phone " + scanner.phoneStart + ".." + scanner.phoneEnd + " nl "
            + scanner.newlinesInRow);
        line += 1 + scanner.newlinesInRow;
        p = end < limit ? end + 1 : end;
      }
      return new Rows(rows, null);
    } catch (DncException e) {
      return new Rows(rows, e.code() + ": " + e.getMessage());
    }
  }

  private static void assertAgrees(byte[] b, int limit, boolean eof, byte delimiter, int column) {
    Rows expected = scan(b, limit, eof, delimiter, column, true);
    Rows actual = scan(b, limit, eof, delimiter, column, false);
    assertThat(actual)
        .as("delimiter '%c', column %d, eof %s, input %s", (char) delimiter, column, eof,
            new String(b, 0, limit, StandardCharsets.ISO_8859_1).replace("\n", "\\n"))
        .isEqualTo(expected);
  }

  @Test
  void agreesWithTheStateMachineOnRandomRowsWithQuotesAnywhere() {
    Random random = new Random(64);
    byte[] delimiters = {',', ';', '\t', '|'};
    // Quotes, delimiters, line feeds and CRs are frequent so that every mix falls within 64 bytes
    // and across block boundaries: quoted fields, doubled quotes, stray quotes mid-field and after
    // a closing quote, empty fields, rows shorter than the phone column.
    for (int round = 0; round < 20_000; round++) {
      byte delimiter = delimiters[random.nextInt(delimiters.length)];
      int length = random.nextInt(round % 10 == 0 ? 600 : 140);
      byte[] b = new byte[length + 8];
      for (int i = 0; i < length; i++) {
        int kind = random.nextInt(round % 3 == 0 ? 40 : 12);
        b[i] = switch (kind) {
          case 0 -> delimiter;
          case 1 -> (byte) '\n';
          case 2 -> (byte) '"';
          case 3 -> (byte) '\r';
          default -> (byte) ('0' + random.nextInt(10));
        };
      }
      // Bytes past the limit must not be read as part of the list.
      for (int i = length; i < b.length; i++) {
        b[i] = random.nextBoolean() ? (byte) '\n' : (byte) '"';
      }
      int column = random.nextInt(4);
      assertAgrees(b, length, random.nextBoolean(), delimiter, column);
    }
  }

  @Test
  void agreesOnListsShapedLikeRealOnesAcrossEveryBlockOffset() {
    String list = "1,Vincenzo,Lombardo,331-783-5114,Siracusa\n"
        + "2,Lorenzo,Monti,\"392 7656156\",Trento\r\n"
        + "3,\"Rossi, \"\"Mario\"\"\nII\",x,3505435685,Messina\n"
        + "4,Vincenzo,Giuliani,339.869.6247,Udine\n"
        + "5,12\" screen,b,+39 06 1234 5678,Roma\n"
        + "6,\"a\"b\"c,d\n"
        + "7,short\n"
        + "\n"
        + "8,\"\",\"\",\"\"\"\",end";
    for (int shift = 0; shift < 70; shift++) {
      String shifted = "p".repeat(shift) + "\n" + list;
      byte[] b = shifted.getBytes(StandardCharsets.UTF_8);
      for (int column = 0; column < 6; column++) {
        assertAgrees(b, b.length, true, (byte) ',', column);
        assertAgrees(b, b.length, false, (byte) ',', column);
        assertAgrees(b, b.length - 5, false, (byte) ',', column);
      }
    }
  }

  @Test
  void findsThePhoneCellAndTheQuotedLineFeeds() {
    byte[] b = "a,\"x\ny\",+39 333,z\nb,c\n".getBytes(StandardCharsets.UTF_8);
    RowScanner scanner = new RowScanner((byte) ',', 2);
    int end = scanner.next(b, 0, b.length, true, 2);
    assertThat(end).isEqualTo(17);
    assertThat(new String(b, scanner.phoneStart, scanner.phoneEnd - scanner.phoneStart, StandardCharsets.UTF_8))
        .isEqualTo("+39 333");
    assertThat(scanner.newlinesInRow).isEqualTo(1);
    assertThat(scanner.next(b, 18, b.length, true, 4)).isEqualTo(21);
    assertThat(scanner.phoneStart).as("a row with two fields has no third").isEqualTo(-1);
  }

  @Test
  void aQuoteThatNeverClosesIsAnErrorAtTheEndOfTheFileAndMoreInputBefore() {
    byte[] b = "1,\"open,333\nnext\n".getBytes(StandardCharsets.UTF_8);
    RowScanner scanner = new RowScanner((byte) ',', 2);
    assertThat(scanner.next(b, 0, b.length, false, 7)).isEqualTo(-1);
    scanner.reset();
    assertThatThrownBy(() -> scanner.next(b, 0, b.length, true, 7))
        .isInstanceOf(DncException.class)
        .hasMessageContaining("line 7: a quoted field is never closed");
  }

  @Test
  void aRefilledBufferIsClassifiedAgain() {
    byte[] b = "1,a,333\n2,b,444\n".getBytes(StandardCharsets.UTF_8);
    RowScanner scanner = new RowScanner((byte) ',', 2);
    assertThat(scanner.next(b, 0, b.length, false, 2)).isEqualTo(7);
    // The same array now holds other bytes (a refill moved the rest to the front).
    byte[] refilled = "2,bb,4444\n".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(refilled, 0, b, 0, refilled.length);
    scanner.reset();
    assertThat(scanner.next(b, 0, refilled.length, true, 3)).isEqualTo(9);
    assertThat(scanner.phoneStart).isEqualTo(5);
  }
}
