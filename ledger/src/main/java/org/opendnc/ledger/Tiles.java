package org.opendnc.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A log's resources as c2sp.org/tlog-tiles serves them: the checkpoint, hash tiles and entry
 * bundles, as bytes for a path. What an HTTP server or a mirror copies. Thread-safe.
 */
public final class Tiles implements TileSource {

  /*
   * Served from the log's current tree: a full tile or bundle once it is full, and any partial
   * prefix of a tile the tree has (so the partial tiles of every earlier checkpoint stay
   * available, as the spec requires). Full tiles come from the log's tile cache or storage, partial
   * hash tiles from its right edge, bundles from the stored entries.
   */

  /** The path of the checkpoint. */
  public static final String CHECKPOINT_PATH = "checkpoint";

  private final TransparencyLog log;

  public Tiles(TransparencyLog log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public byte[] checkpoint() {
    return log.checkpointNote().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The resource at {@code path} (relative to the log's prefix): {@code checkpoint}, a tile or a
   * bundle; {@code null} if the log has no such resource yet.
   *
   * @throws IllegalArgumentException if the path is not a tlog-tiles path
   */
  public byte[] read(String path) {
    return CHECKPOINT_PATH.equals(path) ? checkpoint() : read(TilePath.parse(path));
  }

  @Override
  public byte[] read(TilePath path) {
    TransparencyLog.State current = log.state();
    long available = current.size() >>> (path.level() * TilePath.HEIGHT);
    if (path.level() * TilePath.HEIGHT >= 63 || available < path.width()
        || path.index() > (available - path.width()) >>> TilePath.HEIGHT) {
      return null;
    }
    if (path.entries()) {
      return EntryBundle.encode(
          log.storedEntries(path.index() * TilePath.FULL_WIDTH, path.width()));
    }
    byte[] hashes = log.tileHashes(current, path.level(), path.index());
    return Arrays.copyOf(hashes, path.width() * Rfc6962.HASH_BYTES);
  }
}
