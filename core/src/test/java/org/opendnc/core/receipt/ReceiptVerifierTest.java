package org.opendnc.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptVerifierTest {

  @TempDir Path dataDir;
  private RegisterKey key;
  private Receipt signed;

  @BeforeEach
  void sign() {
    key = RegisterKey.loadOrCreate(dataDir);
    signed = key.sign(TestingReceipts.unsigned());
  }

  @Test
  void signedReceiptVerifiesAlsoAfterAJsonRoundTripAndFromThePublishedKey() {
    assertThat(signed.keyId()).isEqualTo(key.keyId());
    assertThat(ReceiptVerifier.verifySignature(signed, key.publicKey())).isTrue();
    Receipt reread = ReceiptJson.read(ReceiptJson.write(signed));
    PublicKey published = ReceiptVerifier.publicKeyFromBase64(key.publicKeyBase64());
    assertThat(ReceiptVerifier.verifySignature(reread, published)).isTrue();
    assertThat(ReceiptVerifier.verify(reread, published).valid()).isTrue();
    assertThat(ReceiptVerifier.keyId(published)).isEqualTo(key.keyId());
  }

  @Test
  void anyChangedFieldFailsVerification() {
    Receipt r = signed;
    List<UnaryOperator<Receipt>> changes = List.of(
        x -> new Receipt("other-id", x.operator(), x.profile(), x.checkedAt(), x.registerVersion(),
            x.inputSha256(), x.outputSha256(), x.counts(), x.validUntil(), x.keyId(), x.signature()),
        x -> new Receipt(x.id(), "OTHER", x.profile(), x.checkedAt(), x.registerVersion(),
            x.inputSha256(), x.outputSha256(), x.counts(), x.validUntil(), x.keyId(), x.signature()),
        x -> new Receipt(x.id(), x.operator(), "US", x.checkedAt(), x.registerVersion(),
            x.inputSha256(), x.outputSha256(), x.counts(), x.validUntil(), x.keyId(), x.signature()),
        x -> new Receipt(x.id(), x.operator(), x.profile(), x.checkedAt().plusNanos(1),
            x.registerVersion(), x.inputSha256(), x.outputSha256(), x.counts(), x.validUntil(),
            x.keyId(), x.signature()),
        x -> new Receipt(x.id(), x.operator(), x.profile(), x.checkedAt(), x.registerVersion() + 1,
            x.inputSha256(), x.outputSha256(), x.counts(), x.validUntil(), x.keyId(), x.signature()),
        x -> new Receipt(x.id(), x.operator(), x.profile(), x.checkedAt(), x.registerVersion(),
            x.outputSha256(), x.outputSha256(), x.counts(), x.validUntil(), x.keyId(), x.signature()),
        x -> new Receipt(x.id(), x.operator(), x.profile(), x.checkedAt(), x.registerVersion(),
            x.inputSha256(), x.inputSha256(), x.counts(), x.validUntil(), x.keyId(), x.signature()),
        x -> new Receipt(x.id(), x.operator(), x.profile(), x.checkedAt(), x.registerVersion(),
            x.inputSha256(), x.outputSha256(), new Receipt.Counts(10_000, 9_001, 899, 100),
            x.validUntil(), x.keyId(), x.signature()),
        x -> new Receipt(x.id(), x.operator(), x.profile(), x.checkedAt(), x.registerVersion(),
            x.inputSha256(), x.outputSha256(), x.counts(), Instant.parse("2026-01-01T00:00:00Z"),
            x.keyId(), x.signature()));
    for (int i = 0; i < changes.size(); i++) {
      Receipt changed = changes.get(i).apply(r);
      assertThat(changed).isNotEqualTo(r);
      assertThat(ReceiptVerifier.verifySignature(changed, key.publicKey())).as("change %d", i).isFalse();
      assertThat(ReceiptVerifier.verify(changed, key.publicKey()).problems())
          .containsExactly(ReceiptVerifier.Problem.BAD_SIGNATURE);
    }
  }

  @Test
  void theSignatureCoversTheCallableSetDigest() {
    Receipt withSet = key.sign(TestingReceipts.unsignedWithCallableSet());
    assertThat(ReceiptVerifier.verify(withSet, key.publicKey()).valid()).isTrue();
    assertThat(ReceiptVerifier.verify(ReceiptJson.read(ReceiptJson.write(withSet)), key.publicKey()).valid())
        .isTrue();
    for (String digest : new String[] {null, "0".repeat(64)}) {
      Receipt changed = new Receipt(withSet.id(), withSet.operator(), withSet.profile(),
          withSet.checkedAt(), withSet.registerVersion(), withSet.inputSha256(),
          withSet.outputSha256(), digest, withSet.counts(), withSet.validUntil(), withSet.keyId(),
          withSet.signature());
      assertThat(ReceiptVerifier.verify(changed, key.publicKey()).problems())
          .as("digest %s", digest).containsExactly(ReceiptVerifier.Problem.BAD_SIGNATURE);
    }
  }

  @Test
  void wrongKeyFails() {
    RegisterKey other = RegisterKey.loadOrCreate(dataDir.resolve("other"));
    assertThat(ReceiptVerifier.verifySignature(signed, other.publicKey())).isFalse();
    assertThat(ReceiptVerifier.verify(signed, other.publicKey()).problems())
        .containsExactly(
            ReceiptVerifier.Problem.KEY_ID_MISMATCH, ReceiptVerifier.Problem.BAD_SIGNATURE);
  }

  @Test
  void unsignedOrGarbledSignaturesFailWithoutThrowing() {
    Receipt unsigned = TestingReceipts.unsigned();
    assertThat(ReceiptVerifier.verifySignature(unsigned, key.publicKey())).isFalse();
    assertThat(ReceiptVerifier.verify(unsigned, key.publicKey()).problems())
        .containsExactly(ReceiptVerifier.Problem.UNSIGNED);
    Receipt garbled = unsigned.withSignature(key.keyId(), "***not base64***");
    assertThat(ReceiptVerifier.verifySignature(garbled, key.publicKey())).isFalse();
    assertThat(ReceiptVerifier.verify(garbled, key.publicKey()).problems())
        .containsExactly(ReceiptVerifier.Problem.MALFORMED_SIGNATURE);
    byte[] flipped = Base64.getDecoder().decode(signed.signature());
    flipped[10] ^= 1;
    Receipt tampered = signed.withSignature(
        signed.keyId(), Base64.getEncoder().encodeToString(flipped));
    assertThat(ReceiptVerifier.verifySignature(tampered, key.publicKey())).isFalse();
  }

  @Test
  void decodesRawPublicKeysAndRejectsBadOnes() {
    PublicKey decoded = ReceiptVerifier.publicKeyFromBase64(key.publicKeyBase64());
    assertThat(decoded.getEncoded()).isEqualTo(key.publicKey().getEncoded());
    assertThatThrownBy(() -> ReceiptVerifier.publicKeyFromBase64("AAEC"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> ReceiptVerifier.publicKeyFromBase64("%%%"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not base64");
  }
}
