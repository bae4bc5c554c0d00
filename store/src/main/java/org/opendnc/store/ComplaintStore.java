package org.opendnc.store;

import java.util.List;
import java.util.function.Consumer;

/** Stored complaints. Thread-safe. */
public interface ComplaintStore {

  /**
   * Stores complaints in one transaction; a complaint whose id is stored already is skipped.
   *
   * @return how many were new
   * @throws StoreException if the write fails; nothing is stored
   */
  int add(List<Complaint> complaints);

  /** Every complaint, by time, streamed. */
  void forEach(Consumer<Complaint> sink);

  /** The number of stored complaints. */
  long count();
}
