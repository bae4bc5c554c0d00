package org.opendnc.investigate.findings;

/** RFC 4180 quoting of one output field. */
public final class Csv {
  private Csv() {}

  /** The value, quoted when it holds a comma, quote or line break; formula starts are neutralised. */
  public static String field(String value) {
    if (value == null) {
      return "";
    }
    String v = value;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("[+-]?\\d.*")) {
      v = "'" + v; // a spreadsheet must not run a seized file's text as a formula
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
