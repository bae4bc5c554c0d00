package org.opendnc.core.number;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Throwaway timing loop (not a test, not a benchmark): ns per number of the fast path and of the
 * libphonenumber reference on the common Italian forms. Run from the core module with
 * {@code java -cp target/classes:target/test-classes:<libphonenumber jar>
 * org.opendnc.core.number.NumberParserTiming [count] [form]}. JMH benchmarks belong in bench.
 */
final class NumberParserTiming {

  private NumberParserTiming() {}

  public static void main(String[] args) {
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
}
