package org.opendnc.investigate.report;

import java.util.Locale;

/** Escaping and number formatting for the report. */
final class Html {
  private Html() {}

  /** XML-safe text (the report is XHTML, so the PDF renderer can parse it). */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            out.append('?');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String euro(double value) {
    return String.format(Locale.ROOT, "%,.0f EUR", value);
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }
}
