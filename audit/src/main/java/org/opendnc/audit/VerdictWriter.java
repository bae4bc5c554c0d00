package org.opendnc.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/** Writes verdicts and evidence exports (docs/audit.md, "Outputs"). */
public final class VerdictWriter {

  private VerdictWriter() {}

  private static final int ROWS_PER_CHUNK = 32_768;

  /** {@code call_id,verdict,reasons,evidence}: one row per call, in the call records' order. */
  public static void writeVerdicts(AuditResult result, Path file) {
    /* Rows are formatted in parallel, a chunk of rows per task, and written in order. */
    int chunks = (result.size() + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK;
    int inFlight = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    writeAtomically(file, out -> {
      out.write("call_id,verdict,reasons,evidence\n");
      out.flush();
    }, stream -> {
      for (int first = 0; first < chunks; first += inFlight) {
        int last = Math.min(chunks, first + inFlight);
        byte[][] formatted = new byte[last - first][];
        int base = first;
        java.util.stream.IntStream.range(first, last).parallel()
            .forEach(chunk -> formatted[chunk - base] = verdictRows(result, chunk));
        for (byte[] bytes : formatted) {
          stream.write(bytes);
        }
      }
    });
  }

  private static byte[] verdictRows(AuditResult result, int chunk) {
    int from = chunk * ROWS_PER_CHUNK;
    int to = Math.min(result.size(), from + ROWS_PER_CHUNK);
    StringBuilder rows = new StringBuilder((to - from) * 96);
    for (int i = from; i < to; i++) {
      Csv.append(rows, result.calls().callId(i));
      rows.append(',').append(result.verdict(i)).append(',').append(result.reasons(i)).append(',');
      int start = rows.length();
      result.appendEvidence(i, rows);
      Csv.quoteFrom(rows, start);
      rows.append('\n');
    }
    return rows.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Every violation with the call's facts, reasons and evidence: CSV, or JSON when the file name
   * ends with {@code .json}.
   */
  public static void writeEvidence(AuditResult result, Path file) {
    boolean json = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    CallRecords calls = result.calls();
    writeAtomically(file, out -> {
      if (json) {
        out.write("{\"profile\":" + Csv.json(result.profile().code()) + ",\"register_version\":"
            + result.registerVersion() + ",\"violations\":[");
      } else {
        out.write("call_id,operator,caller_id,callee,started_at,campaign,reasons,register_events,receipt,consent_or_contract\n");
      }
      boolean first = true;
      StringBuilder row = new StringBuilder(512);
      for (int i = 0; i < result.size(); i++) {
        if (!result.isViolation(i)) {
          continue;
        }
        row.setLength(0);
        String caller = callerText(calls.caller(i));
        String events = (result.registerEvent(i) != 0 ? Long.toString(result.registerEvent(i)) : "")
            + (result.allowEvent(i) != 0 ? ";" + result.allowEvent(i) : "");
        if (json) {
          row.append(first ? "\n" : ",\n");
          row.append("{\"call_id\":").append(Csv.json(calls.callId(i)))
              .append(",\"operator\":").append(Csv.json(calls.operator(i)))
              .append(",\"caller_id\":").append(Csv.json(caller))
              .append(",\"callee\":").append(Csv.json("+" + calls.callee(i)))
              .append(",\"started_at\":").append(Csv.json(calls.startedAt(i).toString()))
              .append(",\"campaign\":").append(Csv.json(calls.campaign(i)))
              .append(",\"reasons\":[");
          String[] codes = result.reasons(i).split(";");
          for (int r = 0; r < codes.length; r++) {
            row.append(r > 0 ? "," : "").append('"').append(codes[r]).append('"');
          }
          row.append("],\"evidence\":{\"register_events\":[");
          boolean any = false;
          if (result.registerEvent(i) != 0) {
            row.append(result.registerEvent(i));
            any = true;
          }
          if (result.allowEvent(i) != 0) {
            row.append(any ? "," : "").append(result.allowEvent(i));
          }
          row.append("],\"receipt\":").append(Csv.json(result.receiptId(i)))
              .append(",\"consent_or_contract\":").append(Csv.json(result.consentOrContract(i)))
              .append("}}");
        } else {
          Csv.append(row, calls.callId(i));
          row.append(',');
          Csv.append(row, calls.operator(i));
          row.append(',').append(caller == null ? "" : caller).append(",+").append(calls.callee(i))
              .append(',').append(calls.startedAt(i)).append(',');
          Csv.append(row, calls.campaign(i));
          row.append(',').append(result.reasons(i)).append(',').append(events).append(',');
          Csv.append(row, result.receiptId(i));
          row.append(',');
          Csv.append(row, result.consentOrContract(i));
          row.append('\n');
        }
        first = false;
        out.append(row);
      }
      if (json) {
        out.write("\n]}\n");
      }
    });
  }

  static String callerText(long caller) {
    return caller == CallerIds.WITHHELD ? null : caller == CallerIds.UNUSABLE ? "UNUSABLE" : "+" + caller;
  }

  /** Writes to a temporary file beside {@code file}, then moves it into place. */
  static void writeAtomically(Path file, WriterBody body) {
    writeAtomically(file, body, stream -> {});
  }

  /** Like {@link #writeAtomically(Path, WriterBody)}, then raw bytes after the text. */
  static void writeAtomically(Path file, WriterBody body, BytesBody bytes) {
    Path target = file.toAbsolutePath();
    Path temporary = target.resolveSibling("." + target.getFileName() + ".partial");
    try {
      try (OutputStream stream = new java.io.BufferedOutputStream(Files.newOutputStream(temporary), 1 << 20);
          Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
        body.write(out);
        out.flush();
        bytes.write(stream);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temporary);
        throw e;
      }
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      throw new DncException(ErrorCode.OUTPUT_UNWRITABLE, "cannot write " + target + ": the directory does not exist.");
    } catch (AccessDeniedException e) {
      throw new DncException(ErrorCode.OUTPUT_UNWRITABLE, "cannot write " + target + ": permission denied.");
    } catch (IOException e) {
      throw new DncException(ErrorCode.OUTPUT_UNWRITABLE, "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** What writes raw bytes. */
  @FunctionalInterface
  interface BytesBody {
    void write(OutputStream out) throws IOException;
  }

  /** What writes the file's content. */
  @FunctionalInterface
  interface WriterBody {
    void write(Writer out) throws IOException;
  }
}
