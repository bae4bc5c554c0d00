package org.opendnc.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.check.CheckResult;
import org.opendnc.core.check.ListChecker;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.index.IndexView;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.core.receipt.ReceiptJson;
import org.opendnc.core.receipt.ReceiptVerifier;

/**
 * Checks a list file against the register and issues a signed receipt: the result is written to
 * the output file, the receipt beside it, and both the receipt and the set of numbers found
 * callable are kept in the store.
 */
public final class ListCheck {
  private final Register register;
  private final Clock clock;

  public ListCheck(Register register, Clock clock) {
    this.register = register;
    this.clock = clock;
  }

  /** A finished check. */
  public record Outcome(Receipt receipt, Path output, Path receiptFile, CheckResult result) {}

  /**
   * A check that ran to its end, before its receipt is issued.
   *
   * @param options how the list was checked (the operator is the receipt's)
   * @param checkedAt when the check started, to the millisecond
   * @param registerVersion the register version the check saw
   * @param result counts, hashes and the callable set
   */
  public record Completed(CheckOptions options, Instant checkedAt, long registerVersion, CheckResult result) {}

  /**
   * Checks the list read from {@code in} against the register's index and writes the result to
   * {@code out}; neither stream is closed. Issues no receipt: {@link #issue} does, so a caller may
   * still refuse the result (e.g. over a quota) without leaving a receipt behind.
   *
   * <p>The whole list is judged on one register version: the view taken when the check starts,
   * whatever is appended meanwhile.
   *
   * @throws DncException for input that is not a usable CSV list
   * @throws IOException when reading or writing fails
   */
  public Completed check(InputStream in, OutputStream out, CheckOptions options, LongConsumer progress)
      throws IOException {
    Instant checkedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    IndexView view = register.view();
    CheckResult result = new ListChecker(register.parser(), view,
        register.ledger().lookupFor(options.operator(), checkedAt)).check(in, out, options, progress);
    return new Completed(options, checkedAt, view.version(), result);
  }

  /**
   * Signs the receipt of a completed check and stores it with the set of numbers found callable.
   *
   * @return the signed receipt, stored durably when this returns
   * @throws org.opendnc.store.StoreException when the store refuses the receipt
   */
  public Receipt issue(Completed completed) {
    HexFormat hex = HexFormat.of();
    CheckResult result = completed.result();
    byte[] callableSet = result.callableNumbers().toBytes();
    Receipt unsigned =
        new Receipt(
            UUID.randomUUID().toString(),
            completed.options().operator(),
            register.profile().code(),
            completed.checkedAt(),
            completed.registerVersion(),
            hex.formatHex(result.inputSha256()),
            hex.formatHex(result.outputSha256()),
            ReceiptVerifier.callableSetSha256(callableSet),
            result.counts(),
            completed.checkedAt().plus(register.profile().checkValidity()),
            null,
            null);
    Receipt receipt = register.key().sign(unsigned);
    register.store().receipts().save(receipt, ReceiptJson.write(receipt), callableSet);
    return receipt;
  }

  /** The default output for a list: {@code calls.csv} gives {@code calls.checked.csv} beside it. */
  public static Path defaultOutput(Path list) {
    String name = list.getFileName().toString();
    String base = name.toLowerCase().endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    return list.toAbsolutePath().resolveSibling(base + ".checked.csv");
  }

  /** The receipt file written beside an output: {@code x.csv} gives {@code x.receipt.json}. */
  public static Path receiptFileFor(Path output) {
    String name = output.getFileName().toString();
    String base = name.toLowerCase().endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    return output.toAbsolutePath().resolveSibling(base + ".receipt.json");
  }

  /**
   * Runs the check. The output appears only when the check completed (it is written to a temporary
   * file first and moved into place), and the receipt is stored before this method returns.
   *
   * @throws DncException for an unusable list, an unwritable output, or a store failure
   */
  public Outcome run(Path list, Path output, CheckOptions options, LongConsumer progress) {
    Path out = output.toAbsolutePath();
    if (Files.isDirectory(list)) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, list + " is a directory, not a CSV list.");
    }
    if (out.equals(list.toAbsolutePath())) {
      throw new DncException(
          ErrorCode.INVALID_ARGUMENT, "the output would overwrite the list " + list + ": choose another --output.");
    }
    Path temporary = out.resolveSibling("." + out.getFileName() + ".partial");
    Completed completed;
    try (InputStream in = Files.newInputStream(list)) {
      try (OutputStream os = DirectFileOutputStream.create(temporary)) {
        completed = check(in, os, options, progress);
      } catch (RuntimeException | IOException e) {
        Files.deleteIfExists(temporary);
        throw e;
      }
      Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      if (e.getFile() != null && e.getFile().equals(list.toString())) {
        throw new DncException(ErrorCode.INPUT_NOT_FOUND, list + ": no such file.");
      }
      throw new DncException(ErrorCode.OUTPUT_UNWRITABLE, "cannot write " + out + ": the directory does not exist.");
    } catch (AccessDeniedException e) {
      throw new DncException(ErrorCode.OUTPUT_UNWRITABLE, "permission denied: " + e.getFile());
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, "checking " + list + " failed: " + e.getMessage(), e);
    }
    Receipt receipt = issue(completed);
    String json = ReceiptJson.write(receipt);
    CheckResult result = completed.result();
    Path receiptFile = receiptFileFor(out);
    try {
      Files.writeString(receiptFile, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DncException(
          ErrorCode.OUTPUT_UNWRITABLE,
          "the check is stored as receipt " + receipt.id() + ", but " + receiptFile + " cannot be written: "
              + e.getMessage());
    }
    return new Outcome(receipt, out, receiptFile, result);
  }
}
