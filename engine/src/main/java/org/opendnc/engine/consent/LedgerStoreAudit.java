package org.opendnc.engine.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.ledger.CanonicalJson;
import org.opendnc.ledger.Checkpoint;
import org.opendnc.ledger.LogStorage;
import org.opendnc.ledger.NoteException;
import org.opendnc.ledger.NoteVerifier;
import org.opendnc.ledger.Rfc6962;
import org.opendnc.ledger.TilePath;
import org.opendnc.store.LedgerRecord;
import org.opendnc.store.LedgerRecords;

/**
 * Audits the consent ledger as stored: the latest checkpoint's signature, every entry against the
 * checkpoint's root and the stored tiles, and every record against its entry. Finds a record or
 * an entry changed in the database (someone who dropped the triggers). Reads the whole log once.
 */
public final class LedgerStoreAudit {

  /*
   * Records: SHA-256(salt || record) must be the entry at the record's leaf, and the record must
   * be its own canonical JSON (an edit that keeps the JSON valid changes the hash anyway; one that
   * re-orders members is caught here). Entries: the root of all entries (compact range: a stack of
   * perfect-subtree roots, merged as leaves come, folded right to left at the end) must be the
   * signed checkpoint's; a level-0 tile that disagrees with its 256 entries names the first one.
   * Entries without a record are reported (a log written by other means, not the register).
   */

  private static final int CHUNK = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();

  private LedgerStoreAudit() {}

  /** What the audit found; {@code problems} empty means the store is faithful. */
  public record Report(long size, long records, List<String> lines, List<String> problems) {}

  /** Runs the audit; never throws for tampering (see {@link Report#problems()}). */
  public static Report run(LogStorage storage, LedgerRecords records, NoteVerifier verifier) {
    List<String> lines = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    LogStorage.Head head = storage.head();
    if (head.checkpoint() == null) {
      lines.add("ok   the consent ledger is empty");
      return new Report(0, 0, lines, problems);
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(head.checkpoint(), verifier);
      lines.add("ok   checkpoint: signed by " + verifier.verifierKey() + "; " + checkpoint.origin()
          + ", size " + checkpoint.size());
    } catch (NoteException | IllegalArgumentException e) {
      problems.add("the stored checkpoint is not signed by " + verifier.verifierKey() + ": " + e.getMessage());
      return new Report(head.size(), 0, lines, problems);
    }
    long size = head.size();
    List<byte[]> stack = new ArrayList<>();
    long recordCount = 0;
    long orphans = 0;
    for (long from = 0; from < size; from += CHUNK) {
      int count = (int) Math.min(CHUNK, size - from);
      List<byte[]> entries;
      try {
        entries = storage.entries(from, count);
      } catch (IllegalStateException e) {
        problems.add(e.getMessage());
        return new Report(size, recordCount, lines, problems);
      }
      Map<Long, LedgerRecord> byLeaf = new HashMap<>();
      for (LedgerRecord record : records.fromLeaf(from, count)) {
        if (record.leafIndex() < from + count) {
          byLeaf.put(record.leafIndex(), record);
        }
      }
      for (int i = 0; i < count; i += TilePath.FULL_WIDTH) {
        long tileIndex = (from + i) / TilePath.FULL_WIDTH;
        int width = Math.min(TilePath.FULL_WIDTH, count - i);
        if (width == TilePath.FULL_WIDTH) {
          byte[] tile = storage.tile(0, tileIndex);
          for (int k = 0; k < width; k++) {
            byte[] leaf = Rfc6962.leafHash(entries.get(i + k));
            if (!Arrays.equals(leaf, 0, 32, tile, k * 32, k * 32 + 32)) {
              problems.add("entry " + (from + i + k) + " does not match its hash in tile 0/" + tileIndex
                  + ": the entry or the tile was changed");
              break;
            }
          }
        }
      }
      for (int i = 0; i < count; i++) {
        long leafIndex = from + i;
        byte[] entry = entries.get(i);
        push(stack, Rfc6962.leafHash(entry), leafIndex);
        LedgerRecord record = byLeaf.get(leafIndex);
        if (record == null) {
          orphans++;
          continue;
        }
        recordCount++;
        String problem = checkRecord(record, entry);
        if (problem != null) {
          problems.add(problem);
        }
      }
    }
    byte[] root = stack.isEmpty() ? Rfc6962.emptyRoot() : stack.get(stack.size() - 1);
    for (int j = stack.size() - 2; j >= 0; j--) {
      root = Rfc6962.nodeHash(stack.get(j), root);
    }
    if (!Arrays.equals(root, checkpoint.rootHash())) {
      problems.add("the " + size + " stored entries hash to " + java.util.HexFormat.of().formatHex(root)
          + ", not to the signed checkpoint's root " + java.util.HexFormat.of().formatHex(checkpoint.rootHash())
          + ": entries were changed");
    } else {
      lines.add("ok   entries: " + size + " entries recompute to the checkpoint's root");
    }
    if (problems.stream().noneMatch(p -> p.startsWith("record"))) {
      lines.add("ok   records: " + recordCount + " records match their entries");
    }
    if (orphans > 0) {
      lines.add("note " + orphans + " entries have no record (written by another program, not the register)");
    }
    return new Report(size, recordCount, lines, problems);
  }

  /**
   * Audits the consent ledger of {@code store} against the register's key {@code key}, under the
   * origin of the stored checkpoint (or {@code verifier} when given: an auditor's copy of the log's
   * verifier key). Opens no log: works on a store whose log no longer opens.
   */
  public static Report run(org.opendnc.store.RegisterStore store, org.opendnc.core.receipt.RegisterKey key,
      NoteVerifier verifier) {
    NoteVerifier chosen = verifier;
    if (chosen == null) {
      String note = store.ledger().head().checkpoint();
      String origin = note == null ? "opendnc.local/consent-ledger" : note.substring(0, note.indexOf('\n'));
      chosen = org.opendnc.engine.LedgerKeys.registerSigner(key, origin).verifier();
    }
    return run(store.ledger(), store.ledgerRecords(), chosen);
  }

  /** Runs the audit and throws LEDGER_TAMPERED with every problem when it finds any. */
  public static Report verify(LogStorage storage, LedgerRecords records, NoteVerifier verifier) {
    Report report = run(storage, records, verifier);
    if (!report.problems().isEmpty()) {
      throw new DncException(ErrorCode.LEDGER_TAMPERED,
          "the consent ledger in the database was changed: " + String.join("; ", report.problems()));
    }
    return report;
  }

  private static void push(List<byte[]> stack, byte[] leafHash, long index) {
    byte[] hash = leafHash;
    long n = index;
    while ((n & 1) == 1) {
      hash = Rfc6962.nodeHash(stack.remove(stack.size() - 1), hash);
      n >>>= 1;
    }
    stack.add(hash);
  }

  private static String checkRecord(LedgerRecord record, byte[] entry) {
    if (!Arrays.equals(ConsentLedger.commitment(record.salt(), record.record()), entry)) {
      return "record " + record.recordId() + " (leaf " + record.leafIndex()
          + ") no longer matches its entry: the record or its salt was changed";
    }
    try {
      Object parsed = JSON.readValue(record.record(), Object.class);
      if (!CanonicalJson.write(parsed).equals(record.record())) {
        return "record " + record.recordId() + " is not canonical JSON";
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      return "record " + record.recordId() + " is not JSON: " + e.getMessage();
    }
    return null;
  }
}
