package org.opendnc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.ListCheck;
import org.opendnc.engine.Register;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dnc scrub}: checks a call list against the register and writes a signed receipt. */
@Command(
    name = "scrub",
    aliases = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a CSV call list against the register. Every row is kept, with e164, verdict",
      "(CALLABLE, BLOCKED, INVALID) and reason added; a signed receipt is written beside the output."
    })
final class ScrubCommand implements Callable<Integer> {
  @ParentCommand Dnc root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LIST", description = "The CSV list to check (with a header line).")
  Path list;

  @Option(names = "--operator", required = true, paramLabel = "ID", description = "The operator that will call.")
  String operator;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Result CSV (default: LIST.checked.csv).")
  Path output;

  @Option(names = "--only-callable", description = "Write only the callable rows (the header is kept).")
  boolean onlyCallable;

  @Option(names = "--column", paramLabel = "NAME", description = "The phone column's header name (default: found by name).")
  String column;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.exists(list)) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, list + ": no such file.");
    }
    Path target = output != null ? output : ListCheck.defaultOutput(list);
    try (Register register = root.openRegister(err)) {
      ListCheck.Outcome outcome;
      try (Progress progress = Progress.start("Checking", sizeOf(list))) {
        outcome = new ListCheck(register, Clock.systemUTC())
            .run(list, target, new CheckOptions(operator, column, onlyCallable), progress.bytes());
      }
      var counts = outcome.receipt().counts();
      out.printf("Checked %,d rows of %s for operator %s against register version %,d (%s).%n",
          counts.rows(), list, operator, outcome.receipt().registerVersion(), register.profile().code());
      out.printf("  callable %,d   blocked %,d   invalid %,d   (phone column '%s')%n",
          counts.callable(), counts.blocked(), counts.invalid(), outcome.result().phoneColumn());
      out.printf("Result:  %s%n", outcome.output());
      out.printf("Receipt: %s (id %s, valid until %s)%n",
          outcome.receiptFile(), outcome.receipt().id(), outcome.receipt().validUntil());
      if (counts.rows() == 0) {
        err.println("dnc: warning: the list has a header but no rows.");
      }
    }
    return 0;
  }

  static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return 1;
    }
  }
}
