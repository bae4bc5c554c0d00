package org.opendnc.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What operators declare to the regulator: the calling numbers they present as caller ID, and
 * their internal do-not-contact lists with the dates of entry and refusal. Thread-safe.
 */
public interface OperatorListStore {

  /**
   * Declares a calling number of an operator from {@code declaredAt} on. Idempotent: a number
   * already declared and not withdrawn is left as it is.
   *
   * @return whether a new declaration was stored
   * @throws StoreException if the write fails
   */
  boolean declareCallingNumber(String operator, long e164, Instant declaredAt);

  /**
   * Ends the declaration of a calling number in force.
   *
   * @return whether a declaration in force was ended
   */
  boolean withdrawCallingNumber(String operator, long e164, Instant withdrawnAt);

  /** One operator's declarations, in force or withdrawn, by number and time. */
  List<CallingNumber> callingNumbers(String operator);

  /** Every operator's declarations, streamed (the audit loads them once). */
  void forEachCallingNumber(Consumer<CallingNumber> sink);

  /**
   * Adds entries to operators' do-not-contact lists in one transaction. An (operator, number)
   * already listed is kept unchanged (a re-import adds nothing).
   *
   * @return how many entries were new
   */
  int addDoNotContact(List<DoNotContactEntry> entries);

  /** Every entry of every operator's list, streamed. */
  void forEachDoNotContact(Consumer<DoNotContactEntry> sink);

  /** The number of entries on one operator's list. */
  long countDoNotContact(String operator);

  /**
   * A calling number declared by an operator.
   *
   * @param withdrawnAt when the declaration ended; {@code null} while in force
   */
  record CallingNumber(String operator, long e164, Instant declaredAt, Instant withdrawnAt) {
    public CallingNumber {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(declaredAt, "declaredAt");
    }

    /** Whether this declaration was in force at {@code t}. */
    public boolean inForceAt(Instant t) {
      return !declaredAt.isAfter(t) && (withdrawnAt == null || withdrawnAt.isAfter(t));
    }
  }

  /**
   * An entry of an operator's internal do-not-contact list.
   *
   * @param addedAt when the number was put on the list
   * @param refusedAt when the person refused further calls; {@code null} if not recorded
   * @param source where the entry came from (file and line), may be {@code null}
   */
  record DoNotContactEntry(String operator, long e164, Instant addedAt, Instant refusedAt, String source) {
    public DoNotContactEntry {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(addedAt, "addedAt");
    }

    /** When calls became unlawful: the earlier of the refusal and the entry. */
    public Instant blockedFrom() {
      return refusedAt != null && refusedAt.isBefore(addedAt) ? refusedAt : addedAt;
    }
  }
}
