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
   * Cost: contains-style reads are O(1) table and bitmap lookups. REGISTER, RENEW and CANCEL visit every
   * operator's ALLOW set, O(operators holding allowances) per event. Such operators are few, so this
   * is fine even in a bulk rebuild from the log; if they ever become many, keep a per-number
   * "has allowances" bitmap to skip the scan for numbers without any.
   *
   * The ALLOW sets live in a TreeMap so snapshots list operators in a stable order.
   */

  /*
   * The registered numbers: a frozen NumberTable (immutable, about 2.1 bytes per number, the
   * layout checks read fastest) plus the changes since it was built, `added` (not in the table)
   * and `removed` (in the table). A copy shares the table and copies only the changes, which keeps
   * LiveIndex's folds and bulk applies cheap. When the changes grow past a fraction of the table,
   * apply() folds them into a new table (compact()): the table is rebuilt in O(n) from time to
   * time, never per event.
   */
  /** Changes kept beside the table before it is rebuilt: more than this many... */
  private static final long COMPACT_MIN_CHANGES = 1 << 20;
  /** ...and more than 1/COMPACT_FRACTION of the table (so rebuilds cost O(1) per event, amortised). */
  private static final long COMPACT_FRACTION = 4;

  private NumberTable frozen;
  private NumberSet added;
  private NumberSet removed;
  private final Map<String, NumberSet> allowed;
  private long version;

  OppositionIndex(long version, NumberSet registered, Map<String, NumberSet> allowed) {
    this(version, NumberTable.of(registered), new NumberSet(), new NumberSet(), allowed);
  }

  private OppositionIndex(
      long version, NumberTable frozen, NumberSet added, NumberSet removed, Map<String, NumberSet> allowed) {
    this.version = version;
    this.frozen = frozen;
    this.added = added;
    this.removed = removed;
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
    if (frozen.contains(e164)) {
      return removed.isEmpty() || !removed.contains(e164);
    }
    return !added.isEmpty() && added.contains(e164);
  }

  /**
   * Whether the number is opposed for the operator now: registered and not allowed for it.
   *
   * @throws NullPointerException if {@code operator} is null
   */
  @Override
  public boolean isOpposedFor(long e164, String operator) {
    Objects.requireNonNull(operator, "operator");
    if (!isRegistered(e164)) {
      return false;
    }
    NumberSet allowedSet = allowed.get(operator);
    return allowedSet == null || !allowedSet.contains(e164);
  }

  /**
   * The registered numbers as a new, independent set (built in time linear in the register's
   * size: for snapshots and tests, not for lookups).
   */
  public NumberSet registered() {
    return registeredSet().readOnlyView();
  }

  /** The registered numbers as a new writable set; see {@link #registered()}. */
  NumberSet registeredSet() {
    NumberSet.Builder builder = new NumberSet.Builder();
    NumberSet gone = removed;
    boolean anyRemoved = !gone.isEmpty();
    frozen.forEach(number -> {
      if (!anyRemoved || !gone.contains(number)) {
        builder.add(number);
      }
    });
    added.forEach(builder::add);
    return builder.build();
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
    return frozen.cardinality() + added.cardinality() - removed.cardinality();
  }

  @Override
  public List<String> allowedOperators(long e164) {
    List<String> operators = new ArrayList<>(0);
    if (isRegistered(e164)) {
      allowed.forEach((operator, set) -> {
        if (set.contains(e164)) {
          operators.add(operator);
        }
      });
    }
    return operators;
  }

  /** The state of a number not found and found in the table, when nothing else applies. */
  private static final State[] FOUND_STATES = {State.NOT_REGISTERED, State.OPPOSED};

  /**
   * A lookup for one operator. It reads this index's sets directly: like every read, it must not
   * be used while events are applied. Batches ({@link Lookup#statesOf}) read the frozen table with
   * overlapping memory accesses, then correct for the few changes since it was built.
   */
  @Override
  public Lookup lookupFor(String operator) {
    Objects.requireNonNull(operator, "operator");
    NumberTable table = frozen;
    NumberSet plus = added;
    NumberSet minus = removed;
    boolean changed = !plus.isEmpty() || !minus.isEmpty();
    NumberSet allowedSet = allowed.getOrDefault(operator, NumberSet.emptyReadOnly());
    boolean anyAllowed = !allowedSet.isEmpty();
    return new Lookup() {
      @Override
      public State stateOf(long e164) {
        return state(isRegistered(e164), e164);
      }

      @Override
      public void statesOf(long[] numbers, int count, State[] into) {
        boolean[] found = table.containsAll(numbers, count);
        if (!changed && !anyAllowed) {
          // The usual case, as one select per number: found or not is a coin toss per number for
          // the branch predictor.
          for (int i = 0; i < count; i++) {
            into[i] = FOUND_STATES[found[i] ? 1 : 0];
          }
          return;
        }
        for (int i = 0; i < count; i++) {
          long e164 = numbers[i];
          boolean registered = found[i];
          if (changed) {
            registered = registered ? !minus.contains(e164) : plus.contains(e164);
          }
          into[i] = state(registered, e164);
        }
      }

      private State state(boolean registered, long e164) {
        if (!registered) {
          return State.NOT_REGISTERED;
        }
        return anyAllowed && allowedSet.contains(e164) ? State.ALLOWED : State.OPPOSED;
      }
    };
  }

  /** An estimate of this index's heap use, in bytes: the table, its changes and the allowances. */
  public long sizeInBytes() {
    long size = 64 + frozen.sizeInBytes() + added.sizeInBytes() + removed.sizeInBytes();
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
        if (frozen.contains(e164)) {
          removed.remove(e164);
        } else {
          added.add(e164);
        }
        revokeAllowances(e164);
      }
      case ALLOW -> {
        if (isRegistered(e164)) {
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
        if (!added.remove(e164) && frozen.contains(e164)) {
          removed.add(e164);
        }
        revokeAllowances(e164);
      }
    }
    version = event.sequence();
    long changes = added.cardinality() + removed.cardinality();
    if (changes > COMPACT_MIN_CHANGES && changes > frozen.cardinality() / COMPACT_FRACTION) {
      compact();
    }
  }

  /** Rebuilds the table with every change since it was built. O(registered numbers). */
  private void compact() {
    frozen = NumberTable.of(registeredSet());
    added = new NumberSet();
    removed = new NumberSet();
  }

  /**
   * Folds every change into the table and compacts the allowance sets; call after a bulk rebuild
   * (see {@link NumberSet#runOptimize}).
   */
  public void runOptimize() {
    if (!added.isEmpty() || !removed.isEmpty()) {
      compact();
    }
    allowed.values().forEach(NumberSet::runOptimize);
  }

  /**
   * An independent copy, e.g. to publish to readers while this one keeps applying events. The
   * frozen table is shared (it never changes); the changes and allowances are copied.
   */
  public OppositionIndex copy() {
    TreeMap<String, NumberSet> allowedCopy = new TreeMap<>();
    allowed.forEach((operator, set) -> allowedCopy.put(operator, set.copy()));
    return new OppositionIndex(version, frozen, added.copy(), removed.copy(), allowedCopy);
  }

  private void revokeAllowances(long e164) {
    for (Iterator<NumberSet> sets = allowed.values().iterator(); sets.hasNext(); ) {
      NumberSet set = sets.next();
      if (set.remove(e164) && set.isEmpty()) {
        sets.remove();
      }
    }
  }

  /** The allowance sets, for snapshots; callers in this package must not modify them. */
  Map<String, NumberSet> allowedSets() {
    return allowed;
  }

  /** The size only: the index's content is personal data and never goes to logs. */
  @Override
  public String toString() {
    return "OppositionIndex[version " + version + ", " + registeredCount()
        + " registered, " + allowed.size() + " operators with allowances]";
  }
}
