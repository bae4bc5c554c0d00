package org.opendnc.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.Register;
import org.opendnc.engine.consent.LedgerImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dnc ledger import}: an operator's consents, withdrawals, contracts or transfers in bulk. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {
      "Records an operator's consents, withdrawals, contracts or transfer rows from a CSV or JSON",
      "lines file into the register's consent ledger. Rows not recorded (rejected, or already",
      "logged) go to a rejects file with their line numbers; importing the same file again logs",
      "nothing twice. See docs/ledger.md."
    })
final class LedgerImportCommand implements Callable<Integer> {
  @ParentCommand LedgerCommand parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE",
      description = "The rows: CSV with a header (.csv) or one JSON object per line (.jsonl, .ndjson); else found from the content.")
  Path file;

  @Option(names = "--operator", required = true, paramLabel = "ID", description = "The operator the records are of.")
  String operator;

  @Option(names = "--kind", defaultValue = "consents", paramLabel = "KIND",
      description = "consents, withdrawals, contracts or transfers (default: ${DEFAULT-VALUE}).")
  String kind;

  @Option(names = "--to", paramLabel = "ID", description = "For transfers: the receiving operator of rows that name none.")
  String to;

  @Option(names = "--rejects", paramLabel = "FILE", description = "Where rows not recorded go (default: FILE.rejects.csv).")
  Path rejectsFile;

  @Override
  public Integer call() {
    LedgerImport.Kind chosen = LedgerImport.Kind.parse(kind);
    if (!Files.isRegularFile(file)) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such file.");
    }
    LedgerImport.Format format;
    try (InputStream head = Files.newInputStream(file)) {
      format = LedgerImport.Format.detect(file.getFileName().toString(), head.readNBytes(64));
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": " + e.getMessage(), e);
    }
    Path rejects = rejectsFile != null ? rejectsFile
        : file.resolveSibling(file.getFileName() + ".rejects.csv");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LedgerImport.Report report;
    try (Register register = parent.root.openRegister(err);
        RejectsFile sink = new RejectsFile(rejects);
        InputStream in = Files.newInputStream(file)) {
      if (register.store().accounts().operator(operator).isEmpty()) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, "no operator '" + operator
            + "': create it first (dnc operator create).");
      }
      try {
        report = new LedgerImport(register.ledger(), operator, chosen, to, sink::write).run(in, format);
      } catch (DncException e) {
        throw new DncException(e.code(), file + ": " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": " + e.getMessage(), e);
    }
    out.printf("Imported %s of operator %s from %s (%s): %,d rows%n", report.kind(), operator, file,
        format == LedgerImport.Format.CSV ? "CSV" : "JSON lines", report.rows());
    out.printf("  recorded %,d   already logged %,d   rejected %,d%n", report.recorded(),
        report.duplicates(), report.rejected());
    report.transferIds().forEach(id -> out.println("  transfer " + id));
    if (report.duplicates() + report.rejected() > 0) {
      out.printf("Rows not recorded, with their line numbers: %s%n", rejects);
    }
    return 0;
  }

  /** The rejects file: {@code line,code,record_id,reasons}, written only when a row is not recorded. */
  static final class RejectsFile implements AutoCloseable {
    private final Path path;
    private BufferedWriter writer;

    RejectsFile(Path path) {
      this.path = path;
    }

    void write(LedgerImport.Reject reject) {
      try {
        if (writer == null) {
          writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
          writer.write("line,code,record_id,reasons\n");
        }
        writer.write(reject.line() + "," + reject.code() + ","
            + (reject.recordId() == null ? "" : reject.recordId()) + ","
            + quote(String.join("; ", reject.reasons())) + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String quote(String text) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() throws IOException {
      if (writer != null) {
        writer.close();
      } else {
        Files.deleteIfExists(path);
      }
    }
  }
}
