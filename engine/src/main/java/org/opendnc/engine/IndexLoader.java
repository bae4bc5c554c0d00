package org.opendnc.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.index.IndexSnapshots;
import org.opendnc.core.index.OppositionIndex;
import org.opendnc.core.index.SnapshotException;
import org.opendnc.store.EventLog;

/** Loads the index: the snapshot if it is sound and belongs to this log, then the later events. */
final class IndexLoader {
  private IndexLoader() {}

  static OppositionIndex load(Path snapshot, EventLog log, Consumer<String> out) {
    long latest = log.latestSequence();
    OppositionIndex index = null;
    if (Files.exists(snapshot)) {
      try {
        index = IndexSnapshots.read(snapshot);
        if (index.version() > latest) {
          out.accept("index snapshot " + snapshot + " is ahead of the event log (version "
              + index.version() + " > " + latest + "); rebuilding the index from the log");
          index = null;
        }
      } catch (SnapshotException e) {
        out.accept("index snapshot unusable (" + e.getMessage() + "); rebuilding the index from the log");
      }
    }
    if (index == null) {
      index = OppositionIndex.empty();
    }
    long from = index.version();
    if (latest > from) {
      OppositionIndex target = index;
      log.replay(from, target::apply);
      out.accept("replayed register events " + (from + 1) + ".." + latest);
      save(index, snapshot);
    }
    return index;
  }

  /** Writes the snapshot; a failure is reported, since the index can always be rebuilt. */
  static void save(OppositionIndex index, Path snapshot) {
    try {
      IndexSnapshots.write(index, snapshot);
    } catch (IOException e) {
      throw new DncException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot write the index snapshot " + snapshot + ": " + e.getMessage()
              + ". The register is intact (the snapshot is only a cache); free disk space or fix"
              + " the data directory's permissions.",
          e);
    }
  }
}
