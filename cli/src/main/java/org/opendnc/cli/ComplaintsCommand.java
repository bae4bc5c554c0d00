package org.opendnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opendnc.audit.ComplaintMatcher;
import org.opendnc.audit.Complaints;
import org.opendnc.audit.Rejects;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.Profile;
import org.opendnc.store.RegisterStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dnc complaints}: import complaints and name the likely callers. */
@Command(name = "complaints", mixinStandardHelpOptions = true,
    description = "Complaints about calls: import (US FTC open data or the native CSV) and match to call records.",
    subcommands = {ComplaintsCommand.Import.class, ComplaintsCommand.Match.class})
final class ComplaintsCommand {
  @ParentCommand Dnc root;

  /** {@code dnc complaints import FILE}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Imports a complaint file (the header tells FTC from native); re-importing adds nothing.")
  static final class Import implements Callable<Integer> {
    @ParentCommand ComplaintsCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "FTC CSV (Company_Phone_Number,...) or native CSV (number_called,caller_id,called_at,company,offer,text).")
    Path file;

    @Option(names = "--zone", paramLabel = "ZONE",
        description = "Time zone of times without offset, e.g. America/New_York (default: the profile's).")
    String zone;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Profile profile = Profile.named(parent.root.profile);
      Path rejects = parent.root.dataDir.toAbsolutePath().resolve("rejects").resolve(file.getFileName() + ".rejects.csv");
      try (RegisterStore store = parent.root.openStore()) {
        Complaints.ImportResult result = Complaints.importFile(store.complaints(), file,
            NumberParser.forRegion(profile.region()), zone(zone, profile), rejects);
        out.printf("Imported %s: %,d rows, %,d new complaints, %,d already stored, %,d rejected.%n", file,
            result.rows(), result.added(), result.alreadyStored(), result.rejects().count());
        AuditCommand.printRejects(spec.commandLine().getErr(), file, result.rejects());
      }
      return 0;
    }
  }

  /** {@code dnc complaints match --calls FILE}. */
  @Command(name = "match", mixinStandardHelpOptions = true,
      description = "Matches every stored complaint to call records by caller ID and time window, naming the likely caller.")
  static final class Match implements Callable<Integer> {
    @ParentCommand ComplaintsCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--calls", required = true, paramLabel = "FILE", description = "The call records (CSV).")
    Path calls;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "PT2H",
        description = "How far from the complaint's time a call may be, each way (ISO-8601, default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "complaint-matches.csv",
        description = "Where to write one row per complaint (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Profile profile = Profile.named(parent.root.profile);
      Duration duration;
      try {
        duration = Duration.parse(window);
      } catch (java.time.format.DateTimeParseException e) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, "--window '" + window + "' is not an ISO-8601 duration such as PT2H or PT30M.");
      }
      if (duration.isNegative()) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, "--window must not be negative.");
      }
      try (RegisterStore store = parent.root.openStore();
          Rejects rejects = new Rejects(parent.root.dataDir.toAbsolutePath().resolve("rejects")
              .resolve(calls.getFileName() + ".rejects.csv"))) {
        long start = System.nanoTime();
        Complaints.MatchResult result = Complaints.match(store, calls, NumberParser.forRegion(profile.region()),
            duration, output, rejects);
        out.printf("Matched %,d complaints against %s (window ±%s) in %.1f s.%n", result.complaints(), calls,
            duration, (System.nanoTime() - start) / 1e9);
        for (Map.Entry<ComplaintMatcher.Kind, Long> kind : result.byKind().entrySet()) {
          out.printf("  %-20s %,d%n", kind.getKey(), kind.getValue());
        }
        out.printf("Matches: %s%n", output);
        AuditCommand.printRejects(spec.commandLine().getErr(), calls, rejects);
      }
      return 0;
    }
  }

  static ZoneId zone(String zone, Profile profile) {
    if (zone == null) {
      return profile.zone();
    }
    try {
      return ZoneId.of(zone);
    } catch (java.time.DateTimeException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "--zone '" + zone + "' is not a time zone such as Europe/Rome.");
    }
  }
}
