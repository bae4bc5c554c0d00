package org.opendnc.core.receipt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** Receipts as JSON: the document handed to operators, and the canonical bytes that are signed. */
public final class ReceiptJson {

  /*
   * The document: snake_case fields in a fixed order, instants as ISO-8601 UTC (Instant.toString,
   * which keeps every fractional digit the instant has, so a round trip is exact), counts as a
   * nested object, key_id and signature null before signing. callable_set_sha256 is written only
   * when the receipt has one (decision 0058), so receipts made before it keep their exact
   * documents and canonical bytes, and their signatures still verify.
   *
   * Canonical bytes (what is signed): the same document without key_id and signature, serialized
   * as RFC 8785 (JCS) would: object keys sorted, no whitespace, UTF-8. Plain Jackson produces JCS
   * here because of what a receipt holds: keys are ASCII (so Java's String order is JCS's UTF-16
   * order), values are strings, integers and one nested object. Two JCS details are enforced rather
   * than left to Jackson: strings must not contain control characters (Jackson writes their
   * backslash-u escapes with upper-case hex where JCS wants lower-case) and integers must be at
   * most 2^53 - 1 (JCS numbers are IEEE doubles). Both are rejected by canonicalBytes, so signing
   * such a receipt fails loudly.
   *
   * Reading is strict: duplicate keys, unknown fields, trailing content, wrong types and missing
   * fields are errors, so a document cannot carry text the signature does not cover.
   */

  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final ObjectMapper READER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final long MAX_EXACT_INTEGER = (1L << 53) - 1;
  private static final Set<String> FIELDS =
      Set.of(
          "id", "operator", "profile", "checked_at", "register_version", "input_sha256",
          "output_sha256", "callable_set_sha256", "counts", "valid_until", "key_id", "signature");
  private static final Set<String> COUNT_FIELDS = Set.of("rows", "callable", "blocked", "invalid");

  private ReceiptJson() {}

  /** The receipt as indented JSON. */
  public static String write(Receipt receipt) {
    Objects.requireNonNull(receipt, "receipt");
    ObjectNode root = PRETTY.createObjectNode();
    root.put("id", receipt.id());
    root.put("operator", receipt.operator());
    root.put("profile", receipt.profile());
    root.put("checked_at", receipt.checkedAt().toString());
    root.put("register_version", receipt.registerVersion());
    root.put("input_sha256", receipt.inputSha256());
    root.put("output_sha256", receipt.outputSha256());
    if (receipt.callableSetSha256() != null) {
      root.put("callable_set_sha256", receipt.callableSetSha256());
    }
    ObjectNode counts = root.putObject("counts");
    counts.put("rows", receipt.counts().rows());
    counts.put("callable", receipt.counts().callable());
    counts.put("blocked", receipt.counts().blocked());
    counts.put("invalid", receipt.counts().invalid());
    root.put("valid_until", receipt.validUntil().toString());
    root.put("key_id", receipt.keyId());
    root.put("signature", receipt.signature());
    try {
      return PRETTY.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write receipt " + receipt.id(), e);
    }
  }

  /**
   * The bytes an Ed25519 signature covers: the receipt without key_id and signature as canonical
   * JSON (RFC 8785 style: keys sorted, no whitespace, UTF-8).
   *
   * @throws IllegalArgumentException if a string holds a control character or an integer exceeds
   *     2^53 - 1 or is negative (no canonical form is defined for them here)
   */
  public static byte[] canonicalBytes(Receipt receipt) {
    Objects.requireNonNull(receipt, "receipt");
    Map<String, Object> counts = new TreeMap<>();
    counts.put("rows", exactInteger("counts.rows", receipt.counts().rows()));
    counts.put("callable", exactInteger("counts.callable", receipt.counts().callable()));
    counts.put("blocked", exactInteger("counts.blocked", receipt.counts().blocked()));
    counts.put("invalid", exactInteger("counts.invalid", receipt.counts().invalid()));
    Map<String, Object> root = new TreeMap<>();
    root.put("id", plainString("id", receipt.id()));
    root.put("operator", plainString("operator", receipt.operator()));
    root.put("profile", plainString("profile", receipt.profile()));
    root.put("checked_at", receipt.checkedAt().toString());
    root.put("register_version", exactInteger("register_version", receipt.registerVersion()));
    root.put("input_sha256", plainString("input_sha256", receipt.inputSha256()));
    root.put("output_sha256", plainString("output_sha256", receipt.outputSha256()));
    if (receipt.callableSetSha256() != null) {
      root.put("callable_set_sha256", plainString("callable_set_sha256", receipt.callableSetSha256()));
    }
    root.put("counts", counts);
    root.put("valid_until", receipt.validUntil().toString());
    try {
      return COMPACT.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot canonicalize receipt " + receipt.id(), e);
    }
  }

  private static String plainString(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < 0x20) {
        throw new IllegalArgumentException(
            field + " holds a control character (U+" + String.format("%04X", (int) value.charAt(i))
                + ")");
      }
    }
    return value;
  }

  private static long exactInteger(String field, long value) {
    if (value < 0 || value > MAX_EXACT_INTEGER) {
      throw new IllegalArgumentException(field + " out of range 0..2^53-1: " + value);
    }
    return value;
  }

  /**
   * Reads a receipt written by {@link #write}. Does not verify the signature (see {@link
   * ReceiptVerifier}).
   *
   * @throws MalformedReceiptException if the text is not JSON, has duplicate, unknown or missing
   *     fields, wrong types, bad instants, or inconsistent counts
   */
  public static Receipt read(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedReceiptException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedReceiptException("expected a JSON object");
    }
    checkFields(root, FIELDS, "");
    JsonNode countsNode = required(root, "counts");
    if (!countsNode.isObject()) {
      throw new MalformedReceiptException("field 'counts' must be an object");
    }
    checkFields(countsNode, COUNT_FIELDS, "counts.");
    Receipt.Counts counts;
    try {
      counts =
          new Receipt.Counts(
              integer(countsNode, "rows", "counts."),
              integer(countsNode, "callable", "counts."),
              integer(countsNode, "blocked", "counts."),
              integer(countsNode, "invalid", "counts."));
    } catch (IllegalArgumentException e) {
      throw new MalformedReceiptException("counts: " + e.getMessage(), e);
    }
    String keyId = optionalText(root, "key_id");
    String signature = optionalText(root, "signature");
    if ((keyId == null) != (signature == null)) {
      throw new MalformedReceiptException("key_id and signature must both be present or absent");
    }
    return new Receipt(
        text(root, "id"),
        text(root, "operator"),
        text(root, "profile"),
        instant(root, "checked_at"),
        integer(root, "register_version", ""),
        text(root, "input_sha256"),
        text(root, "output_sha256"),
        optionalText(root, "callable_set_sha256"),
        counts,
        instant(root, "valid_until"),
        keyId,
        signature);
  }

  private static void checkFields(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new MalformedReceiptException("unknown field '" + prefix + name + "'");
      }
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedReceiptException("missing field '" + field + "'");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual()) {
      throw new MalformedReceiptException("field '" + field + "' must be a string");
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new MalformedReceiptException("field '" + field + "' must be a string or null");
    }
    return value.textValue();
  }

  private static long integer(JsonNode node, String field, String prefix) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedReceiptException("missing field '" + prefix + field + "'");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      throw new MalformedReceiptException(
          "field '" + prefix + field + "' must be a non-negative integer, got " + value);
    }
    return value.longValue();
  }

  private static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new MalformedReceiptException(
          "field '" + field + "' must be an ISO-8601 UTC instant such as 2025-01-31T09:00:00Z, got '"
              + value + "'",
          e);
    }
  }
}
