package org.opendnc.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.opendnc.core.receipt.Receipt;

/**
 * Stored check receipts, each with its signed JSON and the set of numbers the check found callable,
 * so a later call can be matched to the check that covered it. Implementations are thread-safe.
 */
public interface ReceiptStore {

  /**
   * Stores a receipt durably, in one transaction. A stored receipt is never changed.
   *
   * @param receipt the receipt (its fields are stored as columns, times exactly)
   * @param signedJson the signed JSON text exactly as issued to the operator
   * @param callableSet the serialized set of callable numbers; opaque bytes, may be tens of MB
   * @throws StoreException with {@link StoreException.Code#CONFLICT} if a receipt with the same id
   *     is already stored, or {@link StoreException.Code#WRITE_FAILED}; nothing is stored
   */
  void save(Receipt receipt, String signedJson, byte[] callableSet);

  /** The receipt with this id, if stored. */
  Optional<StoredReceipt> find(String id);

  /**
   * The receipts of one operator checked in {@code [checkedFrom, checkedTo)}, ascending by check
   * time. Each carries its callable set, so keep the range small.
   */
  List<StoredReceipt> findForOperator(String operator, Instant checkedFrom, Instant checkedTo);

  /**
   * One operator's receipts checked before {@code checkedBefore}, newest first, without their
   * callable sets: a page of a receipt listing.
   *
   * @param limit at most this many, {@code > 0}
   */
  List<Receipt> listForOperator(String operator, Instant checkedBefore, int limit);

  /**
   * A receipt as stored.
   *
   * @param receipt the receipt's fields
   * @param signedJson the signed JSON text as given to {@link #save}
   * @param callableSet the callable set's bytes as given to {@link #save} (not copied: do not
   *     modify)
   */
  record StoredReceipt(Receipt receipt, String signedJson, byte[] callableSet) {}
}
