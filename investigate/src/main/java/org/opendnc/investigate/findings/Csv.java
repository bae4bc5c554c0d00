package org.opendnc.investigate.findings;

/** RFC 4180 quoting of one output field. */
public final class Csv {
  private Csv() {}

  /** "+39...", "-12", "7": a number, not a formula. */
  private static boolean signedNumber(String v) {
    int start = v.charAt(0) == '+' || v.charAt(0) == '-' ? 1 : 0;
    return v.length() > start && v.charAt(start) >= '0' && v.charAt(start) <= '9';
  }

  /** The value, quoted when it holds a comma, quote or line break; formula starts are neutralised. */
  public static String field(String value) {
    if (value == null) {
      return "";
    }
    String v = value;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !signedNumber(v)) {
      v = "'" + v; // a spreadsheet must not run a seized file's text as a formula
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
