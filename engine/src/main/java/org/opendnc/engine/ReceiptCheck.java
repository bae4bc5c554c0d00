package org.opendnc.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.core.receipt.MalformedReceiptException;
import org.opendnc.core.receipt.ReceiptJson;
import org.opendnc.core.receipt.ReceiptVerifier;

/** Verifies a receipt file offline: its signature, and optionally the files it attests. */
public final class ReceiptCheck {
  private ReceiptCheck() {}

  /**
   * The outcome of a verification.
   *
   * @param receipt the receipt as read
   * @param checks one line per check performed, e.g. "signature: valid (key 1a2b...)"
   * @param failure the first failure, or {@code null} when everything verified
   */
  public record Report(Receipt receipt, List<String> checks, DncException failure) {
    public boolean valid() {
      return failure == null;
    }
  }

  /**
   * Verifies {@code receiptFile} against {@code key}; when given, also checks that {@code result}
   * (and {@code list}) hash to the receipt's output (input) SHA-256.
   *
   * @throws DncException when the receipt or a named file cannot be read
   */
  public static Report verify(Path receiptFile, PublicKey key, String keyId, Path result, Path list) {
    Receipt receipt;
    try {
      receipt = ReceiptJson.read(read(receiptFile));
    } catch (MalformedReceiptException e) {
      throw new DncException(
          ErrorCode.RECEIPT_MALFORMED, receiptFile + ": not a valid receipt: " + e.getMessage(), e);
    }
    List<String> checks = new ArrayList<>();
    DncException failure = null;
    if (receipt.keyId() != null && keyId != null && !receipt.keyId().equals(keyId)) {
      failure = new DncException(
          ErrorCode.RECEIPT_SIGNATURE_INVALID,
          receiptFile + ": signed by key " + receipt.keyId() + ", not by this register's key " + keyId
              + ". Verify it against the register that issued it (--key).");
    } else if (!ReceiptVerifier.verifySignature(receipt, key)) {
      failure = new DncException(
          ErrorCode.RECEIPT_SIGNATURE_INVALID,
          receiptFile + ": the signature does not match the receipt's content. The receipt was altered"
              + " or was not issued by this register.");
    } else {
      checks.add("signature: valid (key " + receipt.keyId() + ")");
    }
    if (failure == null && result != null) {
      failure = compare(result, receipt.outputSha256(), "result", checks);
    }
    if (failure == null && list != null) {
      failure = compare(list, receipt.inputSha256(), "list", checks);
    }
    return new Report(receipt, List.copyOf(checks), failure);
  }

  private static DncException compare(Path file, String expected, String what, List<String> checks) {
    String actual = sha256(file);
    if (actual.equals(expected)) {
      checks.add(what + " " + file + ": SHA-256 matches (" + actual + ")");
      return null;
    }
    return new DncException(
        ErrorCode.RECEIPT_HASH_MISMATCH,
        file + ": SHA-256 is " + actual + " but the receipt attests " + expected + " for the " + what
            + ". The file was changed after the check, or belongs to another check.");
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchFileException e) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such file.");
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": cannot read the file: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such receipt file.");
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": cannot read the receipt: " + e.getMessage(), e);
    }
  }
}
