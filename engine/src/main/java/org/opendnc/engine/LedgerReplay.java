package org.opendnc.engine;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.ledger.EntryBundle;
import org.opendnc.ledger.MemoryLogStorage;
import org.opendnc.ledger.NoteSigner;
import org.opendnc.ledger.TileDirectory;
import org.opendnc.ledger.Tiles;
import org.opendnc.ledger.TransparencyLog;

/**
 * Builds a transparency log in memory from a file of entries, one per line: what shows that this
 * log computes the same trees and checkpoints as other implementations.
 */
public final class LedgerReplay {

  /*
   * Lines end at '\n' only; an entry is the line's raw bytes without it (a '\r' stays part of the
   * entry, as any other byte). A final line without '\n' is an entry; a file ending in '\n' has no
   * empty entry after it; an empty line elsewhere is an empty entry. One integration at the end:
   * one signed checkpoint, of the whole file.
   */

  private static final int BUFFER_BYTES = 1 << 16;

  private LedgerReplay() {}

  /**
   * Replays {@code entries} into a new log named {@code origin}, signed by {@code signer}.
   *
   * @throws DncException {@link ErrorCode#INPUT_NOT_FOUND}, {@link ErrorCode#INPUT_UNREADABLE},
   *     {@link ErrorCode#RECORD_TOO_LONG} for a line over 65,535 bytes (with its number), or
   *     {@link ErrorCode#INVALID_ARGUMENT} for an origin that cannot be a checkpoint's
   */
  public static TransparencyLog replay(Path entries, String origin, NoteSigner signer) {
    TransparencyLog log;
    try {
      log = TransparencyLog.open(new MemoryLogStorage(), origin, signer);
    } catch (IllegalArgumentException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "--origin '" + origin + "' cannot be a checkpoint's origin: " + e.getMessage(), e);
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(entries), BUFFER_BYTES)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long number = 1;
      boolean open = false;
      byte[] buffer = new byte[BUFFER_BYTES];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        int start = 0;
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            line.write(buffer, start, i - start);
            append(log, line, entries, number++);
            start = i + 1;
            open = false;
          }
        }
        if (start < read) {
          line.write(buffer, start, read - start);
          open = true;
          requireEntrySize(line, entries, number); // before a line without newline fills memory
        }
      }
      if (open) {
        append(log, line, entries, number);
      }
    } catch (NoSuchFileException e) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, entries + ": no such entries file.");
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE,
          entries + ": cannot read the entries: " + e.getMessage(), e);
    }
    log.integrate();
    return log;
  }

  private static void append(TransparencyLog log, ByteArrayOutputStream line, Path entries, long number) {
    requireEntrySize(line, entries, number);
    log.append(line.toByteArray());
    line.reset();
  }

  private static void requireEntrySize(ByteArrayOutputStream line, Path entries, long number) {
    if (line.size() > EntryBundle.MAX_ENTRY_BYTES) {
      throw new DncException(ErrorCode.RECORD_TOO_LONG,
          entries + ": line " + number + " has more than " + EntryBundle.MAX_ENTRY_BYTES
              + " bytes, the most an entry may have");
    }
  }

  /**
   * Writes {@code log} as c2sp.org/tlog-tiles files into {@code directory} (checkpoint last).
   *
   * @return the number of tiles and bundles written
   * @throws DncException {@link ErrorCode#OUTPUT_UNWRITABLE} if the directory cannot be written
   */
  public static long writeTiles(TransparencyLog log, Path directory) {
    try {
      return new TileDirectory(directory).copyFrom(new Tiles(log));
    } catch (IOException e) {
      throw new DncException(ErrorCode.OUTPUT_UNWRITABLE,
          directory + ": cannot write the tiles: " + e.getMessage(), e);
    }
  }
}
