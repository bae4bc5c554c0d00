package org.opendnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.investigate.Exposure;
import org.opendnc.investigate.Investigation;
import org.opendnc.investigate.InvestigationOptions;
import org.opendnc.investigate.InvestigationResult;
import org.opendnc.investigate.ingest.FileSummary;
import org.opendnc.investigate.lineage.Edge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dnc investigate}: forensics on a case folder of seized contact databases. */
@Command(
    name = "investigate",
    mixinStandardHelpOptions = true,
    description = {
      "Investigates a case folder of seized contact databases (one file per firm: CSV, XLSX, JSON lines",
      "or SQLite): how lists moved between firms (unseized sources included), consents missing, shared,",
      "backdated or revoked by a registration, honeypot hits, reverse switches, calls while opposed, and",
      "the exposure per firm. Writes lineage.csv, consent_findings.csv, reverse_switches.csv,",
      "honeypot_hits.csv, report.html and report.pdf (guide: docs/investigate.md)."
    })
final class InvestigateCommand implements Callable<Integer> {
  @ParentCommand Dnc root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CASE_DIR", description = "The case folder: one seized file per firm, named after the firm.")
  Path caseDir;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT_DIR", description = "Folder for the outputs (created if needed).")
  Path output;

  @Option(names = "--register", paramLabel = "DATA_DIR_OR_DB",
      description = "The register: its data directory, its SQLite file, a JDBC URL (with --db-user/--db-password) or a CSV export (number,registered_at).")
  String register;

  @Option(names = "--calls", paramLabel = "FILE", description = "Call records (CSV: call_id,operator,caller_id,callee,started_at,...); needs --register.")
  Path calls;

  @Option(names = "--switches", paramLabel = "FILE", description = "Energy switching records (CSV: pod,from_supplier,to_supplier,requested_at,agent_firm,agent_id).")
  Path switches;

  @Option(names = "--honeypots", paramLabel = "FILE", description = "The regulator's honeypot numbers, one per line.")
  Path honeypots;

  @Option(names = "--mapping", paramLabel = "FILE", description = "Column mapping per firm (JSON or YAML), overriding the columns found.")
  Path mapping;

  @Option(names = "--commissions", paramLabel = "FILE", description = "Commission per switch (CSV: supplier,commission_eur[,firm]).")
  Path commissions;

  @Option(names = "--turnover", paramLabel = "FILE", description = "Worldwide annual turnover per firm (CSV: firm,turnover_eur) for the GDPR art. 83 ceiling.")
  Path turnover;

  @Option(names = "--window-days", defaultValue = "" + InvestigationOptions.DEFAULT_WINDOW_DAYS,
      description = "A switch back within this many days is a reverse switch (default: ${DEFAULT-VALUE}).")
  int windowDays;

  @Option(names = "--backdate-days", defaultValue = "" + InvestigationOptions.DEFAULT_BACKDATE_DAYS,
      description = "Flag consents dated more than this many days before anyone in the case held the number (default: ${DEFAULT-VALUE}).")
  int backdateDays;

  @Option(names = "--shared-consent-rows", defaultValue = "" + InvestigationOptions.DEFAULT_SHARED_CONSENT_ROWS,
      description = "Flag a consent timestamp carried by at least this many rows of one file (default: ${DEFAULT-VALUE}).")
  int sharedConsentRows;

  @Option(names = "--threads", paramLabel = "N", description = "Files read at once (default: the number of cores).")
  Integer threads;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (windowDays < 1 || backdateDays < 0 || sharedConsentRows < 2 || threads != null && threads < 1) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "--window-days must be at least 1, --backdate-days at least 0,"
          + " --shared-consent-rows at least 2 and --threads at least 1.");
    }
    InvestigationOptions options = new InvestigationOptions(caseDir, output, register, root.databaseUser, root.databasePassword,
        calls, switches, honeypots, mapping, commissions, turnover, root.profile, windowDays, backdateDays, sharedConsentRows,
        InvestigationOptions.DEFAULT_MAX_LINE_CHARS, threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    InvestigationResult result = Investigation.of(options).run(line -> err.println("dnc: " + line));
    long failed = 0;
    for (FileSummary file : result.files()) {
      if (file.failed()) {
        failed++;
        err.println("dnc: warning: " + file.file() + " was left out: " + file.errorCode() + " " + file.error());
      } else if (file.unreadable() > 0) {
        err.printf(Locale.ROOT, "dnc: warning: %s: %,d unreadable rows (see unreadable_rows.csv)%n", file.file(), file.unreadable());
      }
    }
    long flows = result.lineage().edges().stream().filter(e -> !e.fromUnseized()).count();
    long sources = result.lineage().edges().stream().filter(Edge::fromUnseized).map(Edge::from).distinct().count();
    out.printf(Locale.ROOT, "Investigated %d firm files (%d left out) in %.1f s.%n", result.files().size(), failed,
        result.elapsedMillis() / 1000.0);
    out.printf(Locale.ROOT, "  list flows between firms %d, unseized sources %d%n", flows, sources);
    for (Exposure e : result.exposures()) {
      out.printf(Locale.ROOT, "  %-20s numbers %,d, without valid consent %,d, calls while opposed %,d, reverse switches %,d%n",
          e.firm(), e.dataSubjects(), e.withoutValidConsent(), e.callsWhileOpposed(), e.reverseSwitches());
    }
    out.println("Outputs in " + output + ": lineage.csv, consent_findings.csv, reverse_switches.csv, honeypot_hits.csv,"
        + " report.html, report.pdf (and pairs.csv, unreadable_rows.csv).");
    out.println("The fine is the authority's decision; the report gives the facts and the GDPR art. 83(5) ceiling.");
    return 0;
  }
}
