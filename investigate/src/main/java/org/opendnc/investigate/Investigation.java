package org.opendnc.investigate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.Profile;
import org.opendnc.investigate.findings.ConsentAnalysis;
import org.opendnc.investigate.findings.Csv;
import org.opendnc.investigate.findings.HoneypotAnalysis;
import org.opendnc.investigate.ingest.CaseReader;
import org.opendnc.investigate.ingest.FileSummary;
import org.opendnc.investigate.ingest.FirmRecords;
import org.opendnc.investigate.ingest.Mapping;
import org.opendnc.investigate.lineage.CaseMerge;
import org.opendnc.investigate.lineage.Edge;
import org.opendnc.investigate.lineage.LineageAnalysis;
import org.opendnc.investigate.register.CsvRegisterSource;
import org.opendnc.investigate.register.HistoryOpposedCallCounter;
import org.opendnc.investigate.register.OpposedCallCounter;
import org.opendnc.investigate.register.OpposedCalls;
import org.opendnc.investigate.register.RegisterSource;
import org.opendnc.investigate.register.Registrations;
import org.opendnc.investigate.register.StoreRegisterSource;
import org.opendnc.investigate.report.HtmlReport;
import org.opendnc.investigate.report.PdfReport;
import org.opendnc.investigate.switches.ReverseSwitchAnalysis;
import org.opendnc.store.RegisterStore;
import org.opendnc.store.StoreException;

/**
 * Runs an investigation of a case folder and writes its outputs: lineage.csv,
 * consent_findings.csv, reverse_switches.csv, honeypot_hits.csv, report.html and report.pdf (plus
 * pairs.csv, unreadable_rows.csv and, with calls, calls_while_opposed.csv).
 */
public final class Investigation {
  /*
   * Steps: read the register and the call records (when given) first, so consent revocations can
   * be judged in the merge; read every firm's file (several at once; a failing file is reported
   * and left out); one merge pass computes lineage pass 1, consent findings and honeypot hits;
   * lineage pass 2 (a second merge) finds unseized sources; switches are read on their own; then
   * the exposure per firm and the outputs. Memory: the firms' packed records (about 15 bytes a
   * record) plus, while one file is being read, about 40 bytes a row of that file.
   */
  static {
    // POI logs through Log4j's API; without a provider Log4j prints a warning of its own on first use.
    if (System.getProperty("log4j2.loggerContextFactory") == null) {
      System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
      System.setProperty("org.apache.logging.log4j.simplelog.level", "ERROR");
    }
  }

  private final InvestigationOptions options;
  private final Clock clock;
  private final java.util.function.Supplier<RegisterSource> registerSource;

  public Investigation(InvestigationOptions options, Clock clock) {
    this(options, clock, null);
  }

  /**
   * An investigation that reads the register from {@code registerSource} (e.g. the server's own,
   * already open store) instead of opening {@code options.register()}, which then only names it.
   *
   * @param registerSource opens the register when {@code options.register()} is set; {@code null}:
   *     open {@code options.register()} as the command line does
   */
  public Investigation(InvestigationOptions options, Clock clock,
      java.util.function.Supplier<RegisterSource> registerSource) {
    this.options = options;
    this.clock = clock;
    this.registerSource = registerSource;
  }

  /**
   * Runs the whole investigation. Bad input files are reported in the result and the report, not
   * thrown; bad options or unreadable side inputs (register, calls, switches, honeypots) throw.
   *
   * @throws DncException with a stable code when an input named on the command line cannot be used
   *     or an output cannot be written
   */
  public InvestigationResult run(Consumer<String> progress) {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    Profile profile = Profile.forCode(options.profile());
    NumberParser parser = NumberParser.forRegion(profile.region());
    ZoneId zone = profile.zone();
    createOutput();
    List<Path> outputs = new ArrayList<>();

    // Side inputs first: a wrong path fails fast, before hours of reading.
    Mapping mapping = options.mapping() == null ? Mapping.none() : Mapping.load(options.mapping());
    long[] honeypots = options.honeypots() == null ? new long[0] : readHoneypots(options.honeypots(), parser);
    List<Path> files = CaseReader.caseFiles(options.caseDir());

    Registrations registrations = Registrations.none();
    OpposedCalls calls = null;
    String registerDescription = null;
    if (options.register() != null) {
      try (RegisterSource register = openRegister(options.register(), parser, zone)) {
        progress.accept("reading the register: " + options.register());
        if (options.calls() != null) {
          HistoryOpposedCallCounter history = new HistoryOpposedCallCounter(register, parser, zone);
          OpposedCallCounter counter = history; // the seam where the call audit (module audit) will stand
          calls = counter.count(options.calls());
          registrations = history.loaded().registrations(); // read once, with the histories
        } else {
          registrations = register.load(new long[0]).registrations();
        }
        registerDescription = register.describe();
      }
    } else if (options.calls() != null) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "--calls needs --register: calls are judged on the register's"
          + " history at call time.");
    }

    ReverseSwitchAnalysis.Result switches = null;
    if (options.switches() != null) {
      Map<String, Double> rates = Map.of();
      Map<String, Double> firmRates = Map.of();
      if (options.commissions() != null) {
        var read = ReverseSwitchAnalysis.readCommissions(options.commissions());
        rates = read.get("rates");
        firmRates = read.get("firmRates");
      }
      switches = new ReverseSwitchAnalysis(zone, options.windowDays(), rates, firmRates).run(options.switches());
      progress.accept(String.format(Locale.ROOT, "switches: %,d read, %,d reverse switches", switches.switches(),
          switches.reverseSwitches().size()));
    }
    Map<String, Double> turnover = options.turnover() == null ? Map.of()
        : ReverseSwitchAnalysis.readFirmValues(options.turnover(), "turnover_eur");

    // The firms' files.
    Path unreadablePath = options.output().resolve("unreadable_rows.csv");
    List<CaseReader.FirmFile> read;
    try (BufferedWriter unreadable = Files.newBufferedWriter(unreadablePath, StandardCharsets.UTF_8)) {
      unreadable.write("file,line,reason,detail\n");
      CaseReader reader = new CaseReader(new CaseReader.Options(parser, zone, mapping, options.maxLineChars(),
          options.sharedConsentRows(), options.threads()));
      read = reader.read(files, (file, line, reason, detail) -> {
        synchronized (unreadable) {
          try {
            unreadable.write(Csv.field(file) + "," + line + "," + reason + "," + Csv.field(detail) + "\n");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }, line -> progress.accept("read " + line));
    } catch (IOException | UncheckedIOException e) {
      throw unwritable(unreadablePath, e);
    }
    outputs.add(unreadablePath);
    List<FileSummary> summaries = read.stream().map(CaseReader.FirmFile::summary).toList();
    List<FirmRecords> firms = read.stream().map(CaseReader.FirmFile::records).filter(r -> r != null).toList();
    List<String> firmFiles = read.stream().filter(f -> f.records() != null).map(f -> f.summary().file()).toList();
    if (firms.isEmpty()) {
      String errors = summaries.stream().filter(FileSummary::failed).limit(3)
          .map(f -> f.errorCode() + " " + f.error()).reduce((a, b) -> a + "; " + b).orElse("the folder holds no file");
      throw new DncException(ErrorCode.INPUT_EMPTY, options.caseDir() + ": no file of the case could be read: " + errors);
    }
    long recordsBytes = firms.stream().mapToLong(FirmRecords::sizeInBytes).sum();

    // One merge: lineage pass 1, consents, honeypots.
    progress.accept("tracing lineage and consents over " + firms.size() + " firms");
    LineageAnalysis lineage = new LineageAnalysis(firms, LineageAnalysis.Settings.defaults());
    ConsentAnalysis consent = new ConsentAnalysis(firms, firmFiles, registrations, options.backdateDays(), zone);
    HoneypotAnalysis honeypotAnalysis = new HoneypotAnalysis(firms, honeypots);
    CaseMerge.run(firms, lineage.firstPass(), consent, honeypotAnalysis);
    progress.accept("finding unseized sources");
    LineageAnalysis.Result lineageResult = lineage.finish();
    progress.accept("writing the findings");

    outputs.add(writeLineage(lineageResult));
    outputs.add(writePairs(lineageResult));
    outputs.add(writeBytes("consent_findings.csv", "firm,file,line,number,finding,detail", out -> consent.write(out, options.threads())));
    outputs.add(write("honeypot_hits.csv", "number,firm,first_seen", out -> {
      for (HoneypotAnalysis.Hit hit : honeypotAnalysis.hits()) {
        out.write("+" + hit.number() + "," + Csv.field(hit.firm()) + "," + (hit.firstSeen() == null ? "" : hit.firstSeen()) + "\n");
      }
    }));
    ReverseSwitchAnalysis.Result switchResult = switches;
    outputs.add(write("reverse_switches.csv", "pod,firm,from_supplier,to_supplier,first_date,back_date,agent_ids", out -> {
      if (switchResult != null) {
        for (var s : switchResult.reverseSwitches()) {
          out.write(Csv.field(s.pod()) + "," + Csv.field(String.join(";", s.firms())) + "," + Csv.field(s.fromSupplier()) + ","
              + Csv.field(s.toSupplier()) + "," + s.firstDate() + "," + s.backDate() + "," + Csv.field(String.join(";", s.agentIds())) + "\n");
        }
      }
    }));
    OpposedCalls callResult = calls;
    if (calls != null) {
      outputs.add(write("calls_while_opposed.csv", "call_id,operator,callee,started_at", out -> {
        for (var call : callResult.examples()) {
          out.write(Csv.field(call.callId()) + "," + Csv.field(call.operator()) + ",+" + call.callee() + "," + call.startedAt() + "\n");
        }
      }));
    }

    List<ConsentAnalysis.FirmConsent> consents = new ArrayList<>();
    for (int f = 0; f < firms.size(); f++) {
      consents.add(consent.summary(f));
    }
    List<Exposure> exposures = exposures(consents, calls, switches, turnover);
    long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
    InvestigationResult result = new InvestigationResult(options.caseDir(), started, elapsed, summaries, lineageResult,
        consents, honeypotAnalysis.hits(), honeypots.length, switches, calls, registerDescription, registrations.size(),
        exposures, outputs, recordsBytes);
    progress.accept("writing the report");
    String html = HtmlReport.render(result);
    Path htmlPath = options.output().resolve("report.html");
    Path pdfPath = options.output().resolve("report.pdf");
    try {
      Files.writeString(htmlPath, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unwritable(htmlPath, e);
    }
    PdfReport.write(HtmlReport.renderForPdf(result), pdfPath);
    outputs.add(htmlPath);
    outputs.add(pdfPath);
    return result;
  }

  private List<Exposure> exposures(List<ConsentAnalysis.FirmConsent> consents, OpposedCalls calls,
      ReverseSwitchAnalysis.Result switches, Map<String, Double> turnover) {
    Map<String, OpposedCalls.OperatorCalls> byOperator = new HashMap<>();
    if (calls != null) {
      calls.byOperator().forEach((operator, counts) -> byOperator.merge(normalise(operator), counts,
          (a, b) -> new OpposedCalls.OperatorCalls(a.calls() + b.calls(), a.callsWhileOpposed() + b.callsWhileOpposed(),
              a.numbersWhileOpposed() + b.numbersWhileOpposed())));
    }
    Map<String, ReverseSwitchAnalysis.FirmSwitches> switchesByFirm = new HashMap<>();
    if (switches != null) {
      switches.byFirm().forEach((firm, s) -> switchesByFirm.put(normalise(firm), s));
    }
    List<Exposure> exposures = new ArrayList<>();
    for (ConsentAnalysis.FirmConsent c : consents) {
      String key = normalise(c.firm());
      OpposedCalls.OperatorCalls oc = byOperator.get(key);
      ReverseSwitchAnalysis.FirmSwitches fs = switchesByFirm.get(key);
      Double t = turnover.get(c.firm().toLowerCase(Locale.ROOT));
      exposures.add(new Exposure(c.firm(), c.dataSubjects(), c.withoutValidConsent(), oc == null ? 0 : oc.callsWhileOpposed(),
          oc == null ? 0 : oc.numbersWhileOpposed(), fs == null ? 0 : fs.reverseSwitches(), fs == null ? 0 : fs.commissionEur(),
          t, Exposure.ceiling(t)));
    }
    return exposures;
  }

  /** Firm and operator names compared without case, spaces or punctuation. */
  static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
  }

  private Path writeLineage(LineageAnalysis.Result lineage) {
    return write("lineage.csv", "from,to,first_date,shared_numbers,evidence,confidence", out -> {
      for (Edge edge : lineage.edges()) {
        out.write(Csv.field(edge.from()) + "," + Csv.field(edge.to()) + "," + (edge.firstDate() == null ? "" : edge.firstDate())
            + "," + edge.records() + "," + Csv.field(edge.evidence()) + "," + String.format(Locale.ROOT, "%.3f", edge.confidence()) + "\n");
      }
    });
  }

  private Path writePairs(LineageAnalysis.Result lineage) {
    return write("pairs.csv", "firm_a,firm_b,shared_numbers,share_of_a,share_of_b,first_held_by_a,first_held_by_b,same_day,"
        + "shared_invalid_numbers,names_compared,names_identical,numbers_written_alike", out -> {
          for (var p : lineage.pairs()) {
            out.write(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%d,%d,%d,%d,%d,%d,%d%n", Csv.field(p.firmA()),
                Csv.field(p.firmB()), p.sharedNumbers(), p.containmentOfAInB(), p.containmentOfBInA(), p.firstHeldByA(),
                p.firstHeldByB(), p.sameDay(), p.sharedInvalid(), p.namesCompared(), p.namesIdentical(), p.shapesIdentical()));
          }
        });
  }

  private interface Body {
    void write(Writer out) throws IOException;
  }

  private Path write(String name, String header, Body body) {
    Path path = options.output().resolve(name);
    try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      out.write(header);
      out.write('\n');
      body.write(out);
    } catch (IOException e) {
      throw unwritable(path, e);
    }
    return path;
  }

  private interface ByteBody {
    void write(OutputStream out) throws IOException;
  }

  /** As {@link #write(String, String, Body)} for a body that writes UTF-8 bytes itself. */
  private Path writeBytes(String name, String header, ByteBody body) {
    Path path = options.output().resolve(name);
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
      out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
      body.write(out);
    } catch (IOException e) {
      throw unwritable(path, e);
    }
    return path;
  }

  private void createOutput() {
    try {
      Files.createDirectories(options.output());
    } catch (IOException e) {
      throw unwritable(options.output(), e);
    }
  }

  private static DncException unwritable(Path path, Exception e) {
    return new DncException(ErrorCode.OUTPUT_UNWRITABLE, path + ": cannot be written (" + e.getMessage()
        + "). Choose another --output folder.", e);
  }

  /** Opens the register named on the command line: a CSV export, a SQLite file or data directory, or a JDBC URL. */
  RegisterSource openRegister(String where, NumberParser parser, ZoneId zone) {
    if (registerSource != null) {
      return registerSource.get();
    }
    try {
      if (where.startsWith("jdbc:")) {
        return new StoreRegisterSource(RegisterStore.open(where, options.databaseUser(), options.databasePassword()), where.replaceAll("\\?.*", ""));
      }
      Path path = Path.of(where);
      if (Files.isDirectory(path)) {
        if (!Files.isRegularFile(path.resolve(RegisterStore.SQLITE_FILE_NAME))) {
          throw new DncException(ErrorCode.INPUT_NOT_FOUND, where + ": no register database (" + RegisterStore.SQLITE_FILE_NAME
              + ") in this folder. Give the register's data directory, its .db file, a JDBC URL or a CSV export.");
        }
        return new StoreRegisterSource(RegisterStore.openSqlite(path), path.toString());
      }
      if (!Files.isRegularFile(path)) {
        throw new DncException(ErrorCode.INPUT_NOT_FOUND, where + ": no such register (folder, .db file, JDBC URL or CSV export).");
      }
      if (where.toLowerCase(Locale.ROOT).endsWith(".csv")) {
        return new CsvRegisterSource(path, parser, zone);
      }
      return new StoreRegisterSource(RegisterStore.open("jdbc:sqlite:" + path.toAbsolutePath(), null, null), path.toString());
    } catch (StoreException e) {
      throw new DncException(ErrorCode.STORE_UNAVAILABLE, e.getMessage(), e);
    }
  }

  /** Reads honeypot numbers: one per line (a header line and unreadable lines are reported, not used). */
  static long[] readHoneypots(Path file, NumberParser parser) {
    if (!Files.isRegularFile(file)) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such honeypot file.");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": cannot read the honeypot numbers (" + e.getMessage()
          + "); write one number per line in UTF-8.");
    }
    long[] numbers = new long[lines.size()];
    int count = 0;
    int bad = 0;
    String firstBad = null;
    for (int i = 0; i < lines.size(); i++) {
      String cell = lines.get(i).split("[,;\t]", 2)[0].strip().replace("\uFEFF", "");
      if (cell.isEmpty()) {
        continue;
      }
      long e164 = parser.parseE164(cell);
      if (e164 == 0) {
        if (i > 0 || Character.isDigit(cell.charAt(cell.length() - 1))) {
          bad++;
          if (firstBad == null) {
            firstBad = "line " + (i + 1) + " ('" + cell + "')";
          }
        }
        continue;
      }
      numbers[count++] = e164;
    }
    if (bad > 0) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, file + ": " + bad + " line(s) are not valid numbers, first " + firstBad
          + ". A honeypot list must be exact: fix or remove them.");
    }
    return Arrays.stream(numbers, 0, count).sorted().distinct().toArray();
  }

  /** The default clock. */
  public static Investigation of(InvestigationOptions options) {
    return new Investigation(options, Clock.systemUTC());
  }
}
