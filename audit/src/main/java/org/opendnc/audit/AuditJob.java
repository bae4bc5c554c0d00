package org.opendnc.audit;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.store.RegisterStore;

/**
 * One audit from files to files: reads the call records, the consents and contracts of the
 * register's consent ledger and of any files, judges the calls against a register's store, and writes the verdicts, the report (HTML, PDF)
 * and the evidence export. What the CLI's {@code dnc audit calls} runs.
 */
public final class AuditJob {

  /**
   * What to audit and where to write.
   *
   * @param calls the call records (CSV)
   * @param consents consents file or {@code null}; {@code contracts} likewise
   * @param verdicts the verdicts CSV to write
   * @param report the HTML report or {@code null}; {@code pdf}, {@code evidence} likewise
   * @param rejectsDirectory where the rejected rows of each input go ({@code NAME.rejects.csv})
   * @param useLedger whether the consents and contracts recorded in the register's consent ledger
   *     count too (besides the files)
   * @param ledgerKey the register's key: the ledger is first checked against its signed checkpoint
   *     ({@link LedgerConsentEvidence#verify}); {@code null} to use the records as stored
   * @param receiptKey the register's public key: every stored receipt is verified against it and
   *     one that fails is left out and reported ({@link AuditSources#of(RegisterStore,
   *     ConsentEvidence, PublicKey, java.util.function.Consumer)}); {@code null} to take them as
   *     stored
   */
  public record Request(Path calls, Path consents, Path contracts, Path verdicts, Path report, Path pdf,
      Path evidence, Path rejectsDirectory, boolean useLedger, RegisterKey ledgerKey, PublicKey receiptKey) {
    public Request {
      Objects.requireNonNull(calls, "calls");
      Objects.requireNonNull(verdicts, "verdicts");
      Objects.requireNonNull(rejectsDirectory, "rejectsDirectory");
    }

    /**
     * A request that also uses the register's consent ledger, its records as stored, and verifies
     * the receipts against {@code receiptKey} (when not {@code null}).
     */
    public Request(Path calls, Path consents, Path contracts, Path verdicts, Path report, Path pdf, Path evidence,
        Path rejectsDirectory, PublicKey receiptKey) {
      this(calls, consents, contracts, verdicts, report, pdf, evidence, rejectsDirectory, true, null, receiptKey);
    }
  }

  /** What an audit found and what it could not read. */
  public record Outcome(AuditResult result, AuditSummary summary, Rejects callRejects, Rejects consentRejects,
      Rejects contractRejects) {
    /** The stored receipts left out because their signatures did not verify (also in the summary). */
    public List<String> refusedReceipts() {
      return summary.refusedReceipts();
    }
  }

  private AuditJob() {}

  /**
   * Runs the audit.
   *
   * @throws org.opendnc.core.error.DncException for an input that cannot be read as a whole or an
   *     output that cannot be written
   */
  public static Outcome run(RegisterStore store, Profile profile, Request request, Consumer<String> progress,
      Clock clock) {
    NumberParser parser = NumberParser.forRegion(profile.region());
    try (Rejects callRejects = new Rejects(rejectsFile(request.rejectsDirectory(), request.calls()));
        Rejects consentRejects = new Rejects(request.consents() == null ? null
            : rejectsFile(request.rejectsDirectory(), request.consents()));
        Rejects contractRejects = new Rejects(request.contracts() == null ? null
            : rejectsFile(request.rejectsDirectory(), request.contracts()))) {
      long start = System.nanoTime();
      CallRecords calls = new CallRecordReader(parser).read(request.calls(), callRejects);
      progress.accept(String.format("%,d call records read, %,d rejected (%.1f s)", calls.size(),
          callRejects.count(), (System.nanoTime() - start) / 1e9));
      ConsentEvidence files = request.consents() == null && request.contracts() == null
          ? ConsentEvidence.NONE
          : FileConsentEvidence.load(request.consents(), request.contracts(), parser, profile.zone(),
              consentRejects, contractRejects);
      ConsentEvidence ledger = ConsentEvidence.NONE;
      if (request.useLedger()) {
        if (request.ledgerKey() != null) {
          LedgerConsentEvidence.verify(store, request.ledgerKey());
        }
        LedgerConsentEvidence recorded = LedgerConsentEvidence.load(store.ledgerRecords());
        progress.accept(String.format("consent ledger: %,d consents, %,d contracts%s", recorded.consentCount(),
            recorded.contractCount(), recorded.unreadable() == 0 ? ""
                : String.format(", %,d unreadable records left out", recorded.unreadable())));
        if (recorded.consentCount() + recorded.contractCount() > 0) {
          ledger = recorded;
        }
      }
      ConsentEvidence consents = ConsentEvidence.combined(ledger, files);
      List<String> refused = Collections.synchronizedList(new ArrayList<>());
      AuditResult result = new CallAudit(profile, progress).run(calls,
          AuditSources.of(store, consents, request.receiptKey(), refused::add));
      if (!refused.isEmpty()) {
        progress.accept(String.format("%,d stored receipts left out: their signatures do not verify against the"
            + " register's key, or their stored callable sets are not the ones they signed (first: %s)",
            refused.size(), refused.get(0)));
      }
      VerdictWriter.writeVerdicts(result, request.verdicts());
      if (request.evidence() != null) {
        VerdictWriter.writeEvidence(result, request.evidence());
      }
      AuditSummary summary = AuditSummary.of(result, request.calls().getFileName().toString(), callRejects.count(),
          clock.instant(), List.copyOf(refused));
      if (request.report() != null || request.pdf() != null) {
        AuditReport report = new AuditReport(summary);
        if (request.report() != null) {
          report.writeHtml(request.report());
        }
        if (request.pdf() != null) {
          report.writePdf(request.pdf());
        }
      }
      progress.accept(String.format("outputs written (%.1f s)", (System.nanoTime() - start) / 1e9));
      return new Outcome(result, summary, callRejects, consentRejects, contractRejects);
    }
  }

  static Path rejectsFile(Path directory, Path input) {
    return directory.resolve(input.getFileName() + ".rejects.csv");
  }
}
