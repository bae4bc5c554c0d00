package org.opendnc.ledger;

import java.io.IOException;
import java.util.Arrays;

/**
 * Where a tiled log's resources are read from: a running log ({@link Tiles}) or a mirror on disk
 * ({@link TileDirectory}).
 */
public interface TileSource {

  /**
   * The signed checkpoint note.
   *
   * @throws IOException if it cannot be read or is missing
   */
  byte[] checkpoint() throws IOException;

  /**
   * The bytes of a tile or entry bundle, or {@code null} if this source does not have it.
   *
   * @throws IOException if it exists but cannot be read
   */
  byte[] read(TilePath path) throws IOException;

  /**
   * The bytes of {@code path}, or for a partial tile or bundle this source no longer has, the
   * prefix of the full one that replaced it (as tlog-tiles clients may fetch); {@code null} if
   * neither is here. The full tile is not checked beyond its prefix.
   *
   * @throws IOException if a resource exists but cannot be read
   * @throws IllegalArgumentException if the full entry bundle is malformed
   */
  default byte[] readOrCutFromFull(TilePath path) throws IOException {
    byte[] bytes = read(path);
    if (bytes != null || !path.isPartial()) {
      return bytes;
    }
    byte[] full = read(path.full());
    if (full == null) {
      return null;
    }
    if (path.entries()) {
      return EntryBundle.encode(EntryBundle.decode(full, TilePath.FULL_WIDTH).subList(0, path.width()));
    }
    int length = path.width() * Rfc6962.HASH_BYTES;
    return full.length < length ? full : Arrays.copyOf(full, length);
  }
}
