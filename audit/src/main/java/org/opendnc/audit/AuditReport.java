package org.opendnc.audit;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * The audit report: one self-contained XHTML page (inline CSS, inline SVG charts, no scripts, no
 * external resources) for browsers, and a PDF of the same content.
 */
public final class AuditReport {

  /*
   * The page is well-formed XHTML so the PDF renderer (openhtmltopdf, which reads XML) takes the
   * same markup. openhtmltopdf does not draw SVG without a plugin (Batik, large), so the PDF
   * variant draws each chart with plain boxes (CSS widths and heights): the same figures, the same
   * order. Everything the page shows comes from AuditSummary; every text is escaped.
   */

  private static final int MAX_DAYS_DRAWN = 400;
  private static final int CAMPAIGNS_SHOWN = 10;
  private static final String VIOLATION_COLOUR = "#c0392b";
  private static final String CALLS_COLOUR = "#2c6e9b";

  private final AuditSummary summary;

  public AuditReport(AuditSummary summary) {
    this.summary = summary;
  }

  /** Writes the HTML report. */
  public void writeHtml(Path file) {
    String html = html(false);
    VerdictWriter.writeAtomically(file, out -> out.write(html));
  }

  /** Writes the PDF report. */
  public void writePdf(Path file) {
    String xhtml = html(true);
    Path target = file.toAbsolutePath();
    Path temporary = target.resolveSibling("." + target.getFileName() + ".partial");
    com.openhtmltopdf.util.XRLog.setLoggingEnabled(false); // renderer timings, not for the regulator
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.withHtmlContent(xhtml, null);
        builder.toStream(out);
        builder.run();
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temporary);
        throw e;
      }
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new DncException(ErrorCode.OUTPUT_UNWRITABLE, "cannot write the PDF report " + target + ": " + e.getMessage(), e);
    }
  }

  /** The report's markup; {@code forPdf} draws the charts with boxes instead of SVG. */
  String html(boolean forPdf) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<title>Call audit: ").append(escape(summary.callsFile()))
        .append("</title>\n<style>\n").append(css(forPdf)).append("</style>\n</head>\n<body>\n");
    h.append("<h1>Call audit</h1>\n<p class=\"meta\">Calls <b>").append(escape(summary.callsFile()))
        .append("</b> judged under profile <b>").append(escape(summary.profile()))
        .append("</b> against register version <b>").append(summary.registerVersion())
        .append("</b>, report made ").append(summary.generatedAt()).append(".</p>\n");

    h.append("<div class=\"tiles\">\n");
    tile(h, "calls", "calls audited", summary.calls());
    tile(h, "violations", "violations", summary.violations());
    tile(h, "affected", "numbers affected", summary.affectedNumbers());
    tile(h, "rejected", "rows not audited", summary.rejectedRows());
    h.append("</div>\n");
    if (!summary.refusedReceipts().isEmpty()) {
      List<String> ids = summary.refusedReceipts();
      h.append("<p class=\"warning\" id=\"refused-receipts\"><b>").append(ids.size())
          .append(ids.size() == 1 ? " check receipt" : " check receipts")
          .append(" in the register's store left out</b>: the signature does not verify against the register's key,"
              + " or the callable set stored beside the receipt is not the one it signed, so the store was altered"
              + " or written by someone else. The calls they would cover were judged without them. Ids: ");
      for (int i = 0; i < Math.min(ids.size(), 20); i++) {
        h.append(i == 0 ? "" : ", ").append(escape(ids.get(i)));
      }
      h.append(ids.size() > 20 ? ", and " + (ids.size() - 20) + " more" : "").append(".</p>\n");
    }

    h.append("<h2 id=\"by-code\">Violations by reason code</h2>\n");
    List<String[]> codes = new ArrayList<>();
    for (Map.Entry<ReasonCode, Long> entry : summary.byCode().entrySet()) {
      codes.add(new String[] {entry.getKey().name(), Long.toString(entry.getValue())});
    }
    horizontalBars(h, "chart-codes", codes, VIOLATION_COLOUR, forPdf);

    h.append("<h2 id=\"over-time\">Calls and violations over time</h2>\n");
    timeSeries(h, forPdf);

    h.append("<h2 id=\"campaigns\">Worst campaigns</h2>\n");
    List<String[]> campaigns = new ArrayList<>();
    for (AuditSummary.Group group : summary.campaigns().subList(0, Math.min(CAMPAIGNS_SHOWN, summary.campaigns().size()))) {
      campaigns.add(new String[] {group.name(), Long.toString(group.violations())});
    }
    horizontalBars(h, "chart-campaigns", campaigns, VIOLATION_COLOUR, forPdf);
    table(h, "Campaign", summary.campaigns().subList(0, Math.min(CAMPAIGNS_SHOWN, summary.campaigns().size())));

    h.append("<h2 id=\"operators\">Operators</h2>\n");
    table(h, "Operator", summary.operators());

    h.append("<h2>What the codes mean</h2>\n<table class=\"codes\"><tr><th>code</th><th>rule</th></tr>\n");
    for (ReasonCode code : ReasonCode.values()) {
      h.append("<tr><td><code>").append(code.name()).append("</code></td><td>").append(escape(meaning(code)))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<p class=\"meta\">Rules: shared/DOMAIN.md, \"Deciding whether a call was lawful\";"
        + " the evidence of each call is in the verdicts file (event, receipt, consent and contract ids).</p>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static String css(boolean forPdf) {
    return "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#222;margin:24px;font-size:13px}\n"
        + "h1{font-size:22px;margin:0 0 4px 0}h2{font-size:16px;margin:22px 0 8px 0;border-bottom:1px solid #ddd}\n"
        + ".meta{color:#555}.tiles{margin:12px 0}.warning{border-left:4px solid #b3261e;padding:6px 10px;background:#fdecea}\n"
        + ".tile{display:inline-block;width:150px;margin:0 10px 10px 0;padding:10px;border:1px solid #ccc;border-radius:4px}\n"
        + ".tile .value{font-size:22px;font-weight:bold}.tile .label{color:#555}\n"
        + "table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}\n"
        + "td.n{text-align:right}svg text{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11px}\n"
        + (forPdf
            ? ".bar{height:12px;background:" + VIOLATION_COLOUR + "}.col{background:" + CALLS_COLOUR
                + ";width:100%}.vcol{background:" + VIOLATION_COLOUR + ";width:100%}\n"
                + "td.cell{vertical-align:bottom;padding:0 1px;border:none}\n"
            : "");
  }

  private static void tile(StringBuilder h, String id, String label, long value) {
    h.append("<div class=\"tile\" id=\"tile-").append(id).append("\"><div class=\"value\">")
        .append(String.format(Locale.ROOT, "%,d", value)).append("</div><div class=\"label\">").append(label)
        .append("</div></div>\n");
  }

  private static void horizontalBars(StringBuilder h, String id, List<String[]> rows, String colour, boolean forPdf) {
    long max = 1;
    for (String[] row : rows) {
      max = Math.max(max, Long.parseLong(row[1]));
    }
    if (rows.isEmpty()) {
      h.append("<p class=\"meta\">(nothing to show)</p>\n");
      return;
    }
    if (forPdf) {
      h.append("<table class=\"bars\" id=\"").append(id).append("\">\n");
      for (String[] row : rows) {
        long value = Long.parseLong(row[1]);
        int width = (int) Math.round(300.0 * value / max);
        h.append("<tr><td>").append(escape(row[0])).append("</td><td style=\"width:310px;border:none\"><div class=\"bar\" style=\"width:")
            .append(Math.max(width, value > 0 ? 1 : 0)).append("px\"></div></td><td class=\"n\">")
            .append(String.format(Locale.ROOT, "%,d", value)).append("</td></tr>\n");
      }
      h.append("</table>\n");
      return;
    }
    int rowHeight = 22;
    int labelWidth = 260;
    int barWidth = 420;
    int height = rows.size() * rowHeight + 10;
    h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").append(id).append("\" role=\"img\" width=\"")
        .append(labelWidth + barWidth + 90).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
        .append(labelWidth + barWidth + 90).append(' ').append(height).append("\">\n");
    int y = 5;
    for (String[] row : rows) {
      long value = Long.parseLong(row[1]);
      long width = Math.round((double) barWidth * value / max);
      h.append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 15)
          .append("\" text-anchor=\"end\">").append(escape(row[0])).append("</text>")
          .append("<rect class=\"bar\" x=\"").append(labelWidth).append("\" y=\"").append(y + 3).append("\" width=\"")
          .append(Math.max(width, value > 0 ? 1 : 0)).append("\" height=\"").append(rowHeight - 6).append("\" fill=\"")
          .append(colour).append("\"><title>").append(escape(row[0])).append(": ").append(value).append("</title></rect>")
          .append("<text x=\"").append(labelWidth + width + 6).append("\" y=\"").append(y + 15).append("\">")
          .append(String.format(Locale.ROOT, "%,d", value)).append("</text>\n");
      y += rowHeight;
    }
    h.append("</svg>\n");
  }

  private void timeSeries(StringBuilder h, boolean forPdf) {
    List<Map.Entry<LocalDate, long[]>> days = new ArrayList<>(summary.byDay().entrySet());
    if (days.isEmpty()) {
      h.append("<p class=\"meta\">(no calls)</p>\n");
      return;
    }
    if (days.size() > MAX_DAYS_DRAWN) {
      days = days.subList(days.size() - MAX_DAYS_DRAWN, days.size());
      h.append("<p class=\"meta\">The last ").append(MAX_DAYS_DRAWN).append(" days with calls.</p>\n");
    }
    long max = 1;
    for (Map.Entry<LocalDate, long[]> day : days) {
      max = Math.max(max, day.getValue()[0]);
    }
    String first = days.get(0).getKey().toString();
    String last = days.get(days.size() - 1).getKey().toString();
    if (forPdf) {
      int cell = Math.max(1, Math.min(20, 600 / days.size()));
      h.append("<table id=\"chart-time\"><tr>\n");
      for (Map.Entry<LocalDate, long[]> day : days) {
        int calls = (int) Math.round(150.0 * day.getValue()[0] / max);
        int violations = (int) Math.round(150.0 * day.getValue()[1] / max);
        h.append("<td class=\"cell\" style=\"width:").append(cell).append("px\"><div class=\"col\" style=\"height:")
            .append(Math.max(0, calls - violations)).append("px\"></div><div class=\"vcol\" style=\"height:")
            .append(violations).append("px\"></div></td>");
      }
      h.append("\n</tr></table>\n<p class=\"meta\">").append(first).append(" to ").append(last)
          .append(": calls (blue) and violations (red) per day, most ").append(max).append(" calls a day.</p>\n");
      return;
    }
    int width = 760;
    int height = 220;
    int left = 60;
    int bottom = 30;
    int plotWidth = width - left - 10;
    int plotHeight = height - bottom - 10;
    double step = (double) plotWidth / days.size();
    h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-time\" role=\"img\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\">\n<line x1=\"").append(left).append("\" y1=\"").append(10 + plotHeight).append("\" x2=\"")
        .append(left + plotWidth).append("\" y2=\"").append(10 + plotHeight).append("\" stroke=\"#999\"/>\n")
        .append("<line x1=\"").append(left).append("\" y1=\"10\" x2=\"").append(left).append("\" y2=\"")
        .append(10 + plotHeight).append("\" stroke=\"#999\"/>\n")
        .append("<text x=\"").append(left - 4).append("\" y=\"16\" text-anchor=\"end\">")
        .append(String.format(Locale.ROOT, "%,d", max)).append("</text>\n<text x=\"").append(left - 4)
        .append("\" y=\"").append(10 + plotHeight).append("\" text-anchor=\"end\">0</text>\n");
    for (int i = 0; i < days.size(); i++) {
      long[] counts = days.get(i).getValue();
      double x = left + i * step;
      double callsHeight = plotHeight * (double) counts[0] / max;
      double violationsHeight = plotHeight * (double) counts[1] / max;
      double barWidth = Math.max(1, step - 1);
      h.append(String.format(Locale.ROOT,
          "<rect class=\"day\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %d calls, %d violations</title></rect>"
              + "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
          x, 10 + plotHeight - callsHeight, barWidth, callsHeight, CALLS_COLOUR, days.get(i).getKey(), counts[0],
          counts[1], x, 10 + plotHeight - violationsHeight, barWidth, violationsHeight, VIOLATION_COLOUR));
    }
    h.append("<text x=\"").append(left).append("\" y=\"").append(height - 8).append("\">").append(first)
        .append("</text><text x=\"").append(left + plotWidth).append("\" y=\"").append(height - 8)
        .append("\" text-anchor=\"end\">").append(last).append("</text>\n")
        .append("<rect x=\"").append(left + 10).append("\" y=\"12\" width=\"10\" height=\"10\" fill=\"")
        .append(CALLS_COLOUR).append("\"/><text x=\"").append(left + 24).append("\" y=\"21\">calls</text>")
        .append("<rect x=\"").append(left + 70).append("\" y=\"12\" width=\"10\" height=\"10\" fill=\"")
        .append(VIOLATION_COLOUR).append("\"/><text x=\"").append(left + 84).append("\" y=\"21\">violations</text>\n")
        .append("</svg>\n");
  }

  private static void table(StringBuilder h, String what, List<AuditSummary.Group> groups) {
    h.append("<table><tr><th>").append(what).append("</th><th>calls</th><th>violations</th><th>share</th></tr>\n");
    for (AuditSummary.Group group : groups) {
      h.append("<tr><td>").append(escape(group.name())).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%,d", group.calls())).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%,d", group.violations())).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * group.violations() / Math.max(1, group.calls())))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  static String meaning(ReasonCode code) {
    return switch (code) {
      case OPPOSED_NO_CONSENT -> "The number was opposed for the operator at call time (registered, no ALLOW),"
          + " with no consent given after the latest registration, no contract active or ended within the grace"
          + " period, and no covering check.";
      case CONSENT_REVOKED_BY_REGISTRATION -> "Opposed, and the only consent predates the latest REGISTER or RENEW,"
          + " which revoked it.";
      case NO_VALID_CHECK -> "No check of the operator within the profile's validity before the call returned the"
          + " number as callable.";
      case OUTSIDE_CALLING_HOURS -> "Outside the profile's calling hours in the callee's local time (Sundays and"
          + " public holidays included, e.g. Easter Monday in Italy).";
      case CALLER_ID_WITHHELD -> "No caller ID was presented.";
      case CALLER_ID_UNDECLARED -> "The caller ID was not declared by the operator, nor of a prefix the profile"
          + " allows (0843/0844 in Italy).";
      case SPOOFED_FROM_ABROAD -> "A national number was presented on a call that entered the network from abroad.";
      case INTERNAL_DNC -> "The number was on the operator's own do-not-contact list (or refused) before the call.";
      case FREQUENCY_CAP -> "More calls by the firm to the number than the profile allows in its window, or a call"
          + " too soon after a refusal (France: 4 in 30 days; none for 60 days after a refusal).";
    };
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            out.append(' ');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
