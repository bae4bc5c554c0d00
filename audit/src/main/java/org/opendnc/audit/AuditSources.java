package org.opendnc.audit;

import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.opendnc.core.index.NumberSet;
import org.opendnc.core.receipt.ReceiptVerifier;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.store.OperatorListStore.CallingNumber;
import org.opendnc.store.OperatorListStore.DoNotContactEntry;
import org.opendnc.store.ReceiptStore.StoredReceipt;
import org.opendnc.store.EventLog;
import org.opendnc.store.RegisterStore;

/**
 * What an audit reads besides the calls: the register's event log, the operators' check receipts
 * with their callable sets, their declared calling numbers and do-not-contact lists, and consents
 * and contracts. Each source is read once per audit.
 *
 * @param events the whole event log (several threads may stream parts of it)
 * @param receipts the receipts of one operator checked in a time range
 * @param declarations declared calling numbers and do-not-contact entries
 * @param consents consents and contracts
 */
public record AuditSources(
    EventSource events, ReceiptSource receipts, DeclarationSource declarations, ConsentEvidence consents) {

  public AuditSources {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(receipts, "receipts");
    Objects.requireNonNull(declarations, "declarations");
    Objects.requireNonNull(consents, "consents");
  }

  /** The register's event log: every event once, on one or more threads. */
  @FunctionalInterface
  public interface EventSource {
    /**
     * Streams every event of the log. Each producing thread takes its own sink from {@code sinks}
     * (thread-safe), gives it its events in ascending sequence order, then closes it; events of
     * different sinks may interleave in any way.
     */
    void forEach(Supplier<EventSink> sinks);

    /** A source that streams event objects on the calling thread. */
    static EventSource ofEvents(Consumer<Consumer<RegisterEvent>> events) {
      return sinks -> {
        try (EventSink sink = sinks.get()) {
          events.accept(event -> sink.accept(event.sequence(), event.e164(), event.type(), event.operator(),
              Times.toNanos(event.at())));
        }
      };
    }

    /**
     * The events of a store's log, read in {@code threads} ranges of sequences at once, each on its
     * own connection ({@link EventLog#scan}).
     */
    static EventSource ofStore(EventLog log, int threads) {
      return sinks -> {
        long latest = log.latestSequence();
        int parts = (int) Math.max(1, Math.min(threads, latest / 100_000));
        long step = latest / parts + 1;
        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[parts];
        for (int p = 1; p < parts; p++) {
          int part = p;
          Thread worker = new Thread(() -> {
            try (EventSink sink = sinks.get()) {
              log.scan(part * step, Math.min(latest, (part + 1) * step), sink);
            } catch (RuntimeException | Error e) {
              failure[part] = e;
            }
          }, "audit-event-log-" + p);
          worker.start();
          workers.add(worker);
        }
        try (EventSink sink = sinks.get()) {
          log.scan(0, Math.min(latest, step), sink);
        } finally {
          for (Thread worker : workers) {
            try {
              worker.join();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted while reading the event log", e);
            }
          }
        }
        for (Throwable t : failure) {
          if (t instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (t instanceof Error error) {
            throw error;
          }
        }
      };
    }
  }

  /** Receives the events of one producing thread; closed when it is done. */
  public interface EventSink extends EventLog.EventValues, AutoCloseable {
    @Override
    void close();
  }

  /** Check receipts. */
  @FunctionalInterface
  public interface ReceiptSource {
    /** The receipts of {@code operator} checked in {@code [from, to)}, with their callable sets. */
    List<CheckReceipt> receiptsOf(String operator, Instant from, Instant to);
  }

  /** Operators' declarations. */
  public interface DeclarationSource {
    void forEachCallingNumber(Consumer<CallingNumber> sink);

    void forEachDoNotContact(Consumer<DoNotContactEntry> sink);
  }

  /** A check receipt as the audit uses it: who checked when, and which numbers were callable. */
  public record CheckReceipt(String id, String operator, Instant checkedAt, NumberSet callable) {
    public CheckReceipt {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(checkedAt, "checkedAt");
      Objects.requireNonNull(callable, "callable");
    }
  }

  /** The sources of a register's store, its receipts taken as stored. */
  public static AuditSources of(RegisterStore store, ConsentEvidence consents) {
    return of(store, consents, null, refused -> {});
  }

  /**
   * The sources of a register's store. With a {@code receiptKey}, every stored receipt is first
   * verified against it (its key id and Ed25519 signature, as {@code dnc receipt verify} does), and
   * the callable set stored beside it against the digest the receipt signs, when it has one
   * (decision 0058): a receipt that fails is no evidence of a check, so it is left out and its id
   * given to {@code refused}. A row written into the store by anyone but the register, or altered
   * there (its set included), fails.
   *
   * @param receiptKey the register's public key, or {@code null} to take receipts as stored
   */
  public static AuditSources of(RegisterStore store, ConsentEvidence consents, PublicKey receiptKey,
      Consumer<String> refused) {
    Objects.requireNonNull(refused, "refused");
    return new AuditSources(
        EventSource.ofStore(store.events(), 1),
        (operator, from, to) -> {
          List<CheckReceipt> receipts = new ArrayList<>();
          for (StoredReceipt stored : store.receipts().findForOperator(operator, from, to)) {
            if (receiptKey != null && (!ReceiptVerifier.verify(stored.receipt(), receiptKey).valid()
                || !ReceiptVerifier.callableSetMatches(stored.receipt(), stored.callableSet()))) {
              refused.accept(stored.receipt().id());
              continue;
            }
            receipts.add(new CheckReceipt(stored.receipt().id(), operator, stored.receipt().checkedAt(),
                NumberSet.fromBytes(stored.callableSet())));
          }
          return receipts;
        },
        new DeclarationSource() {
          @Override
          public void forEachCallingNumber(Consumer<CallingNumber> sink) {
            store.operatorLists().forEachCallingNumber(sink);
          }

          @Override
          public void forEachDoNotContact(Consumer<DoNotContactEntry> sink) {
            store.operatorLists().forEachDoNotContact(sink);
          }
        },
        consents);
  }

  /** Sources held in memory (tests, benchmarks, data that never reached a store). */
  public static AuditSources inMemory(List<RegisterEvent> events, List<CheckReceipt> receipts,
      List<CallingNumber> callingNumbers, List<DoNotContactEntry> doNotContact, ConsentEvidence consents) {
    List<RegisterEvent> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparingLong(RegisterEvent::sequence));
    return new AuditSources(
        EventSource.ofEvents(sink -> ordered.forEach(sink)),
        (operator, from, to) -> receipts.stream()
            .filter(r -> r.operator().equals(operator) && !r.checkedAt().isBefore(from) && r.checkedAt().isBefore(to))
            .sorted(Comparator.comparing(CheckReceipt::checkedAt))
            .toList(),
        new DeclarationSource() {
          @Override
          public void forEachCallingNumber(Consumer<CallingNumber> sink) {
            callingNumbers.forEach(sink);
          }

          @Override
          public void forEachDoNotContact(Consumer<DoNotContactEntry> sink) {
            doNotContact.forEach(sink);
          }
        },
        consents);
  }
}
