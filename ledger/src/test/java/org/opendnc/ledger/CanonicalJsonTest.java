package org.opendnc.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void sortsMembersByUtf16CodeUnitsAsRfc8785Section324() {
    // RFC 8785 section 3.2.3's sorting example (its numeric-string member "1" included).
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("\u20ac", "Euro Sign");
    object.put("\r", "Carriage Return");
    object.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
    object.put("1", "One");
    object.put("\ud83d\ude00", "Emoji: Grinning Face");
    object.put("\u0080", "Control");
    object.put("\u00f6", "Latin Small Letter O With Diaeresis");
    assertThat(CanonicalJson.write(object)).isEqualTo(
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
            + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
            + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void escapesStringsAsJsonStringify() {
    // RFC 8785 section 3.2.2.2's string example, literals and the integer part of its numbers.
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("string", "\u20ac$\u000f\nA'B\"\\\\\"/");
    object.put("literals", List.of(true, false));
    object.put("nothing", null);
    object.put("numbers", List.of(333333333L, 4_500_000_000_000_000L, 0L, -1L));
    assertThat(CanonicalJson.write(object)).isEqualTo(
        "{\"literals\":[true,false],\"nothing\":null,\"numbers\":[333333333,4500000000000000,0,-1],"
            + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void refusesWhatItCannotWriteExactly() {
    assertThatThrownBy(() -> CanonicalJson.write(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.write((1L << 53) + 1)).hasMessageContaining("2^53");
    assertThatThrownBy(() -> CanonicalJson.write("a\ud800b")).hasMessageContaining("surrogate");
    assertThatThrownBy(() -> CanonicalJson.write(Map.of(1, 2))).isInstanceOf(IllegalArgumentException.class);
  }
}
