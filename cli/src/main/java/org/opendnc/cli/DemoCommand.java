package org.opendnc.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.core.sample.SampleData;
import org.opendnc.engine.ListCheck;
import org.opendnc.engine.ReceiptCheck;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.engine.RegisterImport;
import org.opendnc.engine.RegisterUpdates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dnc demo}: generates a realistic register and list, imports, checks and verifies. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    subcommands = DemoCaseCommand.class,
    description = {
      "Runs the register end to end on generated Italian data in DATA/demo: generates a register and",
      "an operator's call list, imports the register, records a few ALLOWs, checks the list, and",
      "verifies the signed receipt. Safe to run again: the import is idempotent.",
      "`dnc demo case` does the same for the regulator's tools: a generated case, audited and investigated."
    })
final class DemoCommand implements Callable<Integer> {
  static final String OPERATOR = "demo-operator";

  @ParentCommand Dnc root;
  @Spec CommandSpec spec;

  @Option(names = "--register-size", defaultValue = "1000000", description = "Registered numbers (default: ${DEFAULT-VALUE}).")
  long registerSize;

  @Option(names = "--list-size", defaultValue = "200000", description = "Rows in the call list (default: ${DEFAULT-VALUE}).")
  long listSize;

  @Option(names = "--seed", defaultValue = "20230413", description = "Seed of the generated data.")
  long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (registerSize < 1 || listSize < 1) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "--register-size and --list-size must be at least 1.");
    }
    Path dir = root.dataDir.toAbsolutePath().resolve("demo");
    Files.createDirectories(dir);
    Path registerCsv = dir.resolve("register-" + registerSize + "-" + seed + ".csv");
    Path listCsv = dir.resolve("list-" + listSize + "-" + seed + ".csv");
    SampleData.Profile sample = SampleData.Profile.IT;

    long t0 = System.nanoTime();
    if (!Files.exists(registerCsv)) {
      SampleData.writeRegister(registerCsv, registerSize, seed, sample);
    }
    if (!Files.exists(listCsv)) {
      SampleData.writeList(listCsv, listSize, seed + 1, registerCsv, 0.3, sample);
    }
    out.printf("1. Generated %s (%,d numbers) and %s (%,d rows) in %.1f s%n",
        registerCsv.getFileName(), registerSize, listCsv.getFileName(), listSize, secondsSince(t0));

    RegisterConfig config = new RegisterConfig(dir.resolve("register"), null, null, null, "IT");
    try (Register register = Register.open(config, line -> err.println("dnc: " + line))) {
      long t1 = System.nanoTime();
      RegisterImport.Result imported;
      try (Progress progress = Progress.start("Importing", ScrubCommand.sizeOf(registerCsv))) {
        imported = new RegisterImport(register, Clock.systemUTC())
            .run(registerCsv, dir.resolve("register.rejects.csv"), progress.bytes());
      }
      register.saveSnapshot();
      double importSeconds = secondsSince(t1);
      out.printf("2. Imported the register into %s in %.1f s (%,.0f rows/s)%n",
          register.store().describe(), importSeconds, imported.rows() / Math.max(importSeconds, 1e-9));
      out.printf("   newly registered %,d, already registered %,d, duplicates %,d, rejected %,d (lines: %s)%n",
          imported.registered(), imported.alreadyRegistered(), imported.duplicates(), imported.rejected(),
          imported.firstRejected().stream().limit(3).map(r -> r.line() + " " + r.reason()).toList());

      List<RegisterEvent> allows = new ArrayList<>();
      for (long e164 : firstNumbers(registerCsv, register, 5)) {
        if (register.view().isOpposedFor(e164, OPERATOR)) {
          allows.add(RegisterEvent.of(e164, EventType.ALLOW, OPERATOR, Instant.now(), Channel.WEB, "demo"));
        }
      }
      new RegisterUpdates(register).record(allows);
      out.printf("3. %d subscribers allowed %s (ALLOW); register version %,d, %,d numbers registered%n",
          allows.size(), OPERATOR, register.view().version(), register.view().registeredCount());

      long t2 = System.nanoTime();
      Path result = dir.resolve("list-checked.csv");
      ListCheck.Outcome outcome;
      try (Progress progress = Progress.start("Checking", ScrubCommand.sizeOf(listCsv))) {
        outcome = new ListCheck(register, Clock.systemUTC())
            .run(listCsv, result, new CheckOptions(OPERATOR, null, false), progress.bytes());
      }
      double checkSeconds = secondsSince(t2);
      var counts = outcome.receipt().counts();
      out.printf("4. Checked %,d rows in %.2f s (%,.0f rows/s): callable %,d, blocked %,d, invalid %,d%n",
          counts.rows(), checkSeconds, counts.rows() / Math.max(checkSeconds, 1e-9),
          counts.callable(), counts.blocked(), counts.invalid());
      out.printf("   result  %s%n   receipt %s%n", outcome.output(), outcome.receiptFile());

      ReceiptCheck.Report report = ReceiptCheck.verify(
          outcome.receiptFile(), register.key().publicKey(), register.key().keyId(), outcome.output(), listCsv);
      if (!report.valid()) {
        throw report.failure();
      }
      out.printf("5. Receipt %s verified: signature and both SHA-256 hashes match; valid until %s%n",
          outcome.receipt().id(), outcome.receipt().validUntil());
      out.printf("%nTry: ./dnc --data %s scrub %s --operator acme%n", dir.resolve("register"), listCsv);
    }
    return 0;
  }

  /** The first {@code n} valid numbers of the register file, to ALLOW the demo operator. */
  private static List<Long> firstNumbers(Path registerCsv, Register register, int n) throws IOException {
    List<Long> numbers = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(registerCsv, StandardCharsets.UTF_8)) {
      reader.readLine();
      String line;
      while (numbers.size() < n && (line = reader.readLine()) != null) {
        int comma = line.indexOf(',');
        long e164 = register.parser().parseE164(comma < 0 ? line : line.substring(0, comma));
        if (e164 != 0) {
          numbers.add(e164);
        }
      }
    }
    return numbers;
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
