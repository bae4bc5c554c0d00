package org.opendnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dnc ledger}: replay against Tessera's published checkpoints, prove and verify end to end. */
class LedgerCommandTest {
  @TempDir Path dir;

  CliRun.Result dnc(String... args) {
    return CliRun.run(dir.resolve("data"), args);
  }

  /** shared/testdata/ledger/tessera-log-checkpoints.json, beside the repository's root. */
  static JsonNode tessera() throws IOException {
    Path start = Path.of("").toAbsolutePath();
    Path root = start;
    while (root != null && !Files.isRegularFile(root.resolve("mvnw"))) {
      root = root.getParent();
    }
    if (root == null) {
      throw new IllegalStateException("cannot find the repository root (with mvnw) above " + start);
    }
    Path file = root.getParent().resolve("shared/testdata/ledger/tessera-log-checkpoints.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("The shared ledger test vectors are missing: expected " + file
          + " (../shared/testdata/ledger beside the repository root). Put shared/ there, as CI does.");
    }
    return new ObjectMapper().readTree(file.toFile());
  }

  @Test
  void replayPrintsTesserasCheckpointsByteForByte() throws IOException {
    JsonNode tessera = tessera();
    String origin = tessera.get("origin").asText();
    JsonNode leaves = tessera.get("leaves");
    JsonNode checkpoints = tessera.get("checkpoints_size_root_sig");
    assertThat(checkpoints.size()).isEqualTo(leaves.size() + 1);
    for (int size = 0; size <= leaves.size(); size++) {
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < size; i++) {
        lines.append(leaves.get(i).asText()).append('\n');
      }
      Path entries = Files.writeString(dir.resolve("entries-" + size + ".txt"), lines);
      CliRun.Result replay = dnc("ledger", "replay", entries.toString(), "--origin", origin,
          "--signer-key", tessera.get("signer_key").asText());
      assertThat(replay.exit()).as(replay.err()).isZero();
      JsonNode expected = checkpoints.get(size);
      assertThat(replay.out()).as("checkpoint of size %d", size).isEqualTo(
          origin + "\n" + size + "\n" + expected.get(1).asText() + "\n\n\u2014 " + origin + " "
              + expected.get(2).asText() + "\n");
    }
  }

  @Test
  void aReplayedLogIsProvenAndVerifiedOfflineAndItsTamperingCaught() throws IOException {
    JsonNode tessera = tessera();
    String origin = tessera.get("origin").asText();
    String key = tessera.get("verifier_key").asText();
    String skey = tessera.get("signer_key").asText();
    Path entries = dir.resolve("entries.txt");
    Files.writeString(entries, String.join("\n", leaves(tessera)) + "\n");
    Path tiles = dir.resolve("tiles");
    CliRun.Result replay = dnc("ledger", "replay", entries.toString(), "--origin", origin, "--signer-key", skey,
        "--tiles", tiles.toString());
    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(replay.err()).contains("wrote the checkpoint and 2 tiles and bundles");
    assertThat(tiles.resolve("checkpoint")).hasContent(replay.out());
    assertThat(tiles.resolve("tile/0/000.p/15")).exists();
    assertThat(tiles.resolve("tile/entries/000.p/15")).exists();

    CliRun.Result mirror = dnc("ledger", "verify", "mirror", tiles.toString(), "--key", key);
    assertThat(mirror.exit()).as(mirror.err()).isZero();
    assertThat(mirror.out()).contains("ok   checkpoint checkpoint: signed by example.com/log/testdata+33d7b496")
        .contains("15 entries, 1 entry bundle(s) and 1 hash tile(s) recompute").contains("faithful copy");

    CliRun.Result proof = dnc("ledger", "prove", "inclusion", tiles.toString(), "--index", "6");
    assertThat(proof.exit()).as(proof.err()).isZero();
    assertThat(proof.out()).startsWith("c2sp.org/tlog-proof@v1\nindex 6\n").endsWith(replay.out());
    Path proofFile = Files.writeString(dir.resolve("seven.tlog-proof"), proof.out());
    CliRun.Result included = dnc("ledger", "verify", "inclusion", "--proof", proofFile.toString(), "--entry", "seven",
        "--key", key);
    assertThat(included.exit()).as(included.err()).isZero();
    assertThat(included.out()).contains("ok   inclusion: the entry 'seven' is entry 6 of the tree of size 15")
        .contains("The entry is in the log.");

    // The same proof as hash lines beside the checkpoint, and the entry as a file.
    List<String> hashLines = proof.out().lines().skip(2).takeWhile(l -> !l.isEmpty()).toList();
    Path lines = Files.writeString(dir.resolve("seven.proof"), String.join("\n", hashLines) + "\n");
    Path entry = Files.writeString(dir.resolve("seven.entry"), "seven");
    CliRun.Result byLines = dnc("ledger", "verify", "inclusion", "--proof", lines.toString(), "--checkpoint",
        tiles.resolve("checkpoint").toString(), "--index", "6", "--entry-file", entry.toString(), "--key", key);
    assertThat(byLines.exit()).as(byLines.err()).isZero();

    CliRun.Result wrongEntry = dnc("ledger", "verify", "inclusion", "--proof", proofFile.toString(), "--entry", "eight",
        "--key", key);
    assertThat(wrongEntry.exit()).isEqualTo(1);
    assertThat(wrongEntry.err()).contains("FAIL PROOF_INVALID").contains("not to the tree's root");
    CliRun.Result wrongIndex = dnc("ledger", "verify", "inclusion", "--proof", lines.toString(), "--checkpoint",
        tiles.resolve("checkpoint").toString(), "--index", "5", "--entry", "seven", "--key", key);
    assertThat(wrongIndex.exit()).isEqualTo(1);

    Path forged = Files.writeString(dir.resolve("forged.tlog-proof"),
        proof.out().replace("\n15\n", "\n16\n"));
    CliRun.Result badSignature = dnc("ledger", "verify", "inclusion", "--proof", forged.toString(), "--entry", "seven",
        "--key", key);
    assertThat(badSignature.exit()).isEqualTo(1);
    assertThat(badSignature.err()).contains("FAIL CHECKPOINT_SIGNATURE_INVALID");

    CliRun.Result otherKey = dnc("ledger", "verify", "inclusion", "--proof", proofFile.toString(), "--entry", "seven",
        "--key", dnc("ledger", "keygen", origin).out().lines().skip(1).findFirst().orElseThrow());
    assertThat(otherKey.exit()).isEqualTo(1);
    assertThat(otherKey.err()).contains("CHECKPOINT_SIGNATURE_INVALID").contains("no signature is by a known key");

    Path garbage = Files.writeString(dir.resolve("garbage.proof"), "not base64\n");
    CliRun.Result malformed = dnc("ledger", "verify", "inclusion", "--proof", garbage.toString(), "--checkpoint",
        tiles.resolve("checkpoint").toString(), "--index", "6", "--entry", "seven", "--key", key);
    assertThat(malformed.exit()).isEqualTo(3);
    assertThat(malformed.err()).contains("PROOF_MALFORMED").contains("line 1");

    Path bundle = tiles.resolve("tile/entries/000.p/15");
    byte[] bytes = Files.readAllBytes(bundle);
    bytes[2] = 'O'; // "one" becomes "One"
    Files.write(bundle, bytes);
    CliRun.Result tampered = dnc("ledger", "verify", "mirror", tiles.toString(), "--key", key);
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.err()).contains("FAIL MIRROR_INVALID")
        .contains("hash 0 of tile/0/000.p/15 is not the leaf hash of entry 0");
  }

  @Test
  void consistencyBetweenTwoReplaysIsProvenAndVerified() throws IOException {
    JsonNode tessera = tessera();
    String origin = tessera.get("origin").asText();
    String key = tessera.get("verifier_key").asText();
    String skey = tessera.get("signer_key").asText();
    List<String> leaves = leaves(tessera);
    Path early = Files.writeString(dir.resolve("early.txt"), String.join("\n", leaves.subList(0, 5)));
    Path late = Files.writeString(dir.resolve("late.txt"), String.join("\n", leaves));
    Path oldCheckpoint = Files.writeString(dir.resolve("old.checkpoint"),
        dnc("ledger", "replay", early.toString(), "--origin", origin, "--signer-key", skey).out());
    Path tiles = dir.resolve("tiles");
    assertThat(dnc("ledger", "replay", late.toString(), "--origin", origin, "--signer-key", skey,
        "--tiles", tiles.toString()).exit()).isZero();

    Path proof = dir.resolve("5-15.proof");
    CliRun.Result prove = dnc("ledger", "prove", "consistency", tiles.toString(), "--old-size", "5", "-o", proof.toString());
    assertThat(prove.exit()).as(prove.err()).isZero();
    // MTH(D[4:5]), MTH(D[5:6]), MTH(D[6:8]), MTH(D[0:4]) (the root of size 4), MTH(D[8:15])
    assertThat(Files.readString(proof).lines()).hasSize(5)
        .contains(tessera.get("checkpoints_size_root_sig").get(4).get(1).asText());
    CliRun.Result verified = dnc("ledger", "verify", "consistency", "--old", oldCheckpoint.toString(),
        "--new", tiles.resolve("checkpoint").toString(), "--proof", proof.toString(), "--key", key);
    assertThat(verified.exit()).as(verified.err()).isZero();
    assertThat(verified.out()).contains("ok   consistency: the tree of size 5 is a prefix of the tree of size 15");

    CliRun.Result reversed = dnc("ledger", "verify", "consistency", "--old", tiles.resolve("checkpoint").toString(),
        "--new", oldCheckpoint.toString(), "--proof", proof.toString(), "--key", key);
    assertThat(reversed.exit()).isEqualTo(1);
    assertThat(reversed.err()).contains("PROOF_INVALID").contains("larger than the new tree size");

    Path other = Files.writeString(dir.resolve("other.txt"), String.join("\n", leaves.subList(0, 4)) + "\nfive!\n");
    Path otherCheckpoint = Files.writeString(dir.resolve("other.checkpoint"),
        dnc("ledger", "replay", other.toString(), "--origin", origin, "--signer-key", skey).out());
    CliRun.Result fork = dnc("ledger", "verify", "consistency", "--old", otherCheckpoint.toString(),
        "--new", tiles.resolve("checkpoint").toString(), "--proof", proof.toString(), "--key", key);
    assertThat(fork.exit()).isEqualTo(1);
    assertThat(fork.err()).contains("PROOF_INVALID").contains("old root");

    assertThat(dnc("ledger", "prove", "consistency", tiles.toString(), "--old-size", "0").exit()).isEqualTo(2);
  }

  @Test
  void theRegistersKeySignsReplaysWhenNoSignerKeyIsGiven() throws IOException {
    CliRun.Result key = dnc("ledger", "key", "--origin", "opendnc.example/consents");
    assertThat(key.exit()).as(key.err()).isZero();
    assertThat(key.out()).startsWith("opendnc.example/consents+");
    Path entries = Files.writeString(dir.resolve("entries.txt"), "a\nb\n");
    Path tiles = dir.resolve("tiles");
    CliRun.Result replay = dnc("ledger", "replay", entries.toString(), "--origin", "opendnc.example/consents",
        "--tiles", tiles.toString());
    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(dnc("ledger", "verify", "mirror", tiles.toString(), "--key", key.out().strip()).exit()).isZero();
    assertThat(dnc("ledger", "key", "--origin", "has space").err()).contains("INVALID_ARGUMENT");
  }

  @Test
  void entriesAreRawLinesAndBadInputGetsStableCodes() throws IOException {
    String skey = dnc("ledger", "keygen", "example.com/log").out().lines().findFirst().orElseThrow();
    Path crlf = dir.resolve("crlf.txt");
    Files.write(crlf, "one\r\n\ntwo".getBytes(StandardCharsets.UTF_8)); // "one\r", "", "two"
    Path tiles = dir.resolve("tiles");
    CliRun.Result replay = dnc("ledger", "replay", crlf.toString(), "--origin", "example.com/log", "--signer-key", skey,
        "--tiles", tiles.toString());
    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(replay.out()).startsWith("example.com/log\n3\n");
    assertThat(Files.readAllBytes(tiles.resolve("tile/entries/000.p/3")))
        .containsExactly(0, 4, 'o', 'n', 'e', '\r', 0, 0, 0, 3, 't', 'w', 'o');

    Path tooLong = dir.resolve("long.txt");
    Files.writeString(tooLong, "ok\n" + "x".repeat(65_536) + "\n");
    CliRun.Result longLine = dnc("ledger", "replay", tooLong.toString(), "--origin", "example.com/log", "--signer-key", skey);
    assertThat(longLine.exit()).isEqualTo(3);
    assertThat(longLine.err()).contains("RECORD_TOO_LONG").contains("line 2");

    CliRun.Result missing = dnc("ledger", "replay", dir.resolve("none.txt").toString(), "--origin", "o", "--signer-key", skey);
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err()).contains("INPUT_NOT_FOUND");
    CliRun.Result badKey = dnc("ledger", "replay", crlf.toString(), "--origin", "o", "--signer-key", "PRIVATE+KEY+x+00000000+AAAA");
    assertThat(badKey.exit()).isEqualTo(2);
    assertThat(badKey.err()).contains("INVALID_ARGUMENT").contains("--signer-key").doesNotContain("AAAA");
    CliRun.Result badVerifier = dnc("ledger", "verify", "mirror", tiles.toString(), "--key", "nonsense");
    assertThat(badVerifier.exit()).isEqualTo(2);
    assertThat(dnc("ledger", "verify", "mirror", dir.resolve("nowhere").toString(), "--key",
        dnc("ledger", "keygen", "k").out().lines().skip(1).findFirst().orElseThrow()).exit()).isEqualTo(3);
  }

  private static List<String> leaves(JsonNode tessera) {
    List<String> leaves = new ArrayList<>();
    tessera.get("leaves").forEach(leaf -> leaves.add(leaf.asText()));
    return leaves;
  }
}
