package org.opendnc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterImport;
import org.opendnc.engine.RegisterQueries;
import org.opendnc.engine.RegisterUpdates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dnc register}: the register's own data: imports, events, a number's history. */
@Command(name = "register", mixinStandardHelpOptions = true,
    description = "Import registrations, record a citizen's event, query a number's history.",
    subcommands = {RegisterCommand.Import.class, RegisterCommand.Event.class, RegisterCommand.History.class})
final class RegisterCommand {
  @ParentCommand Dnc root;

  /** {@code dnc register import FILE}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {
        "Bulk-loads registrations from CSV: column 'number', optional 'registered_at' (ISO-8601) and",
        "'channel'. Idempotent: numbers already registered are skipped; re-running completes an",
        "interrupted import. Bad rows are reported with their line numbers."
      })
  static final class Import implements Callable<Integer> {
    @ParentCommand RegisterCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file to import.")
    Path file;

    @Option(names = "--rejects", paramLabel = "FILE",
        description = "Where to write the bad rows (default: FILE.rejects.csv in the data directory).")
    Path rejects;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!Files.exists(file)) {
        throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such file.");
      }
      Path rejectsFile = rejects != null ? rejects
          : parent.root.dataDir.toAbsolutePath().resolve("rejects").resolve(file.getFileName() + ".rejects.csv");
      try (Register register = parent.root.openRegister(err)) {
        long start = System.nanoTime();
        RegisterImport.Result result;
        try (Progress progress = Progress.start("Importing", ScrubCommand.sizeOf(file))) {
          result = new RegisterImport(register, Clock.systemUTC()).run(file, rejectsFile, progress.bytes());
        }
        register.saveSnapshot();
        double seconds = (System.nanoTime() - start) / 1e9;
        printResult(out, err, file, result, seconds);
      }
      return 0;
    }

    static void printResult(PrintWriter out, PrintWriter err, Path file, RegisterImport.Result r, double seconds) {
      out.printf("Imported %s: %,d rows in %.1f s%n", file, r.rows(), seconds);
      out.printf("  newly registered %,d   already registered %,d   duplicates in file %,d   rejected %,d%n",
          r.registered(), r.alreadyRegistered(), r.duplicates(), r.rejected());
      out.printf("  register version is now %,d%n", r.registerVersion());
      if (r.rejected() > 0) {
        err.printf("dnc: %,d bad rows (all of them are in %s); the first:%n", r.rejected(), r.rejectsFile());
        for (RegisterImport.RejectedRow row : r.firstRejected()) {
          err.printf("  line %d: %s: %s%n", row.line(), row.reason(), row.detail());
        }
      }
    }
  }

  /** {@code dnc register event TYPE NUMBER}: records one citizen event. */
  @Command(name = "event", mixinStandardHelpOptions = true,
      description = "Records one event for a number: REGISTER, RENEW, ALLOW, DISALLOW or CANCEL.")
  static final class Event implements Callable<Integer> {
    @ParentCommand RegisterCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TYPE", description = "REGISTER, RENEW, ALLOW, DISALLOW or CANCEL.")
    EventType type;

    @Parameters(index = "1", paramLabel = "NUMBER", description = "The telephone number.")
    String number;

    @Option(names = "--operator", paramLabel = "ID", description = "The operator, for ALLOW and DISALLOW.")
    String operator;

    @Option(names = "--channel", defaultValue = "API", description = "WEB, PHONE, EMAIL, API, IMPORT, CARRIER.")
    Channel channel;

    @Option(names = "--evidence", description = "How ownership of the line was proved.")
    String evidence;

    @Override
    public Integer call() {
      if (type.namesOperator() != (operator != null)) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT,
            type + (type.namesOperator() ? " needs --operator ID." : " takes no --operator."));
      }
      PrintWriter err = spec.commandLine().getErr();
      try (Register register = parent.root.openRegister(err)) {
        long e164 = new RegisterQueries(register).parse(number);
        RegisterEvent event = RegisterEvent.of(e164, type, operator, Instant.now(), channel, evidence);
        RegisterEvent logged = new RegisterUpdates(register).record(List.of(event)).get(0);
        register.saveSnapshot();
        spec.commandLine().getOut().printf("Recorded %s %s%s as register version %,d.%n", type,
            NumberParser.format(e164), operator == null ? "" : " for " + operator, logged.sequence());
      }
      return 0;
    }
  }

  /** {@code dnc register history NUMBER}: a number's events and its opposition at a time. */
  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "Prints a number's register events and whether it was opposed for an operator at a time.")
  static final class History implements Callable<Integer> {
    @ParentCommand RegisterCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NUMBER") String number;

    @Option(names = "--operator", paramLabel = "ID", defaultValue = "*",
        description = "The operator to judge opposition for (default: any operator without an ALLOW).")
    String operator;

    @Option(names = "--at", paramLabel = "INSTANT", description = "ISO-8601 instant (default: now).")
    Instant at;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Register register = parent.root.openRegister(spec.commandLine().getErr())) {
        RegisterQueries queries = new RegisterQueries(register);
        long e164 = queries.parse(number);
        Instant when = at != null ? at : Instant.now();
        List<RegisterEvent> events = queries.history(e164);
        out.printf("%s: %d events%n", NumberParser.format(e164), events.size());
        for (RegisterEvent e : events) {
          out.printf("  #%-10d %s  %-8s %-8s%s%n", e.sequence(), DateTimeFormatter.ISO_INSTANT.format(e.at()),
              e.type(), e.channel(), e.operator() == null ? "" : " operator " + e.operator());
        }
        boolean opposed = queries.wasOpposed(e164, operator, when);
        out.printf("At %s the number was %s for operator %s.%n", when,
            opposed ? "OPPOSED (registered, no ALLOW)" : "NOT OPPOSED", operator);
      }
      return 0;
    }
  }
}
