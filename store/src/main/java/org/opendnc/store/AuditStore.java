package org.opendnc.store;

import java.time.LocalDate;
import java.util.List;

/**
 * The append-only audit log and the per-day usage meter, written together: a check's audit entry
 * and the numbers it counts against the quota are stored in one transaction. Implementations are
 * thread-safe.
 */
public interface AuditStore {

  /**
   * Appends audit entries and adds usage, in one durable transaction: either all of it is stored or
   * none is. Usage rows add to the day's existing counts.
   *
   * @param entries new entries ({@code sequence == 0}); may be empty
   * @param usage increments per operator and day; may be empty; every operator must be named
   * @throws StoreException with {@link StoreException.Code#WRITE_FAILED}; nothing is stored
   */
  void record(List<AuditEntry> entries, List<UsageDay> usage);

  /**
   * As {@link #record}, but the commit does not wait for the disk: for the entries of reads (a
   * pre-call check), decision 0045. The transaction is committed to the database before this
   * returns, so it survives a crash of this process; a crash of the operating system or a power
   * failure can lose it until the next {@link #record} (or SQLite checkpoint, or PostgreSQL's WAL
   * writer, within 3 × {@code wal_writer_delay}) has flushed it.
   */
  default void recordUnflushed(List<AuditEntry> entries, List<UsageDay> usage) {
    record(entries, usage);
  }

  /**
   * A page of the audit log, newest first.
   *
   * @param beforeSequence only entries with a smaller sequence ({@code Long.MAX_VALUE} for the
   *     newest page)
   * @param actor only this actor's entries, or {@code null} for all
   * @param limit at most this many entries, {@code > 0}
   */
  List<AuditEntry> page(long beforeSequence, String actor, int limit);

  /** One operator's usage per day in {@code [from, toExclusive)}, oldest first; days without checks are absent. */
  List<UsageDay> usage(String operator, LocalDate from, LocalDate toExclusive);

  /** The numbers one operator checked in {@code [from, toExclusive)}: what the quota counts. */
  long numbersChecked(String operator, LocalDate from, LocalDate toExclusive);
}
