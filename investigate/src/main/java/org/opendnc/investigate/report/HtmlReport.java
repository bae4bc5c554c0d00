package org.opendnc.investigate.report;

import static org.opendnc.investigate.report.Html.count;
import static org.opendnc.investigate.report.Html.escape;
import static org.opendnc.investigate.report.Html.euro;
import static org.opendnc.investigate.report.Html.percent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.opendnc.investigate.Exposure;
import org.opendnc.investigate.InvestigationResult;
import org.opendnc.investigate.findings.ConsentAnalysis;
import org.opendnc.investigate.findings.ConsentFinding;
import org.opendnc.investigate.findings.HoneypotAnalysis;
import org.opendnc.investigate.ingest.FileSummary;
import org.opendnc.investigate.lineage.Edge;
import org.opendnc.investigate.lineage.PairStatistics;

/** The investigation report as one self-contained XHTML page. */
public final class HtmlReport {
  private static final int MAX_LISTED = 200;
  private static final String STATEMENT =
      "This report states facts found in the seized files and the inputs named below, with the evidence for each."
          + " It does not decide anything: whether an infringement occurred, and any fine, are for the supervisory"
          + " authority to decide (GDPR art. 58 and 83). The amounts under \u201cceiling\u201d are only the statutory"
          + " maximum of GDPR art. 83(5): 20 M EUR or 4 % of the worldwide annual turnover of the preceding year,"
          + " whichever is higher.";

  private final InvestigationResult result;
  private final BiFunction<Integer, Integer, Canvas> canvases;
  private final StringBuilder html = new StringBuilder(1 << 16);

  private HtmlReport(InvestigationResult result, BiFunction<Integer, Integer, Canvas> canvases) {
    this.result = result;
    this.canvases = canvases;
  }

  /** The report for a browser: charts as inline SVG. */
  public static String render(InvestigationResult result) {
    return new HtmlReport(result, (w, h) -> new SvgCanvas(w, h, "chart")).build();
  }

  /** The report for the PDF renderer: charts as PNG images (the renderer draws no SVG). */
  public static String renderForPdf(InvestigationResult result) {
    return new HtmlReport(result, (w, h) -> new PngCanvas(w, h, "chart")).build();
  }

  private String build() {
    html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
        .append("<title>Investigation report: ").append(escape(caseName())).append("</title><style>").append(CSS)
        .append("</style></head><body>");
    html.append("<h1>Investigation report: case ").append(escape(caseName())).append("</h1>");
    html.append("<p class=\"meta\">Produced by OpenDNC <code>dnc investigate</code> on ").append(result.startedAt())
        .append(" in ").append(String.format(Locale.ROOT, "%.1f s", result.elapsedMillis() / 1000.0)).append(".</p>");
    html.append("<div class=\"statement\"><strong>What this report is.</strong> ").append(escape(STATEMENT)).append("</div>");
    summary();
    files();
    lineage();
    consents();
    honeypots();
    switches();
    calls();
    exposure();
    method();
    html.append("</body></html>\n");
    return html.toString();
  }

  private String caseName() {
    return result.caseDir().getFileName() == null ? result.caseDir().toString() : result.caseDir().getFileName().toString();
  }

  private void summary() {
    long records = result.files().stream().mapToLong(FileSummary::records).sum();
    long failed = result.files().stream().filter(FileSummary::failed).count();
    long unseized = result.lineage().edges().stream().filter(Edge::fromUnseized).map(Edge::from).distinct().count();
    long flows = result.lineage().edges().stream().filter(e -> !e.fromUnseized()).count();
    long flagged = result.consent().stream().mapToLong(ConsentAnalysis.FirmConsent::withoutValidConsent).sum();
    html.append("<h2>Summary</h2><table class=\"summary\">");
    row("Firms' files read", count(result.files().size() - failed) + (failed > 0 ? " (" + failed + " could not be read)" : ""));
    row("Records (distinct numbers per firm)", count(records));
    row("List flows between firms", count(flows));
    row("Unseized common sources inferred", count(unseized));
    row("Records without a valid consent", count(flagged));
    if (result.honeypotNumbers() > 0) {
      row("Honeypot numbers found", count(result.honeypotHits().stream().mapToLong(HoneypotAnalysis.Hit::number).distinct().count())
          + " of " + count(result.honeypotNumbers()) + ", held by "
          + result.honeypotHits().stream().map(HoneypotAnalysis.Hit::firm).distinct().count() + " firm(s)");
    }
    if (result.switches() != null) {
      row("Reverse switches", count(result.switches().reverseSwitches().size()) + " of " + count(result.switches().switches()) + " switches");
    }
    if (result.calls() != null) {
      row("Calls made while the number was opposed",
          count(result.calls().byOperator().values().stream().mapToLong(c -> c.callsWhileOpposed()).sum()));
    }
    if (result.register() != null) {
      row("Register", result.register());
    }
    html.append("</table>");
  }

  private void files() {
    html.append("<h2>1. The seized files</h2><p>One file per firm; the firm is the file's name. Columns were found by"
        + " their names (Italian and English) and content, or named in the mapping file. Every row that could not be"
        + " used is listed with its line in <code>unreadable_rows.csv</code>.</p>");
    html.append("<table><tr><th>firm</th><th>file</th><th>format</th><th>columns used</th><th class=\"n\">rows</th>"
        + "<th class=\"n\">records</th><th class=\"n\">invalid numbers</th><th class=\"n\">duplicates</th>"
        + "<th class=\"n\">unreadable rows</th></tr>");
    for (FileSummary f : result.files()) {
      html.append("<tr><td>").append(escape(f.firm())).append("</td><td>").append(escape(f.file())).append("</td>");
      if (f.failed()) {
        html.append("<td colspan=\"7\" class=\"error\">").append(escape(f.errorCode() + ": " + f.error())).append("</td></tr>");
        continue;
      }
      StringBuilder columns = new StringBuilder();
      f.columns().forEach((role, column) -> columns.append(columns.length() == 0 ? "" : "; ").append(role.key()).append(" = ").append(column));
      html.append("<td>").append(escape(f.format())).append("</td><td class=\"small\">").append(escape(columns.toString()))
          .append("</td><td class=\"n\">").append(count(f.rows())).append("</td><td class=\"n\">").append(count(f.records()))
          .append("</td><td class=\"n\">").append(count(f.invalidNumbers())).append("</td><td class=\"n\">").append(count(f.duplicates()))
          .append("</td><td class=\"n\">").append(count(f.unreadable())).append("</td></tr>");
    }
    html.append("</table>");
    for (FileSummary f : result.files()) {
      if (!f.unreadableExamples().isEmpty()) {
        html.append("<p class=\"small\"><strong>").append(escape(f.file())).append("</strong>, first unreadable rows: ")
            .append(escape(String.join(" · ", f.unreadableExamples().subList(0, Math.min(5, f.unreadableExamples().size())))))
            .append("</p>");
      }
    }
  }

  private void lineage() {
    List<Edge> edges = result.lineage().edges();
    html.append("<h2>2. How the lists moved</h2>");
    html.append("<p>Each firm's records are grouped into <em>arrival batches</em> (the records it acquired on one day)."
        + " A batch is a copy from another firm only when that firm held nearly all of it (90 % or more) before it arrived;"
        + " holding some of it earlier is not enough. Batches that several firms received and that no seized firm could"
        + " have supplied point to an <em>unseized source</em> (UNSEIZED-n). The method is in decision 0017.</p>");
    List<String> firms = result.files().stream().filter(f -> !f.failed()).map(FileSummary::firm).toList();
    html.append("<div class=\"chart\">").append(Charts.lineageGraph(canvases, firms, edges)).append("</div>");
    html.append("<table><tr><th>from</th><th>to</th><th>first date</th><th class=\"n\">records</th><th>evidence</th>"
        + "<th class=\"n\">confidence</th></tr>");
    for (Edge e : edges) {
      html.append("<tr><td>").append(escape(e.from())).append("</td><td>").append(escape(e.to())).append("</td><td>")
          .append(e.firstDate() == null ? "unknown" : e.firstDate()).append("</td><td class=\"n\">").append(count(e.records()))
          .append("</td><td class=\"small\">").append(escape(e.evidence())).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.2f", e.confidence())).append("</td></tr>");
    }
    if (edges.isEmpty()) {
      html.append("<tr><td colspan=\"6\">No list flow was found.</td></tr>");
    }
    html.append("</table>");
    html.append("<h3>Pairs of firms</h3><p>Shared numbers and what they say: who held them first, how much of each"
        + " firm they make up, and the copying fingerprints (identical name spellings, identical invalid numbers,"
        + " numbers written the same way). All pairs are in <code>pairs.csv</code>.</p>");
    html.append("<table><tr><th>firm A</th><th>firm B</th><th class=\"n\">shared</th><th class=\"n\">share of A</th>"
        + "<th class=\"n\">share of B</th><th class=\"n\">A first</th><th class=\"n\">B first</th><th class=\"n\">same names</th>"
        + "<th class=\"n\">shared invalid</th></tr>");
    int listed = 0;
    for (PairStatistics p : result.lineage().pairs()) {
      if (listed++ == 50) {
        break;
      }
      html.append("<tr><td>").append(escape(p.firmA())).append("</td><td>").append(escape(p.firmB())).append("</td><td class=\"n\">")
          .append(count(p.sharedNumbers())).append("</td><td class=\"n\">").append(percent(p.containmentOfAInB()))
          .append("</td><td class=\"n\">").append(percent(p.containmentOfBInA())).append("</td><td class=\"n\">")
          .append(count(p.firstHeldByA())).append("</td><td class=\"n\">").append(count(p.firstHeldByB())).append("</td><td class=\"n\">")
          .append(p.namesCompared() == 0 ? "–" : percent((double) p.namesIdentical() / p.namesCompared())).append("</td><td class=\"n\">")
          .append(count(p.sharedInvalid())).append("</td></tr>");
    }
    html.append("</table>");
  }

  private void consents() {
    html.append("<h2>3. Consents</h2><p>Every flagged record is in <code>consent_findings.csv</code> with its file and line."
        + " <strong>NO_CONSENT</strong>: no consent date. <strong>CONSENT_UNREADABLE</strong>: the consent cell is not a date."
        + " <strong>SHARED_CONSENT_TIMESTAMP</strong>: one timestamp on many rows of the file (a form does not collect"
        + " thousands of consents in the same second: they were generated). <strong>CONSENT_BEFORE_HOLDING</strong>: the"
        + " consent is dated more than a year before anyone in the case held the number. <strong>"
        + "CONSENT_REVOKED_BY_REGISTRATION</strong>: the number was registered in the register after the consent, which"
        + " revoked it (DPR 26/2022).</p>");
    List<String> labels = new ArrayList<>();
    List<String> series = new ArrayList<>();
    for (ConsentFinding finding : ConsentFinding.values()) {
      series.add(finding.name());
    }
    long[][] values = new long[result.consent().size()][series.size()];
    for (int i = 0; i < result.consent().size(); i++) {
      ConsentAnalysis.FirmConsent c = result.consent().get(i);
      labels.add(c.firm());
      for (ConsentFinding finding : ConsentFinding.values()) {
        values[i][finding.ordinal()] = c.findings().get(finding);
      }
    }
    html.append("<div class=\"chart\">").append(Charts.stackedBars(canvases, "Consent findings per firm", labels, series, values))
        .append("</div>");
    html.append("<table><tr><th>firm</th><th class=\"n\">numbers held</th><th class=\"n\">without valid consent</th>");
    for (ConsentFinding finding : ConsentFinding.values()) {
      html.append("<th class=\"n small\">").append(finding.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("</th>");
    }
    html.append("</tr>");
    for (ConsentAnalysis.FirmConsent c : result.consent()) {
      html.append("<tr><td>").append(escape(c.firm())).append("</td><td class=\"n\">").append(count(c.dataSubjects()))
          .append("</td><td class=\"n\">").append(count(c.withoutValidConsent())).append(" (")
          .append(percent(c.dataSubjects() == 0 ? 0 : (double) c.withoutValidConsent() / c.dataSubjects())).append(")</td>");
      for (ConsentFinding finding : ConsentFinding.values()) {
        html.append("<td class=\"n\">").append(count(c.findings().get(finding))).append("</td>");
      }
      html.append("</tr>");
    }
    html.append("</table>");
    if (result.register() == null) {
      html.append("<p class=\"small\">No register was given (--register): revocations by registration were not judged.</p>");
    }
  }

  private void honeypots() {
    html.append("<h2>4. Honeypots</h2>");
    if (result.honeypotNumbers() == 0) {
      html.append("<p>No honeypot numbers were given (--honeypots).</p>");
      return;
    }
    html.append("<p>Numbers the regulator planted in lists sold to suspect sellers. A firm holding one bought, directly or"
        + " through others, the planted list. All hits are in <code>honeypot_hits.csv</code>.</p>");
    Map<String, long[]> byFirm = new TreeMap<>();
    Map<String, String> firstSeen = new TreeMap<>();
    for (HoneypotAnalysis.Hit hit : result.honeypotHits()) {
      byFirm.computeIfAbsent(hit.firm(), k -> new long[1])[0]++;
      if (hit.firstSeen() != null) {
        firstSeen.merge(hit.firm(), hit.firstSeen().toString(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
    html.append("<table><tr><th>firm</th><th class=\"n\">honeypots held</th><th>earliest acquired</th></tr>");
    byFirm.forEach((firm, n) -> html.append("<tr><td>").append(escape(firm)).append("</td><td class=\"n\">").append(count(n[0]))
        .append(" of ").append(count(result.honeypotNumbers())).append("</td><td>").append(firstSeen.getOrDefault(firm, "unknown"))
        .append("</td></tr>"));
    if (byFirm.isEmpty()) {
      html.append("<tr><td colspan=\"3\">No firm holds a honeypot number.</td></tr>");
    }
    html.append("</table>");
  }

  private void switches() {
    html.append("<h2>5. Reverse switches</h2>");
    if (result.switches() == null) {
      html.append("<p>No switching records were given (--switches).</p>");
      return;
    }
    var s = result.switches();
    html.append("<p>Supply points switched from supplier A to B and back to A within the window, from ")
        .append(count(s.switches())).append(" switch requests (").append(count(s.unreadableRows()))
        .append(" unreadable). Each leg earns a commission; all cases are in <code>reverse_switches.csv</code>.</p>");
    html.append("<table><tr><th>firm</th><th class=\"n\">reverse switches</th><th>agents (legs)</th><th class=\"n\">commissions at stake</th></tr>");
    s.byFirm().forEach((firm, f) -> {
      StringBuilder agents = new StringBuilder();
      f.byAgent().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
          .forEach(a -> agents.append(agents.length() == 0 ? "" : ", ").append(a.getKey()).append(" (").append(a.getValue()).append(")"));
      html.append("<tr><td>").append(escape(firm)).append("</td><td class=\"n\">").append(count(f.reverseSwitches()))
          .append("</td><td class=\"small\">").append(escape(agents.toString())).append("</td><td class=\"n\">")
          .append(euro(f.commissionEur())).append("</td></tr>");
    });
    html.append("</table>");
  }

  private void calls() {
    html.append("<h2>6. Calls made while opposed</h2>");
    if (result.calls() == null) {
      html.append("<p>No call records were given (--calls with --register).</p>");
      return;
    }
    html.append("<p>Each call judged on the register's history at the moment it started: the number registered and no"
        + " ALLOW for the calling operator in force. A check receipt, a consent given after the registration or a"
        + " contract may still make such a call lawful: those are for the full call audit. Examples in"
        + " <code>calls_while_opposed.csv</code>.</p>");
    html.append("<table><tr><th>operator</th><th class=\"n\">calls</th><th class=\"n\">while opposed</th><th class=\"n\">numbers</th></tr>");
    result.calls().byOperator().forEach((operator, c) -> html.append("<tr><td>").append(escape(operator)).append("</td><td class=\"n\">")
        .append(count(c.calls())).append("</td><td class=\"n\">").append(count(c.callsWhileOpposed())).append("</td><td class=\"n\">")
        .append(count(c.numbersWhileOpposed())).append("</td></tr>"));
    html.append("</table>");
    if (result.calls().unreadableRows() > 0) {
      html.append("<p class=\"small\">").append(count(result.calls().unreadableRows())).append(" call records unreadable: ")
          .append(escape(String.join(" · ", result.calls().unreadableExamples()))).append("</p>");
    }
  }

  private void exposure() {
    html.append("<h2>7. Exposure per firm</h2><div class=\"statement\">").append(escape(STATEMENT)).append("</div>");
    html.append("<table><tr><th>firm</th><th class=\"n\">data subjects</th><th class=\"n\">without valid consent</th>"
        + "<th class=\"n\">calls while opposed</th><th class=\"n\">reverse switches</th><th class=\"n\">commissions</th>"
        + "<th class=\"n\">turnover</th><th class=\"n\">art. 83(5) ceiling</th></tr>");
    for (Exposure e : result.exposures()) {
      html.append("<tr><td>").append(escape(e.firm())).append("</td><td class=\"n\">").append(count(e.dataSubjects()))
          .append("</td><td class=\"n\">").append(count(e.withoutValidConsent())).append("</td><td class=\"n\">")
          .append(count(e.callsWhileOpposed())).append(" (").append(count(e.numbersCalledWhileOpposed())).append(" numbers)</td><td class=\"n\">")
          .append(count(e.reverseSwitches())).append("</td><td class=\"n\">").append(euro(e.commissionsEur())).append("</td><td class=\"n\">")
          .append(e.turnoverEur() == null ? "not given" : euro(e.turnoverEur())).append("</td><td class=\"n\">")
          .append(euro(e.ceilingEur())).append(e.turnoverEur() == null ? " or 4 % of turnover if higher" : "").append("</td></tr>");
    }
    html.append("</table>");
  }

  private void method() {
    html.append("<h2>8. Method and limits</h2><ul>"
        + "<li>A number is the same record in two files when it normalises to the same E.164 number; invalid numbers are"
        + " compared by their digits. Names are compared folded (case, accents and word order ignored), so misspellings"
        + " are kept as evidence.</li>"
        + "<li>Dates are what the files say. A firm that re-dated its records, or whose file gives no acquisition date,"
        + " can be a source but its own arrivals cannot be dated.</li>"
        + "<li>Two lists imported by one firm on the same day form one batch; if neither source alone held it, its flow"
        + " may be missed or attributed to an unseized source.</li>"
        + "<li>Several unseized sources that themselves exchanged records appear as one; a source that sold to only one"
        + " seized firm leaves no shared trace and is not named.</li>"
        + "<li>Records a firm deleted before the seizure are not in its file and cannot be traced.</li>"
        + "</ul>");
  }

  private void row(String label, String value) {
    html.append("<tr><th>").append(escape(label)).append("</th><td>").append(escape(value)).append("</td></tr>");
  }

  private static final String CSS = """
      @page { size: A4 landscape; margin: 14mm; }
      body { font-family: Helvetica, Arial, sans-serif; font-size: 10.5pt; color: #222; max-width: 1100px; margin: 0 auto; }
      h1 { font-size: 18pt; margin-bottom: 2px; } h2 { font-size: 14pt; margin-top: 26px; border-bottom: 1px solid #ccc; }
      h3 { font-size: 12pt; } .meta { color: #666; font-size: 9pt; }
      .statement { background: #fff8e1; border-left: 4px solid #f0a500; padding: 8px 12px; margin: 10px 0; }
      table { border-collapse: collapse; width: 100%; margin: 8px 0; }
      th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
      th { background: #f3f5f8; } td.n, th.n { text-align: right; } .small { font-size: 8.5pt; }
      table.summary { width: auto; } table.summary th { width: 280px; }
      .error { color: #b00020; } .chart { margin: 10px 0; overflow-x: auto; } code { font-size: 9pt; }
      """;
}
