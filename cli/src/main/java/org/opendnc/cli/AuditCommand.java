package org.opendnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opendnc.audit.AuditJob;
import org.opendnc.audit.AuditSummary;
import org.opendnc.audit.ReasonCode;
import org.opendnc.audit.RejectedRow;
import org.opendnc.audit.Rejects;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.engine.Keys;
import org.opendnc.store.RegisterStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dnc audit}: call-record audits against the register's history (docs/audit.md). */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Audits call records against the register's history, checks, consents and the profile's rules.",
    subcommands = {AuditCommand.Calls.class})
final class AuditCommand {
  @ParentCommand Dnc root;

  /** {@code dnc audit calls FILE --output verdicts.csv}. */
  @Command(name = "calls", mixinStandardHelpOptions = true,
      description = {
        "Judges every call of a call-detail-record CSV (call_id,operator,caller_id,callee,started_at,",
        "duration_s,outcome,campaign,origin_country) and writes call_id,verdict,reasons,evidence."
      })
  static final class Calls implements Callable<Integer> {
    @ParentCommand AuditCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The call records (CSV with a header).")
    Path calls;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The verdicts CSV to write.")
    Path output;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report as one HTML file.")
    Path report;

    @Option(names = "--pdf", paramLabel = "FILE", description = "Also write the report as PDF.")
    Path pdf;

    @Option(names = "--evidence", paramLabel = "FILE",
        description = "Also write every violation with its reasons and evidence ids (.json for JSON, else CSV).")
    Path evidence;

    @Option(names = "--consents", paramLabel = "FILE",
        description = "Consents: consent_id,operator,number,given_at,withdrawn_at (CSV, or JSON lines as .jsonl).")
    Path consents;

    @Option(names = "--contracts", paramLabel = "FILE",
        description = "Contracts: contract_id,operator,number,start,end (CSV, or JSON lines as .jsonl).")
    Path contracts;

    @Option(names = "--no-ledger",
        description = "Ignore the consents and contracts recorded in the register's consent ledger (use only the files).")
    boolean noLedger;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Dnc root = parent.root;
      Profile profile = Profile.named(root.profile);
      Path rejects = root.dataDir.toAbsolutePath().resolve("rejects");
      AuditJob.Outcome outcome;
      try (RegisterStore store = root.openStore()) {
        RegisterKey key = Keys.registerKey(root.dataDir);
        outcome = AuditJob.run(store, profile, new AuditJob.Request(calls, consents, contracts, output, report, pdf,
            evidence, rejects, !noLedger, noLedger ? null : key, key.publicKey()),
            line -> err.println("dnc: " + line), Clock.systemUTC());
      }
      AuditSummary summary = outcome.summary();
      out.printf("Audited %,d calls of %s under profile %s against register version %,d.%n", summary.calls(), calls,
          profile.code(), summary.registerVersion());
      out.printf("  lawful %,d   violations %,d   numbers affected %,d   rows not audited %,d%n",
          summary.calls() - summary.violations(), summary.violations(), summary.affectedNumbers(),
          summary.rejectedRows());
      for (Map.Entry<ReasonCode, Long> code : summary.byCode().entrySet()) {
        if (code.getValue() > 0) {
          out.printf("  %-32s %,d%n", code.getKey(), code.getValue());
        }
      }
      out.printf("Verdicts: %s%n", output);
      if (report != null) {
        out.printf("Report:   %s%n", report);
      }
      if (pdf != null) {
        out.printf("PDF:      %s%n", pdf);
      }
      if (evidence != null) {
        out.printf("Evidence: %s%n", evidence);
      }
      printRejects(err, calls, outcome.callRejects());
      printRejects(err, consents, outcome.consentRejects());
      printRejects(err, contracts, outcome.contractRejects());
      return 0;
    }
  }

  /** Prints the first rejected rows of an input and where the rest are. */
  static void printRejects(PrintWriter err, Path input, Rejects rejects) {
    if (input == null || rejects.count() == 0) {
      return;
    }
    err.printf("dnc: %s: %,d rows rejected (all in %s):%n", input, rejects.count(), rejects.file());
    for (RejectedRow row : rejects.first()) {
      err.printf("dnc:   line %d: %s: %s%n", row.line(), row.reason(), row.detail());
    }
  }
}
