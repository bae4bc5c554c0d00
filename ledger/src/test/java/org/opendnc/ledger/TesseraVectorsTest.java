package org.opendnc.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * shared/testdata/ledger/tessera-log-checkpoints.json: the 15-entry Tessera test log. Every
 * checkpoint this log signs with the published test key is byte-identical to Tessera's.
 */
class TesseraVectorsTest {

  static final JsonNode VECTORS = TestVectors.load("tessera-log-checkpoints.json");

  static String expectedNote(JsonNode checkpoint) {
    String origin = VECTORS.get("origin").asText();
    return origin + "\n" + checkpoint.get(0).asLong() + "\n" + checkpoint.get(1).asText() + "\n\n"
        + "\u2014 " + origin + " " + checkpoint.get(2).asText() + "\n";
  }

  @Test
  void theSignerKeyParsesToThePublishedVerifierKey() {
    NoteSigner signer = NoteSigner.parse(VECTORS.get("signer_key").asText());
    assertThat(signer.verifier().verifierKey()).isEqualTo(VECTORS.get("verifier_key").asText());
    assertThat(signer.signerKey()).isEqualTo(VECTORS.get("signer_key").asText());
    assertThat(NoteVerifier.parse(VECTORS.get("verifier_key").asText()).keyId()).isEqualTo(0x33d7b496);
  }

  @Test
  void everyCheckpointOfTheReplayedLogIsByteIdentical() {
    String origin = VECTORS.get("origin").asText();
    TransparencyLog log = TransparencyLog.open(new MemoryLogStorage(), origin,
        NoteSigner.parse(VECTORS.get("signer_key").asText()));
    JsonNode checkpoints = VECTORS.get("checkpoints_size_root_sig");
    assertThat(checkpoints.size()).isEqualTo(16);
    assertThat(log.checkpointNote()).isEqualTo(expectedNote(checkpoints.get(0)));
    JsonNode leaves = VECTORS.get("leaves");
    for (int i = 0; i < leaves.size(); i++) {
      log.append(leaves.get(i).asText().getBytes(StandardCharsets.UTF_8));
      log.integrate();
      assertThat(log.checkpointNote()).as("checkpoint %d", i + 1).isEqualTo(expectedNote(checkpoints.get(i + 1)));
    }
  }

  @Test
  void everyPublishedCheckpointVerifiesWithTheVerifierKeyAndMatchesTheLeaves() {
    NoteVerifier verifier = NoteVerifier.parse(VECTORS.get("verifier_key").asText());
    JsonNode leaves = VECTORS.get("leaves");
    java.util.List<byte[]> hashes = new java.util.ArrayList<>();
    leaves.forEach(leaf -> hashes.add(Rfc6962.leafHash(leaf.asText().getBytes(StandardCharsets.UTF_8))));
    for (JsonNode published : VECTORS.get("checkpoints_size_root_sig")) {
      Checkpoint checkpoint = Checkpoint.open(expectedNote(published), verifier);
      int size = published.get(0).asInt();
      assertThat(checkpoint.size()).isEqualTo(size);
      assertThat(checkpoint.rootHash()).isEqualTo(Base64.getDecoder().decode(published.get(1).asText()))
          .isEqualTo(Rfc6962.root(hashes.subList(0, size)));
    }
  }
}
