package org.opendnc.investigate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to investigate and how.
 *
 * @param caseDir the case folder: one seized file per firm
 * @param output the folder the outputs are written to (created if needed)
 * @param register a register data directory, a SQLite file, a JDBC URL or a register CSV export; may be null
 * @param calls call records (CSV); may be null
 * @param switches energy switching records (CSV); may be null
 * @param honeypots the regulator's honeypot numbers, one per line; may be null
 * @param mapping a column mapping (JSON or YAML); may be null
 * @param commissions commission rates per supplier (CSV); may be null
 * @param turnover worldwide annual turnover per firm in EUR (CSV firm,turnover_eur); may be null
 * @param windowDays how soon a switch back counts as a reverse switch
 * @param backdateDays how long before the first holding a consent date is flagged
 * @param sharedConsentRows how many rows must share one consent timestamp to flag them
 * @param maxLineChars the longest line read; longer lines are skipped as unreadable
 * @param threads files read at once
 */
public record InvestigationOptions(
    Path caseDir,
    Path output,
    String register,
    String databaseUser,
    String databasePassword,
    Path calls,
    Path switches,
    Path honeypots,
    Path mapping,
    Path commissions,
    Path turnover,
    String profile,
    int windowDays,
    int backdateDays,
    int sharedConsentRows,
    int maxLineChars,
    int threads) {

  public static final int DEFAULT_WINDOW_DAYS = 90;
  public static final int DEFAULT_BACKDATE_DAYS = 365;
  public static final int DEFAULT_SHARED_CONSENT_ROWS = 10;
  public static final int DEFAULT_MAX_LINE_CHARS = 1 << 20;

  public InvestigationOptions {
    Objects.requireNonNull(caseDir, "caseDir");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(profile, "profile");
  }

  /** A case with defaults for everything but the folders. */
  public static InvestigationOptions of(Path caseDir, Path output) {
    return new InvestigationOptions(caseDir, output, null, null, null, null, null, null, null, null, null, "IT",
        DEFAULT_WINDOW_DAYS, DEFAULT_BACKDATE_DAYS, DEFAULT_SHARED_CONSENT_ROWS, DEFAULT_MAX_LINE_CHARS,
        Runtime.getRuntime().availableProcessors());
  }

  public InvestigationOptions withRegister(String value) {
    return new InvestigationOptions(caseDir, output, value, databaseUser, databasePassword, calls, switches, honeypots,
        mapping, commissions, turnover, profile, windowDays, backdateDays, sharedConsentRows, maxLineChars, threads);
  }

  public InvestigationOptions withInputs(Path callsFile, Path switchesFile, Path honeypotsFile, Path mappingFile,
      Path commissionsFile, Path turnoverFile) {
    return new InvestigationOptions(caseDir, output, register, databaseUser, databasePassword, callsFile, switchesFile,
        honeypotsFile, mappingFile, commissionsFile, turnoverFile, profile, windowDays, backdateDays, sharedConsentRows,
        maxLineChars, threads);
  }

  public InvestigationOptions withMaxLineChars(int value) {
    return new InvestigationOptions(caseDir, output, register, databaseUser, databasePassword, calls, switches, honeypots,
        mapping, commissions, turnover, profile, windowDays, backdateDays, sharedConsentRows, value, threads);
  }
}
