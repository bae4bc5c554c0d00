package org.opendnc.audit;

/** CSV and JSON text escaping for the outputs. */
final class Csv {

  private Csv() {}

  /** Appends a CSV field, quoted when it holds a comma, quote or line break; nothing for null. */
  static void append(StringBuilder out, String value) {
    if (value == null) {
      return;
    }
    int start = out.length();
    out.append(value);
    quoteFrom(out, start);
  }

  /** Quotes the field that starts at {@code start} (the end of {@code out}) if it needs it. */
  static void quoteFrom(StringBuilder out, int start) {
    boolean needs = false;
    for (int i = start; i < out.length(); i++) {
      char c = out.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        needs = true;
        break;
      }
    }
    if (!needs) {
      return;
    }
    String value = out.substring(start);
    out.setLength(start);
    out.append('"').append(value.replace("\"", "\"\"")).append('"');
  }

  /** A JSON string literal, or {@code null}. */
  static String json(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
