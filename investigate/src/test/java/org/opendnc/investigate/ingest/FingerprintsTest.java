package org.opendnc.investigate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

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
}
