package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.ledger.TilePath;
import org.opendnc.ledger.Tiles;

/**
 * The consent ledger as a public, read-only c2sp.org/tlog-tiles log under {@code /ledger/}: the
 * signed checkpoint, hash tiles and entry bundles, so anyone can mirror and audit it.
 */
final class LedgerTiles {

  /*
   * tlog-tiles: the checkpoint is text/plain; charset=utf-8 and mutable (cached at most a second);
   * tiles and bundles are application/octet-stream and immutable (the bytes of a path never
   * change: a partial tile .p/W keeps its W hashes, the full tile is another path), so they carry
   * a year-long immutable Cache-Control. Entries are 32-byte salted commitments (decision 0018):
   * nothing served names a number. Bundles are not gzipped: random bytes do not compress.
   * No authentication; the per-address rate limit of every route applies (HttpSecurity). The
   * paths are taken whole from the URL (TilePath.parse rejects anything not canonical).
   */

  static final String PREFIX = "/ledger/";
  static final String CHECKPOINT_CACHE = "public, max-age=1";
  static final String TILE_CACHE = "public, max-age=31536000, immutable";

  private final Tiles tiles;

  LedgerTiles(Tiles tiles) {
    this.tiles = tiles;
  }

  void register(RoutesConfig routes) {
    routes.get("/ledger/checkpoint", this::checkpoint, Access.PUBLIC);
    routes.get("/ledger/tile/entries/<index>", this::tile, Access.PUBLIC);
    routes.get("/ledger/tile/{level}/<index>", this::tile, Access.PUBLIC);
  }

  private void checkpoint(Context ctx) {
    allowAnyOrigin(ctx);
    ctx.header("Cache-Control", CHECKPOINT_CACHE);
    ctx.contentType("text/plain; charset=utf-8").result(tiles.checkpoint());
  }

  private void tile(Context ctx) {
    String path = ctx.path().substring(PREFIX.length());
    TilePath tile;
    try {
      tile = TilePath.parse(path);
    } catch (IllegalArgumentException e) {
      throw new DncException(ErrorCode.NOT_FOUND, e.getMessage()
          + ". Paths are tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>] (c2sp.org/tlog-tiles).");
    }
    byte[] bytes = tiles.read(tile);
    if (bytes == null) {
      throw new DncException(ErrorCode.NOT_FOUND, "the log has no " + path
          + " yet: fetch /ledger/checkpoint and only the tiles its tree size needs.");
    }
    allowAnyOrigin(ctx);
    ctx.header("Cache-Control", TILE_CACHE);
    ctx.contentType("application/octet-stream").result(bytes);
  }

  private static void allowAnyOrigin(Context ctx) {
    ctx.header("Access-Control-Allow-Origin", "*");
  }
}
