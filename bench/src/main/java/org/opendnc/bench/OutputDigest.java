package org.opendnc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a result file says, independent of row order and quoting: counts per verdict and an
 * order-independent digest of the ids (first column) of each verdict's rows.
 */
record OutputDigest(long rows, long callable, long blocked, long invalid, long callableIds, long blockedIds,
    long invalidIds, long badRows) {

  /** Reads a result file whose last three columns are e164, verdict, reason. */
  static OutputDigest of(Path output, int inputColumns) throws IOException {
    long rows = 0;
    long[] counts = new long[3];
    long[] ids = new long[3];
    long badRows = 0;
    try (BufferedReader reader = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows++;
        List<String> fields = CsvFields.split(line);
        if (fields.size() != inputColumns + 3) {
          badRows++;
          continue;
        }
        int verdict = switch (fields.get(fields.size() - 2)) {
          case Contender.CALLABLE -> 0;
          case Contender.BLOCKED -> 1;
          case Contender.INVALID -> 2;
          default -> -1;
        };
        if (verdict < 0) {
          badRows++;
          continue;
        }
        counts[verdict]++;
        ids[verdict] += mix(Long.parseLong(fields.get(0)));
      }
    }
    return new OutputDigest(rows, counts[0], counts[1], counts[2], ids[0], ids[1], ids[2], badRows);
  }

  Contender.Result counts() {
    return new Contender.Result(callable + blocked + invalid, callable, blocked, invalid);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
