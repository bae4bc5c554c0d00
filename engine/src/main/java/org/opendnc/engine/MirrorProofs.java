package org.opendnc.engine;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.ledger.Checkpoint;
import org.opendnc.ledger.HashLines;
import org.opendnc.ledger.Proofs;
import org.opendnc.ledger.TileDirectory;
import org.opendnc.ledger.TileNodes;
import org.opendnc.ledger.TlogProof;

/**
 * Proofs computed from a mirrored tiled log (any c2sp.org/tlog-tiles log copied to a directory),
 * for its checkpoint. Computing a proof trusts nothing: verifying it is what checks the mirror.
 */
public final class MirrorProofs {
  private MirrorProofs() {}

  /**
   * The c2sp.org/tlog-proof of entry {@code index} in the mirror's checkpoint.
   *
   * @throws DncException {@link ErrorCode#INVALID_ARGUMENT} if the index is not in the tree,
   *     {@link ErrorCode#MIRROR_INVALID} if a tile is missing or malformed, or input errors
   */
  public static String inclusion(Path directory, long index) {
    String note = checkpointNote(directory);
    long size = size(directory, note);
    if (index < 0 || index >= size) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "--index " + index + " is not an entry of the mirror's tree of size " + size);
    }
    List<byte[]> proof = compute(directory, () -> Proofs.inclusion(index, size, nodes(directory, size)));
    return new TlogProof(null, index, proof, note).format();
  }

  /**
   * The consistency proof, as base64 hash lines, from the tree of {@code oldSize} entries to the
   * mirror's checkpoint.
   *
   * @throws DncException {@link ErrorCode#INVALID_ARGUMENT} unless 0 < oldSize <= the mirror's
   *     size, {@link ErrorCode#MIRROR_INVALID} if a tile is missing or malformed
   */
  public static String consistency(Path directory, long oldSize) {
    long size = size(directory, checkpointNote(directory));
    if (oldSize <= 0 || oldSize > size) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "--old-size " + oldSize + " is not between 1 and the mirror's tree size " + size);
    }
    return HashLines.format(compute(directory, () -> Proofs.consistency(oldSize, size, nodes(directory, size))));
  }

  private static TileNodes nodes(Path directory, long size) {
    return TileNodes.from(new TileDirectory(directory), size);
  }

  private static List<byte[]> compute(Path directory, java.util.function.Supplier<List<byte[]>> proof) {
    try {
      return proof.get();
    } catch (IllegalStateException | UncheckedIOException e) {
      throw new DncException(ErrorCode.MIRROR_INVALID, directory + ": " + e.getMessage(), e);
    }
  }

  private static String checkpointNote(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, directory + ": no such directory.");
    }
    return LedgerFiles.readText(directory.resolve("checkpoint"), "checkpoint", ErrorCode.CHECKPOINT_MALFORMED);
  }

  private static long size(Path directory, String note) {
    try {
      return Checkpoint.peek(note.getBytes(java.nio.charset.StandardCharsets.UTF_8)).size();
    } catch (IllegalArgumentException e) {
      throw new DncException(ErrorCode.CHECKPOINT_MALFORMED,
          directory.resolve("checkpoint") + ": " + e.getMessage(), e);
    }
  }
}
