package org.opendnc.ledger;

import java.io.IOException;

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
}
