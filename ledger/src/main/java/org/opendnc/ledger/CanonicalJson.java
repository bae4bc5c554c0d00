package org.opendnc.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values ledger records are made of: objects
 * ({@link Map} with String keys), arrays ({@link List}), strings, booleans, null and integers of
 * at most 2^53 in magnitude. Thread-safe, stateless.
 */
public final class CanonicalJson {

  /*
   * RFC 8785 section 3.2: no whitespace; object members sorted by their names compared as arrays of
   * UTF-16 code units (String.compareTo does exactly that); strings serialised as ECMAScript's
   * JSON.stringify does (section 3.2.2.2): '"' and '\' escaped, U+0008/09/0A/0C/0D as \b \t \n \f
   * \r, other controls below U+0020 as a six-character escape in lower-case hex, everything else (non-ASCII
   * included) as itself. Numbers follow ECMAScript's Number.prototype.toString (3.2.2.3); for the
   * integers allowed here that is the plain decimal form. Fractions are refused rather than
   * approximated: no record needs one, and a wrong number formatter would silently change hashes.
   * Duplicate names cannot occur in a Map. Lone surrogates are refused (RFC 8785 section 3.2.2.2
   * requires valid Unicode).
   */

  /** The largest magnitude of an integer that an IEEE 754 double holds exactly (2^53). */
  public static final long MAX_SAFE_INTEGER = 1L << 53;

  private CanonicalJson() {}

  /**
   * The canonical JSON text of {@code value}.
   *
   * @throws IllegalArgumentException for a value of another type, an integer beyond 2^53, a
   *     non-String key or a string with a lone surrogate
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      writeString(text, out);
    } else if (value instanceof Boolean flag) {
      out.append(flag ? "true" : "false");
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      long number = ((Number) value).longValue();
      if (Math.abs(number) > MAX_SAFE_INTEGER) {
        throw new IllegalArgumentException(
            "the integer " + number + " is beyond 2^53: RFC 8785 numbers are IEEE 754 doubles");
      }
      out.append(number);
    } else if (value instanceof Map<?, ?> map) {
      List<String> names = new ArrayList<>(map.size());
      for (Object key : map.keySet()) {
        if (!(key instanceof String name)) {
          throw new IllegalArgumentException("an object member's name must be a string: " + key);
        }
        names.add(name);
      }
      names.sort(null); // UTF-16 code units, as RFC 8785 section 3.2.3 asks
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeString(names.get(i), out);
        out.append(':');
        write(map.get(names.get(i)), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException(
          "a canonical JSON value is a map, list, string, boolean, integer or null, not a "
              + value.getClass().getSimpleName());
    }
  }

  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
              throw new IllegalArgumentException("a string holds a lone surrogate at " + i);
            }
            out.append(c).append(text.charAt(++i));
          } else if (Character.isLowSurrogate(c)) {
            throw new IllegalArgumentException("a string holds a lone surrogate at " + i);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
