package org.opendnc.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log mirrored tile by tile into a directory, audited offline, and every kind of tampering caught. */
class MirrorTest {

  static final int SIZE = 66_000; // three tile levels

  /** One log of {@link #SIZE} entries for the tests that do not change it. */
  static final TransparencyLog LOG = log(SIZE);

  @TempDir Path directory;

  static TransparencyLog log(int size) {
    TransparencyLog log = TestingTrees.memoryLog();
    for (int i = 0; i < size; i++) {
      log.append(TestingTrees.entry(i));
    }
    log.integrate();
    return log;
  }

  @Test
  void aMirrorCopiedTileByTileRecomputesToTheCheckpointRoot() throws IOException {
    TransparencyLog log = LOG;
    TileDirectory mirror = new TileDirectory(directory);
    long copied = mirror.copyFrom(new Tiles(log));
    assertThat(copied).isEqualTo(TilePath.all(SIZE).size());
    assertThat(directory.resolve("checkpoint")).hasContent(log.checkpointNote());
    assertThat(directory.resolve("tile/2/000.p/1")).hasSize(32);
    assertThat(directory.resolve("tile/0/x257/.p")).doesNotExist();

    MirrorAudit.Report report = MirrorAudit.audit(mirror, log.verifier());
    assertThat(report.checkpoint()).isEqualTo(log.checkpoint());
    assertThat(report.entries()).isEqualTo(SIZE);
    assertThat(report.bundles()).isEqualTo(258); // 257 full bundles and one of width 208
    assertThat(report.tiles()).isEqualTo(258 + 2 + 1);
    // The same proofs from the mirror's tiles as from the log.
    TileNodes nodes = TileNodes.from(mirror, SIZE);
    assertThat(Proofs.inclusion(12_345, SIZE, nodes)).usingElementComparator(java.util.Arrays::compare)
        .containsExactlyElementsOf(log.inclusionProof(12_345, SIZE));
    assertThat(Proofs.consistency(777, SIZE, nodes)).usingElementComparator(java.util.Arrays::compare)
        .containsExactlyElementsOf(log.consistencyProof(777, SIZE));
  }

  @Test
  void anAlteredEntryIsCaught() throws IOException {
    TileDirectory mirror = mirrorOf(LOG);
    Path bundle = directory.resolve("tile/entries/100");
    byte[] bytes = Files.readAllBytes(bundle);
    bytes[2 + 7] ^= 1; // the last byte of entry 25,600
    Files.write(bundle, bytes);
    assertThatThrownBy(() -> MirrorAudit.audit(mirror, TestingTrees.testSigner().verifier()))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("hash 0 of tile/0/100 is not the leaf hash of entry 25600 in tile/entries/100");
  }

  @Test
  void anAlteredTileAtAnyLevelIsCaught() throws IOException {
    TileDirectory mirror = mirrorOf(LOG);
    for (String tile : List.of("tile/0/257.p/208", "tile/0/012", "tile/1/000", "tile/1/001.p/1", "tile/2/000.p/1")) {
      Path file = directory.resolve(tile);
      byte[] original = Files.readAllBytes(file);
      byte[] altered = original.clone();
      altered[altered.length - 1] ^= 1;
      Files.write(file, altered);
      assertThatThrownBy(() -> MirrorAudit.audit(mirror, TestingTrees.testSigner().verifier()))
          .as(tile).isInstanceOf(AuditException.class);
      Files.write(file, original);
    }
    assertThat(MirrorAudit.audit(mirror, TestingTrees.testSigner().verifier()).entries()).isEqualTo(SIZE);
  }

  @Test
  void missingTruncatedOrPaddedResourcesAreCaught() throws IOException {
    TileDirectory mirror = mirrorOf(LOG);
    NoteVerifier verifier = TestingTrees.testSigner().verifier();
    Path tile = directory.resolve("tile/1/000");
    byte[] original = Files.readAllBytes(tile);
    Files.delete(tile);
    assertThatThrownBy(() -> MirrorAudit.audit(mirror, verifier))
        .isInstanceOf(AuditException.class).hasMessage("tile/1/000 is missing");
    Files.write(tile, java.util.Arrays.copyOf(original, 8_224));
    assertThatThrownBy(() -> MirrorAudit.audit(mirror, verifier))
        .isInstanceOf(AuditException.class).hasMessageContaining("tile/1/000 has 8224 bytes");
    Files.write(tile, original);

    Path bundle = directory.resolve("tile/entries/007");
    Files.write(bundle, java.util.Arrays.copyOf(Files.readAllBytes(bundle), 2_000));
    assertThatThrownBy(() -> MirrorAudit.audit(mirror, verifier))
        .isInstanceOf(AuditException.class).hasMessageContaining("tile/entries/007 is malformed");
  }

  @Test
  void aCheckpointWithAnotherRootOrKeyIsCaught() throws IOException {
    TransparencyLog log = LOG;
    TileDirectory mirror = mirrorOf(log);
    NoteSigner signer = TestingTrees.testSigner();
    mirror.writeCheckpoint(signer.sign(new Checkpoint(log.origin(), SIZE, Rfc6962.leafHash(new byte[0])).text()));
    assertThatThrownBy(() -> MirrorAudit.audit(mirror, signer.verifier()))
        .isInstanceOf(AuditException.class).hasMessageContaining("not to the checkpoint's root");

    NoteSigner other = NoteSigner.generate(log.origin());
    mirror.writeCheckpoint(other.sign(log.checkpoint().text()));
    assertThatThrownBy(() -> MirrorAudit.audit(mirror, signer.verifier()))
        .isInstanceOfSatisfying(NoteException.class,
            e -> assertThat(e.kind()).isEqualTo(NoteException.Kind.UNVERIFIED));
  }

  @Test
  void anOlderCheckpointIsAuditedFromTheFullTilesThatReplacedItsPartialOnes() throws IOException {
    TransparencyLog log = log(1_000);
    String older = log.checkpointNote();
    TileDirectory mirror = mirrorOf(log); // a mirror following the log: size 1,000, then 2,000
    for (int i = 1_000; i < 2_000; i++) {
      log.append(TestingTrees.entry(i));
    }
    log.integrate();
    mirror.copyFrom(new Tiles(log));
    // tile/0/003 is full now; a log may delete the partial tile it replaced
    Files.delete(directory.resolve("tile/0/003.p/232"));
    Files.delete(directory.resolve("tile/entries/003.p/232"));
    mirror.writeCheckpoint(older);
    assertThat(MirrorAudit.audit(mirror, log.verifier()).entries()).isEqualTo(1_000);
    // and the log itself still serves the older tree's partial tiles
    Tiles tiles = new Tiles(log);
    assertThat(tiles.read("tile/0/003.p/232")).hasSize(232 * 32);
    assertThat(tiles.read("tile/entries/003.p/232")).isNotNull();
    assertThat(tiles.read("tile/0/007.p/209")).isNull();
    assertThat(tiles.read("tile/0/008")).isNull();
    assertThat(tiles.read("checkpoint")).isEqualTo(log.checkpointNote().getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> tiles.read("tile/0/8")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEmptyLogIsAMirrorOfACheckpointOnly() throws IOException {
    TransparencyLog log = TestingTrees.memoryLog();
    TileDirectory mirror = new TileDirectory(directory);
    assertThat(mirror.copyFrom(new Tiles(log))).isZero();
    assertThat(MirrorAudit.audit(mirror, log.verifier()).entries()).isZero();
  }

  private TileDirectory mirrorOf(TransparencyLog log) throws IOException {
    TileDirectory mirror = new TileDirectory(directory);
    mirror.copyFrom(new Tiles(log));
    return mirror;
  }
}
