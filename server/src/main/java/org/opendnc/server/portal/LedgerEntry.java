package org.opendnc.server.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.opendnc.store.LedgerRecord;

/**
 * One of an operator's ledger records as its portal page shows it: the subject's number masked
 * but for its last three digits (decision 0046), the record's own date and what it is about.
 *
 * @param subjectMasked e.g. {@code +*********567}, or null for a transfer (no subject)
 * @param subjectEnd the subject's last three digits (for screen readers), or null
 * @param effective the consent's given_at, the withdrawal's withdrawn_at, the contract's start or
 *     the transfer's transferred_at, or null when the record has none readable
 * @param until the contract's end or the consent's valid_until, or null
 * @param about the consent's purposes, the withdrawn consent's id, the contract's reference or the
 *     transfer's recipient, or null
 */
public record LedgerEntry(String kind, String recordId, long leafIndex, String subjectMasked,
    String subjectEnd, Instant loggedAt, Instant effective, Instant until, String about,
    boolean integrated) {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** How many of the number's last digits the page shows. */
  public static final int DIGITS_SHOWN = 3;

  /** The entry of a stored or pending record. */
  public static LedgerEntry of(LedgerRecord row, boolean integrated) {
    JsonNode record;
    try {
      record = JSON.readTree(row.record());
    } catch (IOException e) {
      throw new IllegalStateException("ledger record " + row.recordId() + " is not JSON", e);
    }
    String digits = row.e164() == 0 ? null : Long.toString(row.e164());
    String masked = digits == null ? null : mask(digits);
    String end = digits == null ? null : digits.substring(Math.max(0, digits.length() - DIGITS_SHOWN));
    Instant effective = switch (row.kind()) {
      case "consent" -> instant(record, "given_at");
      case "withdrawal" -> instant(record, "withdrawn_at");
      case "contract" -> instant(record, "start");
      case "transfer" -> instant(record, "transferred_at");
      default -> null;
    };
    Instant until = switch (row.kind()) {
      case "consent" -> instant(record, "valid_until");
      case "contract" -> instant(record, "end");
      default -> null;
    };
    String about = switch (row.kind()) {
      case "consent" -> texts(record.get("purposes"));
      case "withdrawal" -> text(record, "consent_id");
      case "contract" -> text(record, "reference");
      case "transfer" -> text(record, "to");
      default -> null;
    };
    return new LedgerEntry(row.kind(), row.recordId(), row.leafIndex(), masked, end, row.loggedAt(),
        effective, until, about, integrated);
  }

  /** {@code +} and one {@code *} per digit but the last three, then those three. */
  public static String mask(String digits) {
    int shown = Math.min(DIGITS_SHOWN, digits.length());
    return "+" + "*".repeat(digits.length() - shown) + digits.substring(digits.length() - shown);
  }

  private static Instant instant(JsonNode record, String field) {
    String text = text(record, field);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String text(JsonNode record, String field) {
    JsonNode node = record.get(field);
    return node == null || !node.isTextual() ? null : node.asText();
  }

  private static String texts(JsonNode array) {
    if (array == null || !array.isArray()) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return String.join(", ", texts);
  }
}
