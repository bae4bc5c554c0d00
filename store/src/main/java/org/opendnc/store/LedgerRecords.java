package org.opendnc.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.opendnc.ledger.LogStorage;

/**
 * The consent ledger's records (V7): written only together with their log entries, through the
 * {@link LogStorage} that {@link #logStorage} gives, and never changed. Thread-safe.
 */
public interface LedgerRecords {

  /**
   * Gives the records of log entries about to be stored. Called inside the storage transaction of
   * an integration, once per integration, on the integrating thread.
   */
  @FunctionalInterface
  interface Source {
    /**
     * The records of entries {@code from} to {@code from + count - 1}, in index order, one per
     * entry.
     *
     * @throws IllegalStateException if some record is not known; the integration then fails and
     *     nothing is stored
     */
    List<LedgerRecord> recordsFor(long from, int count);
  }

  /**
   * The register's transparency log storage that writes the records of {@code source} in the
   * same transaction as the entries they belong to: a crash leaves both or neither.
   */
  LogStorage logStorage(Source source);

  /** The record with this id. */
  Optional<LedgerRecord> find(String recordId);

  /** Every record in leaf order (a database read of the whole table, streamed). */
  void forEach(Consumer<LedgerRecord> consumer);

  /** The categories the register's staff gave the operator (sorted; empty when none). */
  List<String> categories(String operator);

  /** Gives the operator a category (idempotent). */
  void addCategory(String operator, String category);

  /** The operator's records about one number (index ledger_records_by_operator), in leaf order. */
  List<LedgerRecord> ofSubject(String operator, long e164);

  /**
   * The operator's own records (those it recorded; for a transfer, those it sent) with a leaf
   * below {@code beforeLeaf}, newest first, at most {@code limit}: one page of the operator's
   * ledger, the next page starting below the last leaf of this one (index
   * ledger_records_by_operator_leaf, V9: no offset scan).
   */
  List<LedgerRecord> ofOperator(String operator, long beforeLeaf, int limit);

  /** Records from leaf {@code from} on, at most {@code limit}, in leaf order. */
  List<LedgerRecord> fromLeaf(long from, int limit);
}
