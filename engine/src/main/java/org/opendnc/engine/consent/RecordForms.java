package org.opendnc.engine.consent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.opendnc.core.number.E164Numbers;
import org.opendnc.core.number.NumberParser;

/**
 * Reads what an operator sends (a JSON object, or a CSV row made into one) into a record's fields,
 * collecting every problem instead of stopping at the first. Not thread-safe: one per record.
 */
final class RecordForms {

  /** How far in the future a claimed time may be (clock skew between the operator and the register). */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  static final Set<String> COLLECTION_METHODS =
      Set.of("web_form", "call", "paper", "email", "sms", "app", "in_person");

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern RECIPIENT = Pattern.compile("(operator|category):[A-Za-z0-9._-]{1,64}");
  private static final int MAX_TEXT = 500;

  private final List<String> problems = new ArrayList<>();
  private final NumberParser parser;
  private final Instant now;

  RecordForms(NumberParser parser, Instant now) {
    this.parser = parser;
    this.now = now;
  }

  List<String> problems() {
    return problems;
  }

  /** The path of the object being read ({@code evidence.}), put before its members' names. */
  private String prefix = "";

  void problem(String field, String message) {
    // A name with a dot is already a full path (evidence.ip); a bare one is a member of `prefix`.
    problems.add((field.contains(".") ? field : prefix + field) + ": " + message);
  }

  /** The subject's number as E.164 (0 with a problem when it is not one of the register's). */
  long number(JsonNode body, String field) {
    String text = text(body, field, true);
    if (text == null) {
      return 0;
    }
    long e164 = parser.parseE164(text);
    if (e164 == NumberParser.INVALID) {
      problem(field, "'" + text + "' is not a valid telephone number");
      return 0;
    }
    if (!E164Numbers.hasCountryCode(e164, parser.countryCode())) {
      problem(field, "+" + e164 + " is not a number of this register's country (+" + parser.countryCode() + ")");
      return 0;
    }
    return e164;
  }

  String text(JsonNode body, String field, boolean required) {
    JsonNode node = body == null ? null : body.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        problem(field, "missing");
      }
      return null;
    }
    if (!node.isTextual()) {
      problem(field, "must be a string");
      return null;
    }
    String text = node.asText().strip();
    if (text.isEmpty()) {
      if (required) {
        problem(field, "must not be empty");
      }
      return null;
    }
    if (text.length() > MAX_TEXT) {
      problem(field, "longer than " + MAX_TEXT + " characters");
      return null;
    }
    return text;
  }

  /** An instant (ISO-8601 with an offset, e.g. 2026-05-01T10:00:00Z), to the millisecond. */
  Instant instant(JsonNode body, String field, boolean required, boolean notFuture) {
    String text = text(body, field, required);
    if (text == null) {
      return null;
    }
    Instant instant;
    try {
      instant = java.time.OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      problem(field, "'" + text + "' is not a time such as 2026-05-01T10:00:00Z");
      return null;
    }
    if (instant.getEpochSecond() < 0 || instant.getEpochSecond() > 253402300799L) {
      problem(field, "out of range");
      return null;
    }
    if (notFuture && instant.isAfter(now.plus(CLOCK_SKEW))) {
      problem(field, text + " is in the future");
      return null;
    }
    return instant;
  }

  List<String> texts(JsonNode body, String field, boolean nonEmpty, Pattern pattern) {
    JsonNode node = body == null ? null : body.get(field);
    if (node == null || node.isNull()) {
      if (nonEmpty) {
        problem(field, "missing");
      }
      return List.of();
    }
    if (!node.isArray()) {
      problem(field, "must be an array of strings");
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      String value = item.isTextual() ? item.asText().strip() : null;
      if (value == null || value.isEmpty() || value.length() > MAX_TEXT) {
        problem(field, "every item must be a non-empty string");
        return List.of();
      }
      if (pattern != null && !pattern.matcher(value).matches()) {
        problem(field, "'" + value + "' is not operator:ID or category:NAME");
        return List.of();
      }
      if (!values.contains(value)) {
        values.add(value);
      }
    }
    if (nonEmpty && values.isEmpty()) {
      problem(field, "must name at least one");
    }
    return values;
  }

  /** A consent's fields (ISO/IEC TS 27560), without the ledger's own (id, times, flags). */
  Map<String, Object> consent(JsonNode body, long[] e164) {
    Map<String, Object> record = new LinkedHashMap<>();
    e164[0] = number(body, "number");
    record.put("subject", e164[0] == 0 ? null : "+" + e164[0]);
    record.put("controller", text(body, "controller", true));
    record.put("purposes", texts(body, "purposes", true, null));
    JsonNode notice = body == null ? null : body.get("notice");
    if (notice == null || !notice.isObject()) {
      problem("notice", "missing: an object with the notice's version and sha256");
    } else {
      Map<String, Object> shown = new LinkedHashMap<>();
      prefix = "notice.";
      shown.put("version", text(notice, "version", true));
      String sha = text(notice, "sha256", true);
      prefix = "";
      if (sha != null && !SHA256_HEX.matcher(sha).matches()) {
        problem("notice.sha256", "must be 64 lower-case hex digits (the SHA-256 of the notice shown)");
      }
      shown.put("sha256", sha);
      record.put("notice", shown);
    }
    String method = text(body, "collection_method", true);
    if (method != null && !COLLECTION_METHODS.contains(method)) {
      problem("collection_method", "'" + method + "' is not one of " + new java.util.TreeSet<>(COLLECTION_METHODS));
    }
    record.put("collection_method", method);
    Instant givenAt = instant(body, "given_at", true, true);
    record.put("given_at", givenAt == null ? null : givenAt.toString());
    prefix = "evidence.";
    record.put("evidence", evidence(body == null ? null : body.get("evidence")));
    prefix = "";
    record.put("recipients", texts(body, "recipients", false, RECIPIENT));
    Instant validUntil = instant(body, "valid_until", false, false);
    if (validUntil != null && givenAt != null && !validUntil.isAfter(givenAt)) {
      problem("valid_until", "must be after given_at");
    }
    if (validUntil != null) {
      record.put("valid_until", validUntil.toString());
    }
    return record;
  }

  private Map<String, Object> evidence(JsonNode evidence) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (evidence == null || !evidence.isObject()) {
      problems.add("evidence: missing: {ip, timestamp, confirmation_message_id} or {double_opt_in: {...}}");
      return out;
    }
    JsonNode doubleOptIn = evidence.get("double_opt_in");
    if (doubleOptIn != null && !doubleOptIn.isNull()) {
      if (!doubleOptIn.isObject()) {
        problem("evidence.double_opt_in", "must be an object {requested_at, confirmed_at, confirmation_message_id}");
        return out;
      }
      Map<String, Object> optIn = new LinkedHashMap<>();
      prefix = "evidence.double_opt_in.";
      Instant requested = instant(doubleOptIn, "requested_at", true, true);
      Instant confirmed = instant(doubleOptIn, "confirmed_at", true, true);
      if (requested != null && confirmed != null && confirmed.isBefore(requested)) {
        problem("evidence.double_opt_in.confirmed_at", "is before requested_at");
      }
      optIn.put("requested_at", requested == null ? null : requested.toString());
      optIn.put("confirmed_at", confirmed == null ? null : confirmed.toString());
      optIn.put("confirmation_message_id", text(doubleOptIn, "confirmation_message_id", true));
      out.put("double_opt_in", optIn);
      return out;
    }
    String ip = text(evidence, "ip", true);
    if (ip != null && !IPV4.matcher(ip).matches() && !(ip.contains(":") && IPV6.matcher(ip).matches())) {
      problem("evidence.ip", "'" + ip + "' is not an IPv4 or IPv6 address");
    }
    out.put("ip", ip);
    Instant timestamp = instant(evidence, "timestamp", true, true);
    out.put("timestamp", timestamp == null ? null : timestamp.toString());
    out.put("confirmation_message_id", text(evidence, "confirmation_message_id", true));
    return out;
  }
}
