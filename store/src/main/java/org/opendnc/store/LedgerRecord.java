package org.opendnc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One record of the consent ledger as stored: the private side of leaf {@code leafIndex}.
 *
 * @param leafIndex the record's leaf in the register's transparency log
 * @param recordId the register's id of the record, e.g. {@code c-3f2a...}
 * @param kind {@code consent}, {@code withdrawal}, {@code contract} or {@code transfer}
 * @param operator the operator that recorded it (for a transfer: the sender)
 * @param e164 the subject's number, or 0 for a transfer
 * @param salt 32 random bytes; the log's entry is SHA-256(salt || record)
 * @param record the record's canonical JSON (RFC 8785), as committed
 * @param loggedAt when the register first received it
 */
public record LedgerRecord(long leafIndex, String recordId, String kind, String operator, long e164,
    byte[] salt, String record, Instant loggedAt) {
  public LedgerRecord {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(loggedAt, "loggedAt");
  }
}
