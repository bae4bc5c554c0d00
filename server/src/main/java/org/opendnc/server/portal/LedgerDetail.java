package org.opendnc.server.portal;

import java.util.List;

/**
 * One ledger record's page: the record, and once integrated its inclusion proof.
 *
 * @param treeSize the size of the checkpoint the proof leads to, or null while pending
 * @param rootHash that checkpoint's root hash (base64), or null while pending
 * @param proofHashes the proof's hashes (base64) from the leaf up; empty while pending
 */
public record LedgerDetail(LedgerEntry entry, Long treeSize, String rootHash, List<String> proofHashes) {
  public LedgerDetail {
    proofHashes = List.copyOf(proofHashes);
  }

  /** The record is logged but not yet in a signed checkpoint. */
  public boolean pending() {
    return treeSize == null;
  }
}
