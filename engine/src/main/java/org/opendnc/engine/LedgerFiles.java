package org.opendnc.engine;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/** Reads the small text files of the ledger commands with errors users can act on. */
final class LedgerFiles {
  private LedgerFiles() {}

  static byte[] readBytes(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such " + what + " file.");
    } catch (IOException e) {
      throw new DncException(
          ErrorCode.INPUT_UNREADABLE, file + ": cannot read the " + what + ": " + e.getMessage(), e);
    }
  }

  static String readText(Path file, String what, ErrorCode malformed) {
    byte[] bytes = readBytes(file, what);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DncException(malformed, file + ": the " + what + " is not UTF-8 text.");
    }
  }
}
