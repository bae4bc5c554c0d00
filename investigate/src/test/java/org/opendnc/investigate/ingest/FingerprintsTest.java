package org.opendnc.investigate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;

class FingerprintsTest {
  @Test
  void aNameMatchesAcrossCaseAccentsAndWordOrder() {
    short name = Fingerprints.name("Niccolò Rossi");
    assertThat(Fingerprints.name("ROSSI NICCOLO")).isEqualTo(name);
    assertThat(Fingerprints.name("  rossi,  niccolò ")).isEqualTo(name);
    assertThat(Fingerprints.name("Nicco\u0300lo\u0300 Rossi".replace("\u0300lo\u0300", "lò"))).isEqualTo(name);
  }

  @Test
  void aMisspellingIsAnotherFingerprint() {
    assertThat(Fingerprints.name("Niccolò Rosi")).isNotEqualTo(Fingerprints.name("Niccolò Rossi"));
    assertThat(Fingerprints.name("Mario Mario")).isNotEqualTo(Fingerprints.name("Mario"));
    assertThat(Fingerprints.name("")).isZero();
    assertThat(Fingerprints.name("123 ---")).isZero();
  }

  @Test
  void theShapeOfANumberIgnoresItsDigits() {
    assertThat(Fingerprints.shape("+39 333 1234567")).isEqualTo(Fingerprints.shape("+39 320 7654321"));
    assertThat(Fingerprints.shape("+39 333 1234567")).isNotEqualTo(Fingerprints.shape("3331234567"));
  }

  @Test
  void invalidNumbersAreKeyedByTheirDigitsWithoutTheHomePrefix() {
    long key = Keys.invalidKey("33312345", 39);
    assertThat(Keys.invalidKey("+39 333 12345", 39)).isEqualTo(key);
    assertThat(Keys.invalidKey("0039-333-12345", 39)).isEqualTo(key);
    assertThat(Keys.invalidKey("(+39) 33312345", 39)).isEqualTo(key);
    assertThat(Keys.isValid(key)).isFalse();
    assertThat(Keys.invalidKey("n/d", 39)).isZero();
  }

  @Test
  void theLatin1TableGivesWhatTheNormalizerGives() {
    java.util.Random random = new java.util.Random(20261129);
    String alphabet = "abcXYZ '-.,0\u00e0\u00e8\u00e9\u00ec\u00f2\u00f9\u00c0\u00c9\u00df\u00e6\u00f8\u00aa\u00b5\u00d7\u00ff\u00a0\u0301\u0107\u0161\u1e9e";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(14);
      for (int k = 0; k < length; k++) {
        s.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x100) : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String name = s.toString();
      org.assertj.core.api.Assertions.assertThat(Fingerprints.name(name)).as(name).isEqualTo(nameByNormalizer(name));
    }
  }

  /** The reference: the fingerprint through java.text.Normalizer for every non-ASCII name. */
  private static short nameByNormalizer(String name) {
    if (name == null) {
      return 0;
    }
    String text = name;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        text = Normalizer.normalize(name, Normalizer.Form.NFD);
        break;
      }
    }
    long combined = 0;
    int words = 0;
    int word = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        word = word * 31 + Character.toUpperCase(c);
        inWord = true;
      } else if (Character.getType(c) != Character.NON_SPACING_MARK && inWord) {
        combined += Fingerprints.mix(word);
        words++;
        word = 0;
        inWord = false;
      }
    }
    if (inWord) {
      combined += Fingerprints.mix(word);
      words++;
    }
    return Fingerprints.fingerprint(combined, words);
  }

}
