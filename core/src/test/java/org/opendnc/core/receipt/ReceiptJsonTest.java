package org.opendnc.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceiptJsonTest {

  @Test
  void roundTripsUnsignedAndSigned() {
    Receipt unsigned = TestingReceipts.unsigned();
    assertThat(ReceiptJson.read(ReceiptJson.write(unsigned))).isEqualTo(unsigned);
    Receipt signed = unsigned.withSignature("0123456789abcdef", "c2lnbmF0dXJl");
    assertThat(ReceiptJson.read(ReceiptJson.write(signed))).isEqualTo(signed);
  }

  @Test
  void writesSnakeCaseFieldsInOrder() {
    String json = ReceiptJson.write(TestingReceipts.unsigned());
    assertThat(json)
        .containsSubsequence(
            "\"id\"", "\"operator\"", "\"profile\"", "\"checked_at\" : \"2025-03-01T09:15:30.123456789Z\"",
            "\"register_version\" : 123456789", "\"input_sha256\"", "\"output_sha256\"",
            "\"counts\"", "\"rows\" : 10000", "\"callable\"", "\"blocked\"", "\"invalid\"",
            "\"valid_until\"", "\"key_id\" : null", "\"signature\" : null");
  }

  @Test
  void canonicalBytesAreSortedCompactAndExcludeTheSignature() {
    Receipt unsigned = TestingReceipts.unsigned();
    String canonical = new String(ReceiptJson.canonicalBytes(unsigned), StandardCharsets.UTF_8);
    assertThat(canonical)
        .isEqualTo(
            "{\"checked_at\":\"2025-03-01T09:15:30.123456789Z\","
                + "\"counts\":{\"blocked\":900,\"callable\":9000,\"invalid\":100,\"rows\":10000},"
                + "\"id\":\"0b6c5f7e-4f43-4b8e-9a51-2f0d8f1f3c10\","
                + "\"input_sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
                + "\"operator\":\"ACME-ENERGIA\","
                + "\"output_sha256\":\"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752\","
                + "\"profile\":\"IT\",\"register_version\":123456789,"
                + "\"valid_until\":\"2025-03-16T09:15:30.123456789Z\"}");
    assertThat(ReceiptJson.canonicalBytes(unsigned.withSignature("k", "s")))
        .isEqualTo(ReceiptJson.canonicalBytes(unsigned));
  }

  @Test
  void aCallableSetDigestIsWrittenReadAndSignedOnlyWhenPresent() {
    Receipt without = TestingReceipts.unsigned();
    assertThat(ReceiptJson.write(without)).doesNotContain("callable_set_sha256");
    assertThat(new String(ReceiptJson.canonicalBytes(without), StandardCharsets.UTF_8))
        .doesNotContain("callable_set_sha256");
    Receipt with = TestingReceipts.unsignedWithCallableSet();
    assertThat(ReceiptJson.write(with)).containsSubsequence("\"output_sha256\"",
        "\"callable_set_sha256\" : \"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\"",
        "\"counts\"");
    assertThat(new String(ReceiptJson.canonicalBytes(with), StandardCharsets.UTF_8)).contains(
        "\"callable_set_sha256\":\"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\","
            + "\"checked_at\"");
    Receipt signed = with.withSignature("0123456789abcdef", "c2lnbmF0dXJl");
    assertThat(ReceiptJson.read(ReceiptJson.write(signed))).isEqualTo(signed);
    assertThat(ReceiptJson.read(ReceiptJson.write(without)).callableSetSha256()).isNull();
  }

  @Test
  void canonicalBytesKeepNonAsciiAsUtf8AndEscapeQuotes() {
    Receipt r = TestingReceipts.unsigned();
    Receipt odd = new Receipt(r.id(), "Società \"È\" \\ srl", r.profile(), r.checkedAt(),
        r.registerVersion(), r.inputSha256(), r.outputSha256(), r.counts(), r.validUntil(), null,
        null);
    String canonical = new String(ReceiptJson.canonicalBytes(odd), StandardCharsets.UTF_8);
    assertThat(canonical).contains("\"operator\":\"Società \\\"È\\\" \\\\ srl\"");
    assertThat(ReceiptJson.read(ReceiptJson.write(odd))).isEqualTo(odd);
  }

  @Test
  void canonicalBytesRejectControlCharactersAndHugeIntegers() {
    Receipt r = TestingReceipts.unsigned();
    Receipt control = new Receipt(r.id(), "ACME\u0001", r.profile(), r.checkedAt(),
        r.registerVersion(), r.inputSha256(), r.outputSha256(), r.counts(), r.validUntil(), null,
        null);
    assertThatThrownBy(() -> ReceiptJson.canonicalBytes(control))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character");
    Receipt huge = new Receipt(r.id(), r.operator(), r.profile(), r.checkedAt(), 1L << 53,
        r.inputSha256(), r.outputSha256(), r.counts(), r.validUntil(), null, null);
    assertThatThrownBy(() -> ReceiptJson.canonicalBytes(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("register_version");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all | not valid JSON",
        "[1, 2] | expected a JSON object",
        "{} | missing field",
        "{\"id\": \"a\", \"id\": \"b\"} | not valid JSON",
        "{\"surprise\": 1} | unknown field 'surprise'",
      })
  void rejectsMalformedDocuments(String json, String message) {
    assertThatThrownBy(() -> ReceiptJson.read(json))
        .isInstanceOf(MalformedReceiptException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsMissingWrongTypedAndInconsistentFields() {
    String json = ReceiptJson.write(TestingReceipts.unsigned());
    assertRejected(json.replace("\"operator\" : \"ACME-ENERGIA\",", ""), "missing field 'operator'");
    assertRejected(json.replace("123456789,", "\"123456789\","), "'register_version' must be");
    assertRejected(json.replace("123456789,", "1.5,"), "'register_version' must be");
    assertRejected(json.replace("\"rows\" : 10000", "\"rows\" : 10001"), "counts: rows must");
    assertRejected(json.replace("2025-03-01T09:15:30.123456789Z", "yesterday"), "'checked_at'");
    assertRejected(json.replace("\"key_id\" : null", "\"key_id\" : \"abc\""), "key_id and signature");
    assertRejected(json + " {}", "not valid JSON");
    assertRejected(json.replace("\"invalid\" : 100", "\"invalid\" : 100, \"extra\" : 1"),
        "unknown field 'counts.extra'");
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> ReceiptJson.read(json))
        .isInstanceOf(MalformedReceiptException.class)
        .hasMessageContaining(message);
  }

  @Test
  void acceptsInstantsWithoutFraction() {
    Receipt r = TestingReceipts.unsigned();
    Receipt whole = new Receipt(r.id(), r.operator(), r.profile(),
        Instant.parse("2025-03-01T09:15:30Z"), r.registerVersion(), r.inputSha256(),
        r.outputSha256(), r.counts(), Instant.parse("2025-03-16T09:15:30Z"), null, null);
    assertThat(ReceiptJson.write(whole)).contains("\"2025-03-01T09:15:30Z\"");
    assertThat(ReceiptJson.read(ReceiptJson.write(whole))).isEqualTo(whole);
  }
}
