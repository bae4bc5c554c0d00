package org.opendnc.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bad rows of one input file: counted, the first few kept for the console, all written to a CSV
 * file ({@code line,reason,detail}) created on first use. Not thread-safe.
 */
public final class Rejects implements AutoCloseable {

  /** How many rejected rows are kept in memory to be shown. */
  public static final int KEPT = 20;

  private final Path file;
  private final int kept;
  private final List<RejectedRow> first = new ArrayList<>();
  private long count;
  private BufferedWriter writer;

  /** @param file where rejected rows go; {@code null} to keep only the count and the first few */
  public Rejects(Path file) {
    this(file, KEPT);
  }

  /**
   * @param file where rejected rows go; {@code null} to keep only the count and the first ones
   * @param kept how many rejected rows to keep in memory (an HTTP answer lists them)
   */
  public Rejects(Path file, int kept) {
    this.file = file;
    this.kept = kept;
  }

  public void add(long line, String reason, String detail) {
    count++;
    if (first.size() < kept) {
      first.add(new RejectedRow(line, reason, detail));
    }
    if (file == null) {
      return;
    }
    try {
      if (writer == null) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        writer.write("line,reason,detail\n");
      }
      writer.write(line + "," + reason + ",\"" + detail.replace("\"", "\"\"") + "\"\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rejects file " + file, e);
    }
  }

  public long count() {
    return count;
  }

  /** The first rejected rows (as many as this keeps), in the order they were added. */
  public List<RejectedRow> first() {
    return List.copyOf(first);
  }

  /** The rejects file, or {@code null} when none was written. */
  public Path file() {
    return writer == null ? null : file;
  }

  @Override
  public void close() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the rejects file " + file, e);
      }
    }
  }
}
