package org.opendnc.core.number;

/**
 * A valid telephone number: its E.164 form as a {@code long} (country code followed by the national
 * significant number, e.g. {@code 393331234567}) and its type.
 */
public record ParsedNumber(long e164, NumberType type) {
  public ParsedNumber {
    if (e164 <= 0) {
      throw new IllegalArgumentException("E.164 number must be positive: " + e164);
    }
  }

  /** The number as E.164 text, e.g. {@code +393331234567}. */
  public String format() {
    return "+" + e164;
  }
}
