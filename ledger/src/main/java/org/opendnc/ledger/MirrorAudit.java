package org.opendnc.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Audits a tiled log end to end, offline: verifies its checkpoint's signature, recomputes every
 * tile from the entries up, and checks that the tiles lead to the checkpoint's root.
 */
public final class MirrorAudit {

  /*
   * Level by level for the checkpoint's size s: every level-0 tile must equal the leaf hashes of
   * its entry bundle (which must hold exactly the tile's width of entries); every tile of level
   * L + 1 must equal the roots of the full level-L tiles it covers; finally the root computed from
   * the tiles must be the checkpoint's. A partial tile or bundle that is missing is read from the
   * full one, as clients may do. Memory: the roots of one level's full tiles (s / 8 bytes at level
   * 1, 12.5 MB at 100 M entries); every resource is read once.
   */

  /** What an audit verified. */
  public record Report(Checkpoint checkpoint, long entries, long tiles, long bundles) {}

  private MirrorAudit() {}

  /**
   * Audits {@code source} against the log key {@code verifier}.
   *
   * @throws NoteException if the checkpoint is malformed or not validly signed by {@code verifier}
   * @throws AuditException if a resource is missing, malformed or inconsistent, or the tiles do not
   *     lead to the checkpoint's root
   * @throws IOException if a resource cannot be read
   */
  public static Report audit(TileSource source, NoteVerifier verifier) throws IOException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(verifier, "verifier");
    byte[] note = source.checkpoint();
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(note, verifier);
    } catch (IllegalArgumentException e) {
      throw new AuditException("the checkpoint is signed but is not a checkpoint: " + e.getMessage(), e);
    }
    long size = checkpoint.size();
    long tiles = 0;
    long bundles = 0;
    byte[] below = null; // roots of the full tiles of the level below, concatenated
    for (int level = 0; level * TilePath.HEIGHT < 63 && (size >>> (level * TilePath.HEIGHT)) > 0; level++) {
      long hashes = size >>> (level * TilePath.HEIGHT);
      long fullTiles = hashes >>> TilePath.HEIGHT;
      if (fullTiles * Rfc6962.HASH_BYTES > Integer.MAX_VALUE - 8) {
        throw new AuditException("a tree of size " + size + " is too large to audit in memory");
      }
      byte[] roots = new byte[(int) (fullTiles * Rfc6962.HASH_BYTES)];
      for (long index = 0; index <= fullTiles; index++) {
        int width = TilePath.widthIn(size, level, index);
        if (width == 0) {
          continue;
        }
        TilePath path = TilePath.hashes(level, index, width);
        byte[] tile = fetch(source, path);
        tiles++;
        if (level == 0) {
          TilePath bundlePath = TilePath.entries(index, width);
          List<byte[]> entries;
          try {
            entries = EntryBundle.decode(fetch(source, bundlePath), width);
          } catch (IllegalArgumentException e) {
            throw new AuditException(bundlePath + " is malformed: " + e.getMessage(), e);
          }
          bundles++;
          for (int i = 0; i < width; i++) {
            requireEqual(Rfc6962.leafHash(entries.get(i)), tile, i, path,
                "the leaf hash of entry " + (index * TilePath.FULL_WIDTH + i) + " in " + bundlePath);
          }
        } else {
          for (int i = 0; i < width; i++) {
            long covered = index * TilePath.FULL_WIDTH + i;
            byte[] expected = Arrays.copyOfRange(below,
                (int) (covered * Rfc6962.HASH_BYTES), (int) ((covered + 1) * Rfc6962.HASH_BYTES));
            requireEqual(expected, tile, i, path,
                "the root of " + TilePath.hashes(level - 1, covered, TilePath.FULL_WIDTH));
          }
        }
        if (width == TilePath.FULL_WIDTH) {
          byte[] root = Rfc6962.perfectRoot(tile, 0, TilePath.FULL_WIDTH);
          System.arraycopy(root, 0, roots, (int) (index * Rfc6962.HASH_BYTES), Rfc6962.HASH_BYTES);
        }
      }
      below = roots;
    }
    byte[] root;
    try {
      root = Proofs.root(size, TileNodes.from(source, size));
    } catch (IllegalStateException | UncheckedIOException e) {
      throw new AuditException(e.getMessage(), e);
    }
    if (!MessageDigest.isEqual(root, checkpoint.rootHash())) {
      throw new AuditException(
          "the tiles lead to root " + ProofVerifier.hex(root) + ", not to the checkpoint's root "
              + ProofVerifier.hex(checkpoint.rootHash()));
    }
    return new Report(checkpoint, size, tiles, bundles);
  }

  private static byte[] fetch(TileSource source, TilePath path) throws IOException {
    byte[] bytes;
    try {
      bytes = source.readOrCutFromFull(path);
    } catch (IllegalArgumentException e) {
      throw new AuditException(path.full() + " is malformed: " + e.getMessage(), e);
    }
    if (bytes == null) {
      throw new AuditException(path + " is missing");
    }
    if (!path.entries() && bytes.length != path.width() * Rfc6962.HASH_BYTES) {
      throw new AuditException(
          path + " has " + bytes.length + " bytes, not " + path.width() * Rfc6962.HASH_BYTES);
    }
    return bytes;
  }

  private static void requireEqual(byte[] expected, byte[] tile, int position, TilePath path,
      String what) {
    int offset = position * Rfc6962.HASH_BYTES;
    if (!Arrays.equals(expected, 0, Rfc6962.HASH_BYTES, tile, offset, offset + Rfc6962.HASH_BYTES)) {
      throw new AuditException(
          "hash " + position + " of " + path + " is not " + what + ": the mirror was altered or"
              + " is not this log's");
    }
  }
}
