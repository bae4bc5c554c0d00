package org.opendnc.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * A tiled log mirrored in a directory, laid out as its URLs ({@code checkpoint}, {@code tile/...}):
 * servable as static files, and readable as a {@link TileSource}.
 */
public final class TileDirectory implements TileSource {

  private final Path root;

  public TileDirectory(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  public Path root() {
    return root;
  }

  @Override
  public byte[] checkpoint() throws IOException {
    return Files.readAllBytes(root.resolve(Tiles.CHECKPOINT_PATH));
  }

  @Override
  public byte[] read(TilePath path) throws IOException {
    try {
      return Files.readAllBytes(root.resolve(path.path()));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Copies the tree of {@code source}'s checkpoint into this directory, tile by tile, then its
   * checkpoint last, so the directory's checkpoint always has its tiles. Files already present are
   * overwritten. Verifies nothing: {@link MirrorAudit} does.
   *
   * @return the number of tiles and bundles copied
   * @throws IOException if a resource cannot be read or written
   * @throws IllegalStateException if the source lacks a resource its checkpoint needs
   */
  public long copyFrom(TileSource source) throws IOException {
    byte[] note = source.checkpoint();
    long size = Checkpoint.peek(note).size();
    long copied = 0;
    for (TilePath path : TilePath.all(size)) {
      byte[] bytes = source.read(path);
      if (bytes == null) {
        throw new IllegalStateException("the source has no " + path + " for its checkpoint of size " + size);
      }
      write(path.path(), bytes);
      copied++;
    }
    write(Tiles.CHECKPOINT_PATH, note);
    return copied;
  }

  /** Writes one file atomically (a temporary file moved into place). */
  void write(String relative, byte[] bytes) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), ".tile", ".tmp");
    try {
      Files.write(temporary, bytes);
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Writes the checkpoint file alone. */
  public void writeCheckpoint(String note) throws IOException {
    write(Tiles.CHECKPOINT_PATH, note.getBytes(StandardCharsets.UTF_8));
  }
}
