package org.opendnc.core.index;

import java.util.List;

/**
 * The register's opposition state at one version, as checks read it: an {@link OppositionIndex}
 * that is no longer written, or a {@link LiveIndex.View}.
 *
 * <p>Thread-safety: a view that does not change (every {@link LiveIndex.View}; an OppositionIndex
 * once nobody applies events to it) may be read from any number of threads. Every answer of one
 * view is about the same version, {@link #version()}.
 */
public interface IndexView {

  /** Where a number stands for one operator. */
  enum State {
    /** The number is not in the register. */
    NOT_REGISTERED,
    /** Registered, but its subscriber allowed the operator (ALLOW). */
    ALLOWED,
    /** Registered and not allowed for the operator: it must not be called. */
    OPPOSED
  }

  /** The answers for one operator, for hot loops; obtained once per check from {@link #lookupFor}. */
  @FunctionalInterface
  interface Lookup {
    /** Where the number stands for the lookup's operator; never null. */
    State stateOf(long e164);

    /**
     * Sets {@code into[i]} to {@link #stateOf}{@code (numbers[i])} for i below {@code count}.
     * Implementations overlap the memory accesses of the batch (see NumberTable#containsAll),
     * which makes a list check several times faster than one number at a time.
     */
    default void statesOf(long[] numbers, int count, State[] into) {
      for (int i = 0; i < count; i++) {
        into[i] = stateOf(numbers[i]);
      }
    }
  }

  /** The sequence of the last event this view reflects (the register version); 0 before any. */
  long version();

  /** Whether the number is in the register. */
  boolean isRegistered(long e164);

  /**
   * Whether the number is opposed for the operator: registered and not allowed for it.
   *
   * @throws NullPointerException if {@code operator} is null
   */
  boolean isOpposedFor(long e164, String operator);

  /** The operators the number's subscriber allowed, ascending; empty when none or not registered. */
  List<String> allowedOperators(long e164);

  /** How many numbers are registered. May cost time linear in the recent changes. */
  long registeredCount();

  /**
   * A lookup for one operator, answering as this view does. Creating it may cost time linear in
   * the recent changes; each answer is then a few bitmap or hash probes without allocation.
   *
   * @throws NullPointerException if {@code operator} is null
   */
  Lookup lookupFor(String operator);
}
