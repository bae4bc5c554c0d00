package org.opendnc.core.index;

import it.unimi.dsi.fastutil.longs.Long2ByteOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.opendnc.core.index.IndexView.State;
import org.opendnc.core.register.RegisterEvent;

/**
 * The register's opposition state for many concurrent readers and one writer: an immutable base
 * index plus a delta of the events applied after it. Readers take a {@link View}: an immutable
 * state at one register version that answers exactly as an {@link OppositionIndex} replayed to
 * that version would.
 *
 * <p>Thread-safety: {@link #view()} and every method of a {@link View} may be called from any
 * thread at any time. {@link #apply} and {@link #rebase} change the state and must be called by
 * one thread at a time (callers hold a write lock); they never block readers.
 */
public final class LiveIndex {

  /*
   * Design (docs/decisions/0009-live-index.md).
   *
   * State. A View is (base, delta, version V):
   * - base: an OppositionIndex at version B. Once here it is never modified again: it is read by
   *   any number of threads. A fold builds a new base as a copy.
   * - delta: ConcurrentHashMap<Long, Change>. For every number changed after B, a newest-first
   *   chain of immutable Changes, each holding one event (seq > B) and the number's whole state
   *   after it (registered, the operators allowed).
   * The current View is published through one volatile field, so a reader gets base, delta and V
   * together. The state of number n at V is the newest change of delta[n] with seq <= V, or, when
   * there is none, base's state of n.
   *
   * Invariant: a published View's delta holds every change with B < seq <= V. Writers only push
   * new chain heads with seq > every published version, which every published View skips, so a
   * View never changes once published: a batch check sees one version for the whole list.
   *
   * Rebase (the fold). Off the writer's thread, View.materialize() copies the base and applies
   * the view's delta events in sequence order, giving an OppositionIndex at the view's version B'.
   * Under the write lock, rebase() installs it with a NEW delta map that keeps only the changes
   * with seq > B' (copying the few chain heads it keeps). The old map is never trimmed, so older
   * Views, which still hold the old base and the old map, stay exact.
   *
   * Bulk. applyBulk() skips the delta for large batches: it materialises the current view, applies
   * the batch to that copy and publishes it as a new base with an empty delta. Same visibility
   * rules: older views keep their own base and map.
   *
   * Costs. A point read: one map probe, a short chain walk (changes newer than the view are
   * skipped), then at most two bitmap probes. apply(): O(1) per event plus, for a number not yet in
   * the delta, O(operators with allowances) to read its state from the base. A fold: one copy of
   * the base (linear in its size) plus the delta events. A Lookup (for list checks) copies the
   * view's delta states for one operator into a primitive map (fastutil), O(delta), so each row
   * then costs one probe without boxing plus the base's bitmap probes. Memory: about 200 bytes per
   * delta event, released by the next fold.
   */

  private static final String[] NO_OPERATORS = new String[0];
  private static final State[] STATES = State.values();
  /** A lookup table's answer for a number the delta does not hold. */
  private static final byte NO_STATE = -1;
  /** A rough per-event heap cost of the delta: map node, boxed key, change, event. */
  private static final long DELTA_EVENT_BYTES = 200;

  private volatile View current;

  /**
   * A live index whose base is {@code base}. The live index takes ownership: the caller must not
   * modify {@code base} afterwards.
   */
  public LiveIndex(OppositionIndex base) {
    Objects.requireNonNull(base, "base");
    this.current = new View(base, new ConcurrentHashMap<>(), base.version(), 0);
  }

  /** The newest published state. Immutable: call again to see later events. */
  public View view() {
    return current;
  }

  /**
   * Applies appended events and publishes them all at once as one new view. Readers see either
   * none or all of them. Writer only (see the class comment).
   *
   * @param events appended events in strictly ascending sequence order, each after {@link
   *     View#version()} of the current view
   * @throws IllegalArgumentException if an event is not after the current version or the events
   *     are out of order; nothing is published then, and no earlier event of the list is visible
   */
  public void apply(List<RegisterEvent> events) {
    View view = current;
    long version = checkOrder(events, view.version);
    // Validated first, so a bad list leaves no unpublished heads behind in the map.
    ConcurrentHashMap<Long, Change> delta = view.delta;
    for (RegisterEvent event : events) {
      Long key = event.e164();
      Change previous = delta.get(key);
      boolean registered;
      String[] allowed;
      if (previous != null) {
        registered = previous.registered;
        allowed = previous.allowed;
      } else {
        registered = view.base.isRegistered(event.e164());
        allowed = baseAllowed(view.base, event.e164(), registered);
      }
      switch (event.type()) {
        case REGISTER, RENEW -> {
          registered = true;
          allowed = NO_OPERATORS;
        }
        case CANCEL -> {
          registered = false;
          allowed = NO_OPERATORS;
        }
        case ALLOW -> {
          if (registered) {
            allowed = withOperator(allowed, event.operator());
          }
        }
        case DISALLOW -> allowed = withoutOperator(allowed, event.operator());
      }
      delta.put(key, new Change(event, registered, allowed, previous));
    }
    current = new View(view.base, delta, version, view.deltaEvents + events.size());
  }

  /**
   * Applies a large batch (e.g. an import's) by building a new base instead of growing the delta:
   * a copy of the current view plus the events, published as one new view with an empty delta.
   * Costs O(base + delta + events) on the calling thread; cheaper than {@link #apply} plus a fold
   * once the batch is more than about a thousandth of the base. Same contract as {@link #apply}.
   */
  public void applyBulk(List<RegisterEvent> events) {
    View view = current;
    long version = checkOrder(events, view.version);
    OppositionIndex next = view.materialize();
    for (RegisterEvent event : events) {
      next.apply(event);
    }
    current = new View(next, new ConcurrentHashMap<>(), version, 0);
  }

  private static long checkOrder(List<RegisterEvent> events, long after) {
    long version = after;
    for (RegisterEvent event : events) {
      if (event.sequence() <= version) {
        throw new IllegalArgumentException(
            "event sequence " + event.sequence() + " is not after version " + version
                + (event.sequence() == RegisterEvent.UNSEQUENCED
                    ? " (the event was never appended to the log)"
                    : " (already applied or out of order)"));
      }
      version = event.sequence();
    }
    return version;
  }

  /**
   * Replaces the base by {@code next}, built by {@link View#materialize()} from a view of this
   * index, and drops the delta events it covers. Readers of older views are not affected. Writer
   * only (see the class comment).
   *
   * @return {@code false}, changing nothing, when {@code next} is not newer than the current base
   * @throws IllegalArgumentException if {@code next} is ahead of the current version; the caller
   *     must not modify {@code next} afterwards
   */
  public boolean rebase(OppositionIndex next) {
    View view = current;
    if (next.version() > view.version) {
      throw new IllegalArgumentException(
          "the new base (version " + next.version() + ") is ahead of the index (" + view.version + ")");
    }
    if (next.version() <= view.base.version()) {
      return false;
    }
    long covered = next.version();
    ConcurrentHashMap<Long, Change> delta = new ConcurrentHashMap<>();
    long events = 0;
    for (Map.Entry<Long, Change> entry : view.delta.entrySet()) {
      Change kept = newerThan(entry.getValue(), covered);
      if (kept != null) {
        delta.put(entry.getKey(), kept);
        for (Change c = kept; c != null; c = c.older) {
          events++;
        }
      }
    }
    current = new View(next, delta, view.version, events);
    return true;
  }

  /** The chain's changes with seq > covered, as a new chain (the old one is never modified). */
  private static Change newerThan(Change head, long covered) {
    if (head == null || head.sequence() <= covered) {
      return null;
    }
    return new Change(head.event, head.registered, head.allowed, newerThan(head.older, covered));
  }

  private static String[] baseAllowed(OppositionIndex base, long e164, boolean registered) {
    if (!registered) {
      return NO_OPERATORS;
    }
    String[] allowed = NO_OPERATORS;
    for (Map.Entry<String, NumberSet> entry : base.allowedSets().entrySet()) {
      if (entry.getValue().contains(e164)) {
        allowed = withOperator(allowed, entry.getKey());
      }
    }
    return allowed;
  }

  private static String[] withOperator(String[] operators, String operator) {
    int at = Arrays.binarySearch(operators, operator);
    if (at >= 0) {
      return operators;
    }
    int insert = -at - 1;
    String[] result = new String[operators.length + 1];
    System.arraycopy(operators, 0, result, 0, insert);
    result[insert] = operator;
    System.arraycopy(operators, insert, result, insert + 1, operators.length - insert);
    return result;
  }

  private static String[] withoutOperator(String[] operators, String operator) {
    int at = Arrays.binarySearch(operators, operator);
    if (at < 0) {
      return operators;
    }
    if (operators.length == 1) {
      return NO_OPERATORS;
    }
    String[] result = new String[operators.length - 1];
    System.arraycopy(operators, 0, result, 0, at);
    System.arraycopy(operators, at + 1, result, at, operators.length - at - 1);
    return result;
  }

  /** One event of a number and the number's state after it; immutable. */
  private record Change(RegisterEvent event, boolean registered, String[] allowed, Change older) {
    long sequence() {
      return event.sequence();
    }

    /** The newest change of this chain at or before {@code version}, or null. */
    Change at(long version) {
      Change c = this;
      while (c != null && c.sequence() > version) {
        c = c.older;
      }
      return c;
    }
  }

  /**
   * The register's opposition state at one version: immutable, safe to read from any thread, and
   * equal in every answer to an {@link OppositionIndex} replayed to {@link #version()}.
   */
  public static final class View implements IndexView {
    private final OppositionIndex base;
    private final ConcurrentHashMap<Long, Change> delta;
    private final long version;
    private final long deltaEvents;

    private View(
        OppositionIndex base, ConcurrentHashMap<Long, Change> delta, long version, long deltaEvents) {
      this.base = base;
      this.delta = delta;
      this.version = version;
      this.deltaEvents = deltaEvents;
    }

    @Override
    public long version() {
      return version;
    }

    /** The version of the base index under this view's delta. */
    public long baseVersion() {
      return base.version();
    }

    /** How many events this view holds beside its base (its version minus the base's, if gap-free). */
    public long deltaEvents() {
      return deltaEvents;
    }

    /**
     * The base index, e.g. to save a snapshot at {@link #baseVersion()}. Read only: it is shared
     * with every reader, and modifying it would corrupt them all.
     */
    public OppositionIndex base() {
      return base;
    }

    private Change changeOf(long e164) {
      if (deltaEvents == 0) {
        return null;
      }
      Change head = delta.get(e164);
      return head == null ? null : head.at(version);
    }

    @Override
    public boolean isRegistered(long e164) {
      Change change = changeOf(e164);
      return change != null ? change.registered : base.isRegistered(e164);
    }

    @Override
    public boolean isOpposedFor(long e164, String operator) {
      Objects.requireNonNull(operator, "operator");
      Change change = changeOf(e164);
      if (change == null) {
        return base.isOpposedFor(e164, operator);
      }
      return change.registered && Arrays.binarySearch(change.allowed, operator) < 0;
    }

    @Override
    public List<String> allowedOperators(long e164) {
      Change change = changeOf(e164);
      return change == null ? base.allowedOperators(e164) : List.of(change.allowed);
    }

    @Override
    public long registeredCount() {
      long count = base.registeredCount();
      if (deltaEvents == 0) {
        return count;
      }
      for (Map.Entry<Long, Change> entry : delta.entrySet()) {
        Change change = entry.getValue().at(version);
        if (change != null) {
          boolean before = base.isRegistered(entry.getKey());
          if (change.registered != before) {
            count += change.registered ? 1 : -1;
          }
        }
      }
      return count;
    }

    /** An estimate of the heap this view holds, in bytes: the base plus the delta. */
    public long sizeInBytes() {
      return base.sizeInBytes() + deltaEvents * DELTA_EVENT_BYTES;
    }

    @Override
    public Lookup lookupFor(String operator) {
      Lookup baseLookup = base.lookupFor(operator);
      if (deltaEvents == 0) {
        return baseLookup;
      }
      // Written here, then only read: safe to share with the threads of a check.
      Long2ByteOpenHashMap table = new Long2ByteOpenHashMap(delta.size());
      table.defaultReturnValue(NO_STATE);
      for (Map.Entry<Long, Change> entry : delta.entrySet()) {
        Change change = entry.getValue().at(version);
        if (change != null) {
          State state =
              !change.registered
                  ? State.NOT_REGISTERED
                  : Arrays.binarySearch(change.allowed, operator) >= 0 ? State.ALLOWED : State.OPPOSED;
          table.put(entry.getKey().longValue(), (byte) state.ordinal());
        }
      }
      if (table.isEmpty()) {
        return baseLookup;
      }
      return new Lookup() {
        @Override
        public State stateOf(long e164) {
          byte state = table.get(e164);
          return state != NO_STATE ? STATES[state] : baseLookup.stateOf(e164);
        }

        @Override
        public void statesOf(long[] numbers, int count, State[] into) {
          baseLookup.statesOf(numbers, count, into);
          for (int i = 0; i < count; i++) {
            byte state = table.get(numbers[i]);
            if (state != NO_STATE) {
              into[i] = STATES[state];
            }
          }
        }
      };
    }

    /**
     * A new, independent index equal to this view: a copy of the base with the view's delta
     * events applied. Linear in the base's size; meant for the background fold and for tests.
     */
    public OppositionIndex materialize() {
      OppositionIndex index = base.copy();
      if (deltaEvents == 0) {
        return index;
      }
      List<RegisterEvent> events = new ArrayList<>((int) Math.min(deltaEvents, Integer.MAX_VALUE));
      for (Change head : delta.values()) {
        for (Change c = head.at(version); c != null; c = c.older) {
          events.add(c.event);
        }
      }
      events.sort(Comparator.comparingLong(RegisterEvent::sequence));
      for (RegisterEvent event : events) {
        index.apply(event);
      }
      return index;
    }

    /** The size only: the view's content is personal data and never goes to logs. */
    @Override
    public String toString() {
      return "LiveIndex.View[version " + version + ", base " + base.version() + ", "
          + deltaEvents + " delta events]";
    }
  }
}
