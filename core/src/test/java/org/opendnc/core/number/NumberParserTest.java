package org.opendnc.core.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumberParserTest {

  private static final NumberParser ITALY = NumberParser.forRegion("IT");
  private static final NumberParser US = NumberParser.forRegion("US");
  private static final NumberParser BRITAIN = NumberParser.forRegion("GB");
  private static final NumberParser FRANCE = NumberParser.forRegion("FR");
  private static final NumberParser CANADA = NumberParser.forRegion("CA");

  @Test
  void italianFormsFromTheBrief() {
    for (String mobile :
        List.of(
            "+39 333 123 4567",
            "0039 3331234567",
            "333-123-4567",
            "3331234567",
            "393331234567",
            "  \"+39 333 1234567\"  ",
            "'3331234567'",
            "\t333 123 4567\t",
            "333/1234567",
            "(333) 123.45.67")) {
      assertValid(ITALY, mobile, 393331234567L, NumberType.MOBILE);
    }
    for (String fixed : List.of("(06) 1234 5678", "06.1234.5678", "+390612345678", "06 12345678")) {
      assertValid(ITALY, fixed, 390612345678L, NumberType.FIXED_LINE);
    }
  }

  @Test
  void otherRegions() {
    assertValid(US, "+1 201-555-0123", 12015550123L, NumberType.FIXED_LINE_OR_MOBILE);
    assertValid(US, "1 (201) 555-0123", 12015550123L, NumberType.FIXED_LINE_OR_MOBILE);
    assertValid(US, "201.555.0123", 12015550123L, NumberType.FIXED_LINE_OR_MOBILE);
    assertValid(US, "011 39 333 123 4567", 393331234567L, NumberType.MOBILE);
    assertValid(BRITAIN, "07400 123456", 447400123456L, NumberType.MOBILE);
    assertValid(BRITAIN, "0044 7400 123456", 447400123456L, NumberType.MOBILE);
    assertValid(BRITAIN, "01212 345678", 441212345678L, NumberType.FIXED_LINE);
    assertValid(FRANCE, "06 12 34 56 78", 33612345678L, NumberType.MOBILE);
    assertValid(FRANCE, "01 23 45 67 89", 33123456789L, NumberType.FIXED_LINE);
    assertValid(FRANCE, "+33 (0)1 23 45 67 89", 33123456789L, NumberType.FIXED_LINE);
    assertValid(CANADA, "506-234-5678", 15062345678L, NumberType.FIXED_LINE_OR_MOBILE);
    assertValid(ITALY, "+1 506 234 5678", 15062345678L, NumberType.FIXED_LINE_OR_MOBILE);
    assertValid(ITALY, "+44 7400 123456", 447400123456L, NumberType.MOBILE);
    assertValid(ITALY, "0033 6 12 34 56 78", 33612345678L, NumberType.MOBILE);
  }

  @Test
  void invalidInputs() {
    for (String input :
        List.of(
            "",
            "   ",
            "\"\"",
            "+",
            "---",
            "()",
            "1",
            "12",
            "333",
            "+39",
            "+39 333",
            "33312345678901234",
            "333123456789012345678",
            "abc",
            "+999 1234567",
            "0000000000",
            "00",
            "0039",
            "1234567890",
            "+39 333 123 4567 ext. 12 and more letters")) {
      assertThat(ITALY.parseE164(input)).as("[%s]", input).isEqualTo(NumberParser.INVALID);
      assertThat(ITALY.parse(input)).as("[%s]", input).isEmpty();
      assertThat(ITALY.parseE164(input)).isEqualTo(reference(ITALY, input));
    }
    assertThat(US.parseE164("555-0123")).isEqualTo(NumberParser.INVALID);
    assertThat(FRANCE.parseE164("06 12 34 56")).isEqualTo(NumberParser.INVALID);
    assertThat(BRITAIN.parseE164("07400 12345")).isEqualTo(NumberParser.INVALID);
  }

  @Test
  void agreesWithReferenceOnOddCases() {
    List<String> odd =
        List.of(
            "+39 333 123 4567 ext. 12",
            "+39 333 123 4567 x12",
            "tel:+39-333-123-4567",
            "\uff0b39 333 123 4567",
            "\uff13\uff13\uff13\uff11\uff12\uff13\uff14\uff15\uff16\uff17",
            "+0039 333 1234567",
            "++39 333 1234567",
            "(+39) 333 1234567",
            "39 06 1234 5678",
            "3906 1234 5678",
            "0390612345678",
            "1-800-FLOWERS",
            "+800 1234 5678",
            "+1 1 201 555 0123",
            "00 1 201 555 0123",
            "0000 39 333 1234567",
            "3\t331234567",
            "333 1234567 #",
            "333 1234567 / 333 7654321",
            "39",
            "12",
            "00",
            "1 2",
            "(1)2",
            "+12",
            "+ 1 2",
            " 12 ",
            "'55'",
            "-12-");
    for (NumberParser parser : List.of(ITALY, US, BRITAIN, FRANCE, CANADA)) {
      for (String input : odd) {
        assertThat(parser.parseE164(input))
            .as("%s [%s]", parser.region(), input)
            .isEqualTo(reference(parser, input));
      }
    }
  }

  @Test
  void bytesAndTextAgree() {
    String[] inputs = {"+39 333 123 4567", "(06) 1234 5678", "333", "\uff13\uff13\uff13", "x"};
    for (String input : inputs) {
      byte[] padded = ("xx" + input + "yy").getBytes(StandardCharsets.UTF_8);
      int length = input.getBytes(StandardCharsets.UTF_8).length;
      assertThat(ITALY.parseE164(padded, 2, length)).as(input).isEqualTo(ITALY.parseE164(input));
    }
    assertThatThrownBy(() -> ITALY.parseE164(new byte[3], 2, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void fastPathHandlesTheCommonForms() {
    String[] italian = {
      "+39 333 123 4567", "0039 3331234567", "333-123-4567", "(06) 1234 5678", "06.1234.5678",
      "+390612345678", "3331234567", " \"3331234567\" ", "393331234567", "", "+", "333 12",
      "(+39) 3331234567", "(+39) 333 1234567", "-+39 333 1234567", "(+)"
    };
    for (String input : italian) {
      assertThat(ITALY.fastPath(input)).as("[%s]", input).isNotEqualTo(NumberParser.FELL_BACK);
      byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
      assertThat(ITALY.fastPath(bytes, 0, bytes.length))
          .as("[%s]", input)
          .isNotEqualTo(NumberParser.FELL_BACK);
    }
    assertHandled(US, "(201) 555-0123", "1-201-555-0123", "+1 201 555 0123", "011 39 333 1234567");
    assertHandled(BRITAIN, "07400 123456", "+44 7400 123456", "0044 7400 123456", "01212 345678");
    assertHandled(FRANCE, "06 12 34 56 78", "+33 6 12 34 56 78", "0033 612345678");
    assertHandled(CANADA, "506-234-5678", "+1 506 234 5678", "1 506 234 5678");
  }

  @Test
  void typeOfAndFormat() {
    assertThat(ITALY.typeOf(393331234567L)).isEqualTo(NumberType.MOBILE);
    assertThat(ITALY.typeOf(390612345678L)).isEqualTo(NumberType.FIXED_LINE);
    assertThat(US.typeOf(447400123456L)).isEqualTo(NumberType.MOBILE);
    assertThat(ITALY.typeOf(39333L)).isEqualTo(NumberType.UNKNOWN);
    assertThat(ITALY.typeOf(0)).isEqualTo(NumberType.UNKNOWN);
    assertThat(ITALY.typeOf(-5)).isEqualTo(NumberType.UNKNOWN);
    assertThat(NumberParser.format(393331234567L)).isEqualTo("+393331234567");
    assertThatThrownBy(() -> NumberParser.format(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void regions() {
    assertThat(ITALY.region()).isEqualTo("IT");
    assertThat(ITALY.countryCode()).isEqualTo(39);
    assertThat(NumberParser.forRegion("gb").region()).isEqualTo("GB");
    assertThat(CANADA.countryCode()).isEqualTo(1);
    assertThatThrownBy(() -> NumberParser.forRegion("XX"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("XX");
    assertThatThrownBy(() -> NumberParser.forRegion("001"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NumberParser.forRegion(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void packedDigitsConvertToTheirValue() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 10_000; i++) {
      int length = 1 + random.nextInt(16);
      StringBuilder digits = new StringBuilder();
      for (int j = 0; j < length; j++) {
        digits.append((char) ('0' + random.nextInt(10)));
      }
      assertThat(NumberParser.decimalOfPacked(RegionRules.pack(digits.toString())))
          .as(digits.toString())
          .isEqualTo(Long.parseLong(digits.toString()));
    }
    assertThat(NumberParser.decimalOfPacked(RegionRules.pack("9999999999999999")))
        .isEqualTo(9999999999999999L);
  }

  private static void assertHandled(NumberParser parser, String... inputs) {
    for (String input : inputs) {
      long result = parser.fastPath(input);
      assertThat(result).as("%s [%s]", parser.region(), input).isNotEqualTo(NumberParser.FELL_BACK);
      assertThat(result).as("%s [%s]", parser.region(), input).isNotEqualTo(NumberParser.INVALID);
    }
  }

  private static void assertValid(NumberParser parser, String input, long e164, NumberType type) {
    assertThat(parser.parseE164(input)).as("%s [%s]", parser.region(), input).isEqualTo(e164);
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    String where = parser.region() + " [" + input + "]";
    assertThat(parser.parseE164(bytes, 0, bytes.length)).as(where).isEqualTo(e164);
    assertThat(parser.parse(input)).as(where).contains(new ParsedNumber(e164, type));
    assertThat(reference(parser, input)).as("reference " + where).isEqualTo(e164);
  }

  private static long reference(NumberParser parser, String input) {
    return LibphonenumberReference.e164(LibphonenumberReference.parse(input, parser.region()));
  }

  @Test
  void wordsWithoutDigitsAreInvalidWithoutAskingLibphonenumber() {
    NumberParser parser = NumberParser.forRegion("IT");
    for (String word : List.of("ANONIMO", "n.d.", "sconosciuto", "-", "S.r.l.\"", "x", "ext.",
        "tel:;phone-context=example.com", "(...)", "N/A", "tel:abc;phone-context=+39")) {
      byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
      long expected = LibphonenumberReference.parse(word, "IT");
      if (word.contains("+")) {
        // A '+' may start a number: the fast path leaves these to libphonenumber.
        assertThat(parser.fastPath(word)).as(word).isEqualTo(NumberParser.FELL_BACK);
      } else {
        assertThat(expected).as(word).isEqualTo(NumberParser.INVALID);
        assertThat(parser.fastPath(word)).as(word).isEqualTo(NumberParser.INVALID);
        assertThat(parser.fastPath(bytes, 0, bytes.length)).as(word)
            .isEqualTo(NumberParser.INVALID);
      }
      assertThat(parser.parseE164(bytes, 0, bytes.length)).as(word).isEqualTo(expected);
    }
    // Non-ASCII letters may hide digits (full-width, Arabic-Indic): those still fall back.
    assertThat(parser.fastPath("\u0663\u0663\u0663 abc")).isEqualTo(NumberParser.FELL_BACK);
  }
}
