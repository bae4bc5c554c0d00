package org.opendnc.store;

import java.util.List;
import java.util.function.Consumer;
import org.opendnc.core.register.RegisterEvent;

/**
 * The register's append-only event log: the source of truth from which every in-memory index is
 * rebuilt. Implementations are thread-safe.
 */
public interface EventLog {

  /**
   * Appends events in one transaction. On return they are durable (SQLite: WAL with
   * {@code synchronous=FULL}; PostgreSQL: committed with its default synchronous commit). Either
   * all events are stored or none is.
   *
   * <p>Sequences are strictly increasing and <b>gap-free</b>: the first event ever appended gets 1,
   * and each event gets the previous stored sequence plus one, in list order. Appends are
   * serialised, so sequence order is also commit order: a reader that has seen sequence {@code n}
   * will never later find a new event with a sequence {@code <= n}.
   *
   * <p>{@link RegisterEvent#at()} is stored exactly (as nanoseconds since the epoch); instants
   * outside years 1677 to 2262 are refused.
   *
   * @param events events not yet appended ({@code sequence == 0}); may be empty, must not contain
   *     {@code null}
   * @return the same events, in the same order, each with its assigned sequence
   * @throws IllegalArgumentException if an event already has a sequence or its time is out of
   *     range; nothing is stored
   * @throws StoreException if the database refuses or fails the write; nothing is stored
   */
  List<RegisterEvent> append(List<RegisterEvent> events);

  /** The sequence of the newest stored event, or 0 when the log is empty. */
  long latestSequence();

  /**
   * Streams every event with a sequence greater than {@code afterSequence}, in ascending sequence
   * order, to {@code sink}, without holding them all in memory. The events are those committed when
   * the replay starts (a consistent snapshot); later appends are not included.
   *
   * <p>The sink runs on the calling thread while a database connection is held: it must not call
   * back into this store on the same thread in a way that waits for a write (e.g. {@link #append}
   * on SQLite). If the sink throws, the replay stops and the exception propagates unchanged.
   *
   * @param afterSequence 0 for the whole log
   * @throws StoreException if the read fails
   */
  void replay(long afterSequence, Consumer<RegisterEvent> sink);

  /**
   * Streams the events with {@code fromSequence < sequence <= toSequence} to {@code sink} as plain
   * values (no event objects, no channel or evidence): the bulk read of call audits, which may run
   * several of these on disjoint ranges at once, each on its own thread and connection. Ascending
   * sequence order within the call. Same consistency and sink rules as {@link #replay}.
   *
   * @throws StoreException if the read fails
   */
  void scan(long fromSequence, long toSequence, EventValues sink);

  /** Receives the values of one event from {@link #scan}. */
  @FunctionalInterface
  interface EventValues {
    /**
     * @param operator the operator of ALLOW and DISALLOW, else {@code null}
     * @param atEpochNanos the event's time, nanoseconds since the epoch
     */
    void accept(long sequence, long e164, org.opendnc.core.register.EventType type, String operator, long atEpochNanos);
  }

  /**
   * Every event of one number, in ascending sequence order (an indexed lookup).
   *
   * @return an empty list when the number has no event
   */
  List<RegisterEvent> history(long e164);

  /** The number of stored events (a full count: linear in the log's size). */
  long count();
}
