package org.opendnc.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checkpoint text, entry bundles, tlog-proof files and hash lines: round trips and hostile input. */
class FormatsTest {

  static final byte[] ROOT = Rfc6962.leafHash(new byte[] {1});

  @Test
  void aCheckpointsTextIsItsLinesAndParsesBack() {
    Checkpoint checkpoint = new Checkpoint("example.com/log", 20852163, ROOT, List.of("ext one"));
    String text = checkpoint.text();
    assertThat(text).startsWith("example.com/log\n20852163\n").endsWith("\next one\n");
    assertThat(Checkpoint.parse(text)).isEqualTo(checkpoint);
  }

  @Test
  void malformedCheckpointsAreRefusedNamingTheLine() {
    String root = java.util.Base64.getEncoder().encodeToString(ROOT);
    assertThatThrownBy(() -> Checkpoint.parse("o\n1\n" + root)).hasMessageContaining("end in a newline");
    assertThatThrownBy(() -> Checkpoint.parse("o\n1\n")).hasMessageContaining("at least three lines");
    assertThatThrownBy(() -> Checkpoint.parse("\n1\n" + root + "\n")).hasMessageContaining("line 1");
    assertThatThrownBy(() -> Checkpoint.parse("o\n01\n" + root + "\n")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> Checkpoint.parse("o\n-1\n" + root + "\n")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> Checkpoint.parse("o\n99999999999999999999\n" + root + "\n"))
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> Checkpoint.parse("o\n1\nAAAA\n")).hasMessageContaining("line 3");
    assertThatThrownBy(() -> Checkpoint.parse("o\n1\n" + root.replace("=", "") + "\n")).hasMessageContaining("line 3");
    assertThatThrownBy(() -> Checkpoint.parse("o\n1\n" + root + "\n\n")).hasMessageContaining("line 4");
    assertThat(Checkpoint.parse("o\n0\n" + root + "\n").size()).isZero();
  }

  @Test
  void entryBundlesArePrefixedByBigEndianLengths() {
    byte[] bundle = EntryBundle.encode(List.of(new byte[0], "ab".getBytes(StandardCharsets.UTF_8), new byte[300]));
    assertThat(bundle).startsWith(0, 0, 0, 2, 'a', 'b', 1, 44);
    assertThat(EntryBundle.decode(bundle, 3)).extracting(b -> b.length).containsExactly(0, 2, 300);
    assertThatThrownBy(() -> EntryBundle.decode(bundle, 2)).hasMessageContaining("bytes after its 2 entries");
    assertThatThrownBy(() -> EntryBundle.decode(bundle, 4)).hasMessageContaining("holds 3 entries, not 4");
    assertThatThrownBy(() -> EntryBundle.decode(java.util.Arrays.copyOf(bundle, 10), 3)).hasMessageContaining("cut short");
    assertThatThrownBy(() -> EntryBundle.decode(new byte[] {0}, 1)).hasMessageContaining("inside the length");
    assertThatThrownBy(() -> EntryBundle.encode(List.of(new byte[65_536]))).hasMessageContaining("longer than");
  }

  @Test
  void tlogProofsFollowTheC2spFormat() {
    TransparencyLog log = TestingTrees.memoryLog();
    for (int i = 0; i < 10; i++) {
      log.append(TestingTrees.entry(i));
    }
    log.integrate();
    TlogProof proof = new TlogProof(null, 7, log.inclusionProof(7, 10), log.checkpointNote());
    String text = proof.format();
    assertThat(text).startsWith("c2sp.org/tlog-proof@v1\nindex 7\n").endsWith("\n\n" + log.checkpointNote());
    TlogProof parsed = TlogProof.parse(text);
    assertThat(parsed.index()).isEqualTo(7);
    assertThat(parsed.checkpoint()).isEqualTo(log.checkpointNote());
    ProofsTest.assertSameHashes(parsed.proof(), proof.proof());
    TlogProof withExtra = TlogProof.parse(new TlogProof("ctx".getBytes(StandardCharsets.UTF_8), 7, proof.proof(),
        log.checkpointNote()).format());
    assertThat(withExtra.extra()).isEqualTo("ctx".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void malformedTlogProofsAreRefusedNamingTheLine() {
    String hash = java.util.Base64.getEncoder().encodeToString(ROOT);
    assertThatThrownBy(() -> TlogProof.parse("c2sp.org/tlog-proof@v2\nindex 1\n\nx")).hasMessageContaining("line 1");
    assertThatThrownBy(() -> TlogProof.parse("c2sp.org/tlog-proof@v1\nindex 01\n\nx")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> TlogProof.parse("c2sp.org/tlog-proof@v1\nextra !!\nindex 1\n\nx")).hasMessageContaining("extra");
    assertThatThrownBy(() -> TlogProof.parse("c2sp.org/tlog-proof@v1\nindex 1\n" + hash + "\nAAAA\n\nx"))
        .hasMessageContaining("line 4");
    assertThatThrownBy(() -> TlogProof.parse("c2sp.org/tlog-proof@v1\nindex 1\n" + hash + "\n"))
        .hasMessageContaining("before its blank line");
    assertThatThrownBy(() -> TlogProof.parse("c2sp.org/tlog-proof@v1\nindex 1\n\n")).hasMessageContaining("no checkpoint");
  }

  @Test
  void hashLinesRoundTripAndRefuseAnythingElse() {
    List<byte[]> hashes = List.of(ROOT, Rfc6962.emptyRoot());
    assertThat(HashLines.parse(HashLines.format(hashes))).usingElementComparator(java.util.Arrays::compare)
        .containsExactlyElementsOf(hashes);
    assertThat(HashLines.parse("")).isEmpty();
    String text = HashLines.format(hashes);
    assertThat(HashLines.parse(text.substring(0, text.length() - 1))).hasSize(2);
    assertThatThrownBy(() -> HashLines.parse(text + "\n")).hasMessageContaining("line 3");
    assertThatThrownBy(() -> HashLines.parse("zz\n")).hasMessageContaining("line 1");
  }
}
