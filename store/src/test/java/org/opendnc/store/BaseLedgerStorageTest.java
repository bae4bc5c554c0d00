package org.opendnc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendnc.ledger.AuditException;
import org.opendnc.ledger.Checkpoint;
import org.opendnc.ledger.MirrorAudit;
import org.opendnc.ledger.NoteSigner;
import org.opendnc.ledger.ProofVerifier;
import org.opendnc.ledger.Rfc6962;
import org.opendnc.ledger.Tiles;
import org.opendnc.ledger.TransparencyLog;

/** The transparency log on the store's database, run against every product by a subclass. */
abstract class BaseLedgerStorageTest {

  static final String ORIGIN = "opendnc.example/ledger-test";
  static final NoteSigner SIGNER = NoteSigner.generate(ORIGIN);

  RegisterStore store;

  /** Gives the next {@link #openStore()} an empty database of its own. */
  abstract void createFreshDatabase() throws Exception;

  /** Opens the store on this test's database; each call opens it anew (same data). */
  abstract RegisterStore openStore();

  /** The SQL that lets the database's owner change a ledger table despite its triggers. */
  abstract String disableTriggersOn(String table);

  @BeforeEach
  void openFreshStore() throws Exception {
    createFreshDatabase();
    store = openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  TransparencyLog openLog() {
    return TransparencyLog.open(store.ledger(), ORIGIN, SIGNER);
  }

  static byte[] entry(long i) {
    return ByteBuffer.allocate(Long.BYTES).putLong(i).array();
  }

  /** Entries 0 .. count-1, with an empty one and one of the largest size among them. */
  static List<byte[]> entries(int count) {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(i == 3 ? new byte[0] : i == 4 ? new byte[65_535] : entry(i));
    }
    return entries;
  }

  static TransparencyLog appendAll(TransparencyLog log, List<byte[]> entries, int batch) {
    for (int i = 0; i < entries.size(); i++) {
      log.append(entries.get(i));
      if ((i + 1) % batch == 0) {
        log.integrate();
      }
    }
    log.integrate();
    return log;
  }

  @Test
  void aLogSurvivesReopeningTheStoreWithTheSameTreeAndProofs() {
    List<byte[]> entries = entries(700);
    TransparencyLog log = appendAll(openLog(), entries, 99);
    Checkpoint checkpoint = log.checkpoint();
    List<byte[]> leaves = entries.stream().map(Rfc6962::leafHash).toList();
    assertThat(checkpoint.size()).isEqualTo(700);
    assertThat(checkpoint.rootHash()).isEqualTo(Rfc6962.root(leaves));
    long[] indices = {0, 3, 4, 255, 256, 511, 512, 699};
    List<List<byte[]>> before = new ArrayList<>();
    for (long index : indices) {
      before.add(log.inclusionProof(index, 700));
    }
    store.close();

    store = openStore();
    TransparencyLog reopened = openLog();
    assertThat(reopened.checkpointNote()).isEqualTo(log.checkpointNote());
    for (int i = 0; i < indices.length; i++) {
      long index = indices[i];
      List<byte[]> proof = reopened.inclusionProof(index, 700);
      assertThat(proof).usingElementComparator(Arrays::compare).containsExactlyElementsOf(before.get(i));
      ProofVerifier.verifyInclusion(leaves.get((int) index), index, 700, proof, checkpoint.rootHash());
    }
    ProofVerifier.verifyConsistency(300, 700, reopened.consistencyProof(300, 700),
        Rfc6962.root(leaves.subList(0, 300)), checkpoint.rootHash());
    assertThat(store.ledger().entries(3, 2)).extracting(e -> e.length).containsExactly(0, 65_535);
  }

  @Test
  void everyCheckpointIsStoredAndTheStoreKeepsOnlyFullTiles() throws SQLException {
    TransparencyLog log = appendAll(openLog(), entries(600), 200);
    assertThat(log.size()).isEqualTo(600);
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(longs(statement, "SELECT tree_size FROM ledger_checkpoints ORDER BY tree_size"))
          .containsExactly(0L, 200L, 400L, 600L);
      assertThat(longs(statement, "SELECT level * 1000 + tile_index FROM ledger_tiles ORDER BY 1"))
          .containsExactly(0L, 1L);
      assertThat(longs(statement, "SELECT count(*) FROM ledger_entries")).containsExactly(600L);
    }
    assertThat(store.ledger().tile(0, 1)).hasSize(8192);
    assertThatThrownBy(() -> store.ledger().tile(0, 2)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void theDatabaseRefusesToChangeOrReorderTheLog() throws SQLException {
    appendAll(openLog(), entries(300), 300);
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String change : List.of(
          "UPDATE ledger_entries SET entry = entry WHERE leaf_index = 1",
          "DELETE FROM ledger_entries WHERE leaf_index = 299",
          "UPDATE ledger_tiles SET tile_index = 5",
          "DELETE FROM ledger_tiles",
          "UPDATE ledger_checkpoints SET note = 'forged'",
          "DELETE FROM ledger_checkpoints WHERE tree_size = 300",
          "INSERT INTO ledger_entries (leaf_index, entry) VALUES (301, " + bytesLiteral() + ")",
          "INSERT INTO ledger_entries (leaf_index, entry) VALUES (299, " + bytesLiteral() + ")",
          "INSERT INTO ledger_entries (leaf_index, entry) VALUES (300, " + bytesLiteral() + "), (302, "
              + bytesLiteral() + ")",
          "INSERT INTO ledger_checkpoints (tree_size, integrated_at_epoch_nanos, note) VALUES (200, 0, 'x')",
          "INSERT INTO ledger_checkpoints (tree_size, integrated_at_epoch_nanos, note) VALUES (301, 0, 'x')")) {
        assertThatThrownBy(() -> statement.executeUpdate(change)).as(change).isInstanceOf(SQLException.class);
      }
    }
    store.close();
    store = openStore();
    assertThat(openLog().size()).isEqualTo(300);
  }

  @Test
  void aSecondWriterWithAStaleViewStoresNothing() {
    TransparencyLog first = openLog();
    TransparencyLog second = openLog();
    first.append(entry(0));
    first.integrate();
    second.append(entry(99));
    assertThatThrownBy(second::integrate).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another writer appended");
    assertThat(store.ledger().head().size()).isEqualTo(1);
    assertThat(openLog().checkpoint()).isEqualTo(first.checkpoint());
  }

  @Test
  void anEntryChangedBehindTheTriggersIsCaughtByTheAudit() throws Exception {
    TransparencyLog log = appendAll(openLog(), entries(600), 600);
    assertThat(MirrorAudit.audit(new Tiles(log), SIGNER.verifier()).entries()).isEqualTo(600);
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      // The database's owner can drop the guard; the log's hashes still give the change away.
      statement.execute(disableTriggersOn("ledger_entries"));
      assertThat(statement.executeUpdate(
          "UPDATE ledger_entries SET entry = " + bytesLiteral() + " WHERE leaf_index = 10")).isEqualTo(1);
    }
    store.close();
    store = openStore();
    TransparencyLog reopened = openLog(); // entry 10 is in a full tile: not read at open
    assertThatThrownBy(() -> MirrorAudit.audit(new Tiles(reopened), SIGNER.verifier()))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("hash 10 of tile/0/000 is not the leaf hash of entry 10");
  }

  /** A one-byte binary literal in this database's SQL. */
  /** An operator's page of records: its own only, newest first, below a leaf, at most so many. */
  @Test
  void anOperatorsRecordsComeNewestFirstOnePageBelowALeaf() {
    List<LedgerRecord> rows = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String operator = i % 3 == 2 ? "beta" : "acme";
      rows.add(new LedgerRecord(i, "c-" + i, i == 6 ? "transfer" : "consent", operator,
          i == 6 ? 0 : 393330000000L + i, new byte[32], "{\"n\":" + i + "}",
          java.time.Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i)));
    }
    TransparencyLog log = TransparencyLog.open(store.ledgerRecords().logStorage(
        (from, count) -> rows.subList((int) from, (int) from + count)), ORIGIN, SIGNER);
    for (int i = 0; i < rows.size(); i++) {
      log.append(entry(i));
    }
    log.integrate();
    LedgerRecords records = store.ledgerRecords();

    // acme holds leaves 0, 1, 3, 4, 6; beta 2, 5.
    List<LedgerRecord> first = records.ofOperator("acme", Long.MAX_VALUE, 2);
    assertThat(first).extracting(LedgerRecord::leafIndex).containsExactly(6L, 4L);
    assertThat(first.get(0).kind()).isEqualTo("transfer");
    assertThat(first.get(0).e164()).isZero();
    assertThat(first.get(1).e164()).isEqualTo(393330000004L);
    assertThat(first.get(1).record()).isEqualTo("{\"n\":4}");
    assertThat(first.get(1).loggedAt()).isEqualTo(java.time.Instant.parse("2026-11-01T00:00:04Z"));
    assertThat(records.ofOperator("acme", 4, 2)).extracting(LedgerRecord::recordId).containsExactly("c-3", "c-1");
    assertThat(records.ofOperator("acme", 1, 2)).extracting(LedgerRecord::recordId).containsExactly("c-0");
    assertThat(records.ofOperator("acme", 0, 2)).isEmpty();
    assertThat(records.ofOperator("beta", Long.MAX_VALUE, 50)).extracting(LedgerRecord::leafIndex)
        .containsExactly(5L, 2L);
    assertThat(records.ofOperator("gamma", Long.MAX_VALUE, 50)).isEmpty();
  }

  abstract String bytesLiteral();

  private static List<Long> longs(Statement statement, String sql) throws SQLException {
    List<Long> values = new ArrayList<>();
    try (var rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getLong(1));
      }
    }
    return values;
  }
}
