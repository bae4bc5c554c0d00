package org.opendnc.core.index;

import java.nio.file.Path;

/**
 * An index snapshot that cannot be used: missing, unreadable, truncated, of another format or
 * version, or damaged. The caller rebuilds the index from the event log instead.
 */
public final class SnapshotException extends Exception {

  private final Path file;

  SnapshotException(Path file, String problem) {
    super("index snapshot " + file + ": " + problem);
    this.file = file;
  }

  SnapshotException(Path file, String problem, Throwable cause) {
    super("index snapshot " + file + ": " + problem, cause);
    this.file = file;
  }

  /** The snapshot file that could not be used. */
  public Path file() {
    return file;
  }
}
