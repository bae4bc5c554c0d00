package org.opendnc.core.number;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Throwaway timing loop (not a test, not a benchmark): ns per number of the fast path and of the
 * libphonenumber reference on the common Italian forms. Run from the core module with
 * {@code java -cp target/classes:target/test-classes:<libphonenumber jar>
 * org.opendnc.core.number.NumberParserTiming [count] [form]}, or with {@code --list <csv> [cells]
 * [rounds]} to time parseE164 on the phone cells (4th column, raw field bytes, quotes included, as
 * ListChecker hands them over) of the first rows of a real list file. JMH benchmarks belong in
 * bench.
 */
final class NumberParserTiming {

  private NumberParserTiming() {}

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals("--list")) {
      timeListCells(
          Path.of(args[1]),
          args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000,
          args.length > 3 ? Integer.parseInt(args[3]) : 15);
      return;
    }
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    NumberParser parser = NumberParser.forRegion("IT");
    int form = args.length > 1 ? Integer.parseInt(args[1]) : -1;
    String[] rows = commonItalianForms(new Random(42), count, form);
    byte[][] bytes = new byte[count][];
    for (int i = 0; i < count; i++) {
      bytes[i] = rows[i].getBytes(StandardCharsets.UTF_8);
    }
    // One contiguous buffer with cell offsets, as a CSV reader sees the data.
    int total = 0;
    for (byte[] row : bytes) {
      total += row.length + 1;
    }
    byte[] csv = new byte[total];
    int[] offsets = new int[count + 1];
    int position = 0;
    for (int i = 0; i < count; i++) {
      offsets[i] = position;
      System.arraycopy(bytes[i], 0, csv, position, bytes[i].length);
      position += bytes[i].length;
      csv[position++] = '\n';
    }
    offsets[count] = position;
    long checksum = 0;
    int fallbacks = 0;
    for (int i = 0; i < count; i++) {
      if (parser.fastPath(bytes[i], 0, bytes[i].length) == NumberParser.FELL_BACK) {
        fallbacks++;
      }
    }
    for (int round = 0; round < 7; round++) {
      long start = System.nanoTime();
      for (byte[] row : bytes) {
        checksum += parser.parseE164(row, 0, row.length);
      }
      long bytesNanos = System.nanoTime() - start;
      start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        checksum += parser.parseE164(csv, offsets[i], offsets[i + 1] - offsets[i] - 1);
      }
      long csvNanos = System.nanoTime() - start;
      start = System.nanoTime();
      for (String row : rows) {
        checksum += parser.parseE164(row);
      }
      long textNanos = System.nanoTime() - start;
      System.out.printf(
          "round %d: parseE164 ns/number: byte[] per row %.1f, one CSV buffer %.1f, text %.1f%n",
          round,
          (double) bytesNanos / count,
          (double) csvNanos / count,
          (double) textNanos / count);
    }
    int referenceCount = Math.min(count, 200_000);
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < referenceCount; i++) {
        checksum += LibphonenumberReference.parse(rows[i], "IT");
      }
      long nanos = System.nanoTime() - start;
      System.out.printf(
          "round %d: reference %.1f ns/number%n", round, (double) nanos / referenceCount);
    }
    int agree = 0;
    for (int i = 0; i < referenceCount; i++) {
      long expected = LibphonenumberReference.parse(rows[i], "IT");
      if (parser.parseE164(rows[i]) == LibphonenumberReference.e164(expected)) {
        agree++;
      }
    }
    System.out.printf(
        "fast path fell back on %d of %d; agreement %d of %d; checksum %d%n",
        fallbacks, count, agree, referenceCount, checksum);
  }

  /**
   * Valid and invalid numbers from real Italian prefixes in the forms a CSV list carries: all
   * forms mixed (onlyForm -1) or one form throughout.
   */
  static String[] commonItalianForms(Random random, int count, int onlyForm) {
    String[] mobilePrefixes = {
      "320", "328", "333", "338", "340", "347", "349", "366", "380", "393"
    };
    String[] fixedPrefixes = {"02", "06", "011", "051", "055", "081", "0432", "0471"};
    String[] rows = new String[count];
    for (int i = 0; i < count; i++) {
      boolean mobile = random.nextInt(3) != 0;
      String prefix = mobile
          ? mobilePrefixes[random.nextInt(mobilePrefixes.length)]
          : fixedPrefixes[random.nextInt(fixedPrefixes.length)];
      StringBuilder nsn = new StringBuilder(prefix);
      int length = mobile ? 10 : 10 - (random.nextInt(8) == 0 ? 1 : 0);
      while (nsn.length() < length) {
        nsn.append((char) ('0' + random.nextInt(10)));
      }
      String n = nsn.toString();
      int form = onlyForm >= 0 ? onlyForm : random.nextInt(8);
      rows[i] = switch (form) {
        case 0 -> "+39" + n;
        case 1 -> "+39 " + n.substring(0, 3) + " " + n.substring(3);
        case 2 -> "0039" + n;
        case 3 -> n.substring(0, 3) + "-" + n.substring(3, 6) + "-" + n.substring(6);
        case 4 -> "(" + n.substring(0, 2) + ") " + n.substring(2);
        case 5 -> "\"" + n + "\"";
        case 6 -> n.substring(0, 2) + "." + n.substring(2, 6) + "." + n.substring(6);
        default -> n;
      };
    }
    return rows;
  }

  /**
   * Times parseE164 over the phone cells of the first rows of a list file, read in place from one
   * buffer holding those rows (so the bytes after each cell are the real rest of its row), and
   * prints each round, the median and a checksum of all answers (equal checksums: same answers).
   */
  private static void timeListCells(Path file, int cells, int rounds) throws IOException {
    byte[] buf;
    try (InputStream in = Files.newInputStream(file)) {
      buf = in.readNBytes(cells * 64 + (1 << 20));
    }
    int[] from = new int[cells];
    int[] length = new int[cells];
    int found = 0;
    int p = skipLine(buf, 0); // header
    while (found < cells && p < buf.length) {
      int field = 0;
      int fieldStart = p;
      boolean quoted = false;
      int q = p;
      for (; q < buf.length && (quoted || buf[q] != '\n'); q++) {
        if (buf[q] == '"') {
          quoted = !quoted;
        } else if (buf[q] == ',' && !quoted) {
          if (field == 3 && !isBlank(buf, fieldStart, q)) { // ListChecker parses no blank cell
            from[found] = fieldStart;
            length[found++] = q - fieldStart;
          }
          field++;
          fieldStart = q + 1;
        }
      }
      if (q >= buf.length) {
        break; // the last row may be cut off
      }
      p = q + 1;
    }
    NumberParser parser = NumberParser.forRegion("IT");
    long checksum = 0;
    int invalid = 0;
    int fellBack = 0;
    for (int i = 0; i < found; i++) {
      long e164 = parser.parseE164(buf, from[i], length[i]);
      checksum = checksum * 31 + e164;
      invalid += e164 == NumberParser.INVALID ? 1 : 0;
      fellBack += parser.fastPath(buf, from[i], length[i]) == NumberParser.FELL_BACK ? 1 : 0;
    }
    double[] nanosPerCell = new double[rounds];
    long sink = 0;
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < found; i++) {
        sink += parser.parseE164(buf, from[i], length[i]);
      }
      nanosPerCell[round] = (double) (System.nanoTime() - start) / found;
      System.out.printf("round %d: parseE164 %.2f ns/cell%n", round, nanosPerCell[round]);
    }
    double[] sorted = nanosPerCell.clone();
    Arrays.sort(sorted);
    double[] last = Arrays.copyOfRange(nanosPerCell, rounds / 2, rounds);
    Arrays.sort(last);
    System.out.printf(
        "%d cells: median %.2f ns/cell (all rounds), %.2f (last %d rounds); invalid %d, fell back"
            + " %d; checksum %d (sink %d)%n",
        found, sorted[rounds / 2], last[last.length / 2], last.length, invalid, fellBack, checksum,
        sink);
  }

  private static boolean isBlank(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '"' && buf[i] != '\'') {
        return false;
      }
    }
    return true;
  }

  private static int skipLine(byte[] buf, int p) {
    while (p < buf.length && buf[p] != '\n') {
      p++;
    }
    return p + 1;
  }
}
