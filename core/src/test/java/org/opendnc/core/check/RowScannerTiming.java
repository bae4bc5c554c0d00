package org.opendnc.core.check;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times {@link RowScanner#next} against {@link RowScanner#scalar} over a comma-separated list
 * held in memory. Not a unit test: run by hand, e.g.
 *
 * <pre>
 * ./mvnw -o -pl core test-compile
 * java -Xmx4g -cp core/target/classes:core/target/test-classes \
 *     org.opendnc.core.check.RowScannerTiming LIST.csv PHONE_COLUMN_INDEX
 * </pre>
 */
public final class RowScannerTiming {
  public static void main(String[] args) throws Exception {
    byte[] all = Files.readAllBytes(Path.of(args[0]));
    int column = Integer.parseInt(args[1]);
    int header = 0;
    while (all[header] != '\n') {
      header++;
    }
    for (int round = 0; round < 6; round++) {
      for (boolean reference : new boolean[] {true, false}) {
        RowScanner scanner = new RowScanner((byte) ',', column);
        long t0 = System.nanoTime();
        long rows = 0;
        long sum = 0;
        int p = header + 1;
        while (p < all.length) {
          int end = reference ? scanner.scalar(all, p, all.length, true, 0) : scanner.next(all, p, all.length, true, 0);
          sum += scanner.phoneStart;
          rows++;
          p = end + 1;
        }
        System.out.printf("%s: %.1f ns/row, %.3f s (%d rows, %d)%n", reference ? "scalar" : "masks ",
            (System.nanoTime() - t0) / (double) rows, (System.nanoTime() - t0) / 1e9, rows, sum);
      }
    }
  }
}
