package org.opendnc.core.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.opendnc.core.register.RegisterEvent;

/**
 * The register's current opposition state in memory: the registered numbers, each operator's
 * ALLOW set and the sequence of the last event applied.
 *
 * <p>Thread-safety: single writer, not thread-safe. Readers must not run concurrently with {@link
 * #apply}; the server applies events to a private index and publishes immutable copies ({@link
 * #copy}) to readers. An index that is no longer written may be read from many threads once it has
 * been safely published (e.g. through a volatile field). {@link LiveIndex} does exactly that: it
 * keeps an index as its immutable base and the later events beside it.
 */
public final class OppositionIndex implements IndexView {

  /*
   * Rules (shared/DOMAIN.md, "The register"; the same as OppositionHistory, which a test checks):
   * - REGISTER and RENEW add the number to the register and remove it from every operator's ALLOW
   *   set: a (re)registration revokes every earlier allowance, as it revokes earlier consents.
   * - ALLOW(op) adds the number to op's set; DISALLOW(op) removes it.
   * - CANCEL removes the number from the register and from every ALLOW set.
   * An ALLOW for a number that is not registered is not stored: it cannot matter, since the number
   * is not opposed and any later REGISTER/RENEW would revoke it. So every ALLOW set is a subset of
   * the register, and an empty ALLOW set is dropped.
   *
   * Cost: contains-style reads are O(1) bitmap lookups. REGISTER, RENEW and CANCEL visit every
   * operator's ALLOW set, O(operators holding allowances) per event. Such operators are few, so this
   * is fine even in a bulk rebuild from the log; if they ever become many, keep a per-number
   * "has allowances" bitmap to skip the scan for numbers without any.
   *
   * The ALLOW sets live in a TreeMap so snapshots list operators in a stable order.
   */

  private final NumberSet registered;
  private final Map<String, NumberSet> allowed;
  private long version;
  /** The registered numbers laid out for checks, for {@link #tableVersion}; built on demand. */
  private volatile NumberTable table;
  private long tableVersion = -1;

  OppositionIndex(long version, NumberSet registered, Map<String, NumberSet> allowed) {
    this.version = version;
    this.registered = registered;
    this.allowed = allowed;
  }

  /** An empty index at version 0, before any event. */
  public static OppositionIndex empty() {
    return new OppositionIndex(0, new NumberSet(), new TreeMap<>());
  }

  /** The sequence of the last event applied; 0 for an empty index. */
  @Override
  public long version() {
    return version;
  }

  /** Whether the number is in the register now. */
  @Override
  public boolean isRegistered(long e164) {
    return registered.contains(e164);
  }

  /**
   * Whether the number is opposed for the operator now: registered and not allowed for it.
   *
   * @throws NullPointerException if {@code operator} is null
   */
  @Override
  public boolean isOpposedFor(long e164, String operator) {
    Objects.requireNonNull(operator, "operator");
    if (!registered.contains(e164)) {
      return false;
    }
    NumberSet allowedSet = allowed.get(operator);
    return allowedSet == null || !allowedSet.contains(e164);
  }

  /** The registered numbers, as a read-only view (reflects later {@link #apply} calls). */
  public NumberSet registered() {
    return registered.readOnlyView();
  }

  /**
   * The registered numbers as an immutable {@link NumberTable}, which answers lookups about twice
   * as fast as the bitmaps: what a check reads. Built on the first call after a change (about 0.5 s
   * and 2.1 bytes per number at 30 M numbers) and kept until the next {@link #apply}.
   */
  public synchronized NumberTable registeredTable() {
    if (table == null || tableVersion != version) {
      table = NumberTable.of(registered);
      tableVersion = version;
    }
    return table;
  }

  /**
   * The numbers the operator is allowed to call despite their registration, as a read-only view;
   * an empty set (never null) for an operator without allowances. Hot loops should fetch this
   * once per check rather than per number.
   */
  public NumberSet allowedFor(String operator) {
    Objects.requireNonNull(operator, "operator");
    NumberSet set = allowed.get(operator);
    return set == null ? NumberSet.emptyReadOnly() : set.readOnlyView();
  }

  /** The operators holding at least one allowance, in ascending order; read-only. */
  public Iterable<String> operatorsWithAllowances() {
    return Collections.unmodifiableSet(allowed.keySet());
  }

  /** How many numbers are registered. */
  @Override
  public long registeredCount() {
    return registered.cardinality();
  }

  @Override
  public List<String> allowedOperators(long e164) {
    List<String> operators = new ArrayList<>(0);
    if (registered.contains(e164)) {
      allowed.forEach((operator, set) -> {
        if (set.contains(e164)) {
          operators.add(operator);
        }
      });
    }
    return operators;
  }

  /**
   * A lookup for one operator. It reads this index's sets directly: like every read, it must not
   * be used while events are applied. Its registered numbers come from {@link #registeredTable()}
   * (built on the first lookup after a change), so batches overlap their memory accesses.
   */
  @Override
  public Lookup lookupFor(String operator) {
    Objects.requireNonNull(operator, "operator");
    NumberTable registeredNumbers = registeredTable();
    NumberSet allowedSet = allowed.getOrDefault(operator, NumberSet.emptyReadOnly());
    boolean anyAllowed = !allowedSet.isEmpty();
    return new Lookup() {
      @Override
      public State stateOf(long e164) {
        if (!registeredNumbers.contains(e164)) {
          return State.NOT_REGISTERED;
        }
        return anyAllowed && allowedSet.contains(e164) ? State.ALLOWED : State.OPPOSED;
      }

      @Override
      public void statesOf(long[] numbers, int count, State[] into) {
        boolean[] found = registeredNumbers.containsAll(numbers, count);
        for (int i = 0; i < count; i++) {
          into[i] = !found[i]
              ? State.NOT_REGISTERED
              : anyAllowed && allowedSet.contains(numbers[i]) ? State.ALLOWED : State.OPPOSED;
        }
      }
    };
  }

  /**
   * An estimate of this index's heap use, in bytes (see {@link NumberSet#sizeInBytes}), including
   * the lookup table when it is built.
   */
  public long sizeInBytes() {
    NumberTable built = table;
    long size = 64 + registered.sizeInBytes() + (built == null ? 0 : built.sizeInBytes());
    for (Map.Entry<String, NumberSet> entry : allowed.entrySet()) {
      size += 64 + 2L * entry.getKey().length() + entry.getValue().sizeInBytes();
    }
    return size;
  }

  /**
   * Applies one appended event. Not atomic with respect to readers (see the class comment); on an
   * exception nothing has changed.
   *
   * @throws IllegalArgumentException if {@code event.sequence()} is not greater than {@link
   *     #version()} (already applied, out of order, or never appended)
   */
  public void apply(RegisterEvent event) {
    Objects.requireNonNull(event, "event");
    if (event.sequence() <= version) {
      throw new IllegalArgumentException(
          "event sequence " + event.sequence() + " is not after the index version " + version
              + (event.sequence() == RegisterEvent.UNSEQUENCED
                  ? " (the event was never appended to the log)"
                  : " (already applied or out of order)"));
    }
    long e164 = event.e164();
    switch (event.type()) {
      case REGISTER, RENEW -> {
        registered.add(e164);
        revokeAllowances(e164);
      }
      case ALLOW -> {
        if (registered.contains(e164)) {
          allowed.computeIfAbsent(event.operator(), operator -> new NumberSet()).add(e164);
        }
      }
      case DISALLOW -> {
        NumberSet set = allowed.get(event.operator());
        if (set != null && set.remove(e164) && set.isEmpty()) {
          allowed.remove(event.operator());
        }
      }
      case CANCEL -> {
        registered.remove(e164);
        revokeAllowances(e164);
      }
    }
    version = event.sequence();
  }

  /** Compacts every set; call after a bulk rebuild (see {@link NumberSet#runOptimize}). */
  public void runOptimize() {
    registered.runOptimize();
    allowed.values().forEach(NumberSet::runOptimize);
  }

  /** An independent deep copy, e.g. to publish to readers while this one keeps applying events. */
  public OppositionIndex copy() {
    TreeMap<String, NumberSet> allowedCopy = new TreeMap<>();
    allowed.forEach((operator, set) -> allowedCopy.put(operator, set.copy()));
    return new OppositionIndex(version, registered.copy(), allowedCopy);
  }

  private void revokeAllowances(long e164) {
    for (Iterator<NumberSet> sets = allowed.values().iterator(); sets.hasNext(); ) {
      NumberSet set = sets.next();
      if (set.remove(e164) && set.isEmpty()) {
        sets.remove();
      }
    }
  }

  /** The writable sets, for snapshots; callers in this package must not modify them. */
  NumberSet registeredSet() {
    return registered;
  }

  Map<String, NumberSet> allowedSets() {
    return allowed;
  }

  /** The size only: the index's content is personal data and never goes to logs. */
  @Override
  public String toString() {
    return "OppositionIndex[version " + version + ", " + registered.cardinality()
        + " registered, " + allowed.size() + " operators with allowances]";
  }
}
