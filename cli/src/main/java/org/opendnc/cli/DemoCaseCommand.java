package org.opendnc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opendnc.audit.AuditJob;
import org.opendnc.audit.AuditSummary;
import org.opendnc.audit.ReasonCode;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.profile.Profile;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.engine.RegisterImport;
import org.opendnc.investigate.Investigation;
import org.opendnc.investigate.InvestigationOptions;
import org.opendnc.investigate.InvestigationResult;
import org.opendnc.investigate.lineage.Edge;
import org.opendnc.investigate.sample.CaseWorld;
import org.opendnc.investigate.sample.TruthScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dnc demo case}: the regulator's tools end to end on a generated case whose truth is
 * known: seized firm files, a register, call records, switches and honeypots; a call audit and an
 * investigation, then the inferred list flows scored against the generated ones.
 */
@Command(name = "case", mixinStandardHelpOptions = true,
    description = {
      "Runs the regulator's tools on a generated case in DATA/demo/case-SEED: seized contact files of",
      "several firms (fed by brokers that were never seized), the register, call records, energy",
      "switches and honeypot numbers. Imports the register, audits the calls (dnc audit calls),",
      "investigates the case (dnc investigate), and scores the list flows found against the",
      "generated truth. Run again with the same seed to regenerate the same case."
    })
final class DemoCaseCommand implements Callable<Integer> {

  @ParentCommand DemoCommand demo;
  @Spec CommandSpec spec;

  @Option(names = "--seed", defaultValue = "20230615", description = "Seed of the generated case (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path root = demo.root.dataDir.toAbsolutePath().resolve("demo").resolve("case-" + seed);
    if (Files.exists(root.resolve("register"))) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, root + " already holds a demo case; delete that folder"
          + " to generate it again, or give another --seed.");
    }
    Files.createDirectories(root);
    CaseWorld.Paths paths = CaseWorld.paths(root);
    long t0 = System.nanoTime();
    CaseWorld.Truth truth = new CaseWorld(CaseWorld.Settings.small(seed)).write(root);
    out.printf(Locale.ROOT, "1. Generated a case of %d firms fed by %d unseized brokers in %s (%.1f s):%n",
        truth.firms().size(), truth.brokers().size(), paths.caseDir(), secondsSince(t0));
    out.printf(Locale.ROOT, "   seized files, register %s, calls %s, switches %s, honeypots %s%n",
        paths.register().getFileName(), paths.calls().getFileName(), paths.switches().getFileName(),
        paths.honeypots().getFileName());

    Path registerDir = root.resolve("register");
    RegisterConfig config = new RegisterConfig(registerDir, null, null, null, "IT");
    Path output = root.resolve("out");
    Files.createDirectories(output);
    AuditJob.Outcome audit;
    try (Register register = Register.open(config, line -> err.println("dnc: " + line))) {
      RegisterImport.Result imported = new RegisterImport(register, Clock.systemUTC())
          .run(paths.register(), root.resolve("register.rejects.csv"), bytes -> { });
      register.saveSnapshot();
      out.printf(Locale.ROOT, "2. Imported the register: %,d numbers registered, %,d rows rejected%n",
          imported.registered(), imported.rejected());
      audit = AuditJob.run(register.store(), Profile.named("IT"),
          new AuditJob.Request(paths.calls(), null, null, output.resolve("verdicts.csv"),
              output.resolve("audit-report.html"), output.resolve("audit-report.pdf"),
              output.resolve("evidence.json"), root.resolve("rejects"), register.key().publicKey()),
          line -> err.println("dnc: " + line), Clock.systemUTC());
    }
    AuditSummary summary = audit.summary();
    out.printf(Locale.ROOT, "3. Audited %,d calls: lawful %,d, violations %,d, numbers affected %,d%n",
        summary.calls(), summary.calls() - summary.violations(), summary.violations(),
        summary.affectedNumbers());
    for (Map.Entry<ReasonCode, Long> code : summary.byCode().entrySet()) {
      if (code.getValue() > 0) {
        out.printf(Locale.ROOT, "   %-32s %,d%n", code.getKey(), code.getValue());
      }
    }

    InvestigationOptions options = new InvestigationOptions(paths.caseDir(), output, registerDir.toString(),
        null, null, paths.calls(), paths.switches(), paths.honeypots(), null, paths.commissions(),
        paths.turnover(), "IT", InvestigationOptions.DEFAULT_WINDOW_DAYS, InvestigationOptions.DEFAULT_BACKDATE_DAYS,
        InvestigationOptions.DEFAULT_SHARED_CONSENT_ROWS, InvestigationOptions.DEFAULT_MAX_LINE_CHARS,
        Runtime.getRuntime().availableProcessors());
    InvestigationResult result = Investigation.of(options).run(line -> err.println("dnc: " + line));
    long flows = result.lineage().edges().stream().filter(e -> !e.fromUnseized()).count();
    long sources = result.lineage().edges().stream().filter(Edge::fromUnseized).map(Edge::from).distinct().count();
    out.printf(Locale.ROOT, "4. Investigated %d firm files in %.1f s: %d list flows between firms, %d unseized"
        + " sources%n", result.files().size(), result.elapsedMillis() / 1000.0, flows, sources);
    TruthScore score = TruthScore.of(truth, result.lineage().edges());
    out.printf(Locale.ROOT, "5. Against the generated truth: %d of %d list flows found, %d wrong"
        + " (precision %.3f, recall %.3f)%n", score.truePositives, score.truePositives + score.falseNegatives,
        score.falsePositives, score.precision(), score.recall());
    out.printf("%nOpen %s (the investigation) and %s (the call audit);%n", output.resolve("report.html"),
        output.resolve("audit-report.html"));
    out.printf("every output is in %s. The fine is the authority's decision; the reports give the facts.%n", output);
    return 0;
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
