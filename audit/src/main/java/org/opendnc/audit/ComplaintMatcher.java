package org.opendnc.audit;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.opendnc.store.Complaint;
import org.opendnc.store.OperatorListStore.CallingNumber;

/**
 * Names the likely caller of each complaint: the call records with the complaint's caller ID
 * within a time window of the complaint's time (and to the complainant's number or area code when
 * known), else the operator that declared that caller ID. Thread-safe once built.
 */
public final class ComplaintMatcher {

  /*
   * The calls with a usable caller ID are grouped by caller ID (a Long2IntOpenHashMap to dense indexes and a
   * counting sort) and each group is sorted by second (packed keys, a primitive sort), so one complaint costs a hash lookup and a
   * binary search for the start of its window, then a walk over the calls inside the window.
   * Complaints are matched in parallel; each gets one Match.
   */

  /** How a complaint was matched, strongest first. */
  public enum Kind {
    /** A call from the caller ID to the complainant's number within the window. */
    CALLER_AND_NUMBER,
    /** A call from the caller ID within the window to a number of the complainant's area code. */
    CALLER_AND_AREA,
    /** A call from the caller ID within the window (the complaint names no number or area). */
    CALLER_AND_TIME,
    /**
     * The complaint gives no caller ID (withheld): a call without a usable caller ID to the
     * complainant's number within the window.
     */
    WITHHELD_AND_NUMBER,
    /** No call in the window, but an operator had declared the caller ID at that time. */
    DECLARED_CALLER,
    /** Nothing matched. */
    NONE
  }

  /**
   * The match of one complaint.
   *
   * @param likelyOperator the operator with most matching calls (ties: the first by name), or
   *     {@code null}
   * @param operators every operator that matched, by number of calls
   * @param calls how many call records matched
   * @param callIds the first matching call ids (at most {@value #CALL_IDS_KEPT})
   */
  public record Match(Complaint complaint, Kind kind, String likelyOperator, List<String> operators, int calls,
      List<String> callIds) {}

  /** How many matching call ids a match keeps. */
  public static final int CALL_IDS_KEPT = 5;

  private final CallRecords calls;
  private final long windowNanos;
  private final Long2IntOpenHashMap callerIndex;
  private final int[] start;
  private final int[] order;
  /** Aligned with {@code order}: the call's second, time and callee, so a window is read in sequence. */
  private final long[] sortedSecond;
  private final long[] sortedStarted;
  private final long[] sortedCallee;
  private final Map<Long, List<CallingNumber>> declared = new HashMap<>();
  /** The calls without a usable caller ID, by callee and time; built on first need. */
  private volatile Withheld withheld;

  /**
   * @param window how far from the complaint's time a call may be (e.g. 2 hours each way)
   * @param callingNumbers the operators' declared calling numbers
   */
  public ComplaintMatcher(CallRecords calls, Duration window, List<CallingNumber> callingNumbers) {
    this.calls = calls;
    this.windowNanos = window.toNanos();
    int n = calls.size();
    callerIndex = DenseIndexes.map(Math.max(16, n / 8));
    int[] key = new int[n];
    int usable = 0;
    for (int i = 0; i < n; i++) {
      long caller = calls.callers[i];
      key[i] = caller > 0 ? DenseIndexes.indexOf(callerIndex, caller) : -1;
      usable += caller > 0 ? 1 : 0;
    }
    int groups = callerIndex.size();
    int[] keys = new int[usable];
    int[] positions = new int[usable];
    int u = 0;
    for (int i = 0; i < n; i++) {
      if (key[i] >= 0) {
        keys[u] = key[i];
        positions[u++] = i;
      }
    }
    start = new int[groups + 1];
    int[] grouped = CallAudit.groupBy(keys, usable, groups, start);
    order = new int[usable];
    for (int i = 0; i < usable; i++) {
      order[i] = positions[grouped[i]];
    }
    for (int g = 0; g < groups; g++) {
      sortByTime(start[g], start[g + 1]);
    }
    sortedSecond = new long[usable];
    sortedStarted = new long[usable];
    sortedCallee = new long[usable];
    for (int p = 0; p < usable; p++) {
      sortedStarted[p] = calls.started[order[p]];
      sortedSecond[p] = Math.floorDiv(sortedStarted[p], 1_000_000_000L);
      sortedCallee[p] = calls.callees[order[p]];
    }
    for (CallingNumber number : callingNumbers) {
      declared.computeIfAbsent(number.e164(), k -> new ArrayList<>()).add(number);
    }
  }

  /** Sorts {@code order[from, to)} by the calls' second (ties in file order). */
  private void sortByTime(int from, int to) {
    int size = to - from;
    if (size < 2) {
      return;
    }
    if (size > (1 << POSITION_BITS)) {
      Integer[] boxed = new Integer[size];
      for (int i = 0; i < size; i++) {
        boxed[i] = order[from + i];
      }
      Arrays.sort(boxed, (a, b) -> Long.compare(second(a), second(b)));
      for (int i = 0; i < size; i++) {
        order[from + i] = boxed[i];
      }
      return;
    }
    long min = Long.MAX_VALUE;
    for (int i = from; i < to; i++) {
      min = Math.min(min, second(order[i]));
    }
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      keys[i] = ((second(order[from + i]) - min) << POSITION_BITS) | i;
    }
    Arrays.sort(keys);
    int[] sorted = new int[size];
    for (int i = 0; i < size; i++) {
      sorted[i] = order[from + (int) (keys[i] & ((1L << POSITION_BITS) - 1))];
    }
    System.arraycopy(sorted, 0, order, from, size);
  }

  private static final int POSITION_BITS = 24;

  private long second(int call) {
    return Math.floorDiv(calls.started[call], 1_000_000_000L);
  }

  /**
   * The calls without a usable caller ID (withheld or junk), sorted by callee then time, for
   * complaints that give no caller ID but name the number called.
   */
  private record Withheld(int[] calls, long[] callees, long[] started) {
    static Withheld of(CallRecords calls) {
      List<Integer> found = new ArrayList<>();
      for (int i = 0; i < calls.size(); i++) {
        if (calls.callers[i] <= 0) {
          found.add(i);
        }
      }
      found.sort((a, b) -> calls.callees[a] != calls.callees[b] ? Long.compare(calls.callees[a], calls.callees[b])
          : Long.compare(calls.started[a], calls.started[b]));
      int[] order = new int[found.size()];
      long[] callees = new long[order.length];
      long[] started = new long[order.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = found.get(i);
        callees[i] = calls.callees[order[i]];
        started[i] = calls.started[order[i]];
      }
      return new Withheld(order, callees, started);
    }

    /** The calls to {@code callee} within {@code window} nanoseconds of {@code at}. */
    List<Integer> near(long callee, long at, long window) {
      int low = 0;
      int high = callees.length;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (callees[mid] < callee || (callees[mid] == callee && started[mid] < at - window)) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      List<Integer> near = new ArrayList<>();
      for (int p = low; p < callees.length && callees[p] == callee && started[p] <= at + window; p++) {
        near.add(calls[p]);
      }
      return near;
    }
  }

  private Withheld withheld() {
    Withheld built = withheld;
    if (built == null) {
      synchronized (this) {
        built = withheld;
        if (built == null) {
          built = Withheld.of(calls);
          withheld = built;
        }
      }
    }
    return built;
  }

  /** Matches every complaint, in parallel; the matches come in the complaints' order. */
  public List<Match> match(List<Complaint> complaints) {
    Match[] matches = new Match[complaints.size()];
    IntStream.range(0, complaints.size()).parallel().forEach(i -> matches[i] = match(complaints.get(i)));
    return Arrays.asList(matches);
  }

  /** Matches one complaint. */
  public Match match(Complaint complaint) {
    long caller = complaint.callerE164();
    if (caller <= 0) {
      if (complaint.calledE164() > 0) {
        List<Integer> near = withheld().near(complaint.calledE164(), Times.toNanos(complaint.at()), windowNanos);
        if (!near.isEmpty()) {
          return matchOf(complaint, Kind.WITHHELD_AND_NUMBER, near);
        }
      }
      return new Match(complaint, Kind.NONE, null, List.of(), 0, List.of());
    }
    long at = Times.toNanos(complaint.at());
    int group = callerIndex.get(caller);
    if (group >= 0) {
      int from = firstAtOrAfter(start[group], start[group + 1], Math.floorDiv(at - windowNanos, 1_000_000_000L));
      long lastSecond = Math.floorDiv(at + windowNanos, 1_000_000_000L);
      long areaLow = -1;
      if (complaint.calledE164() <= 0 && complaint.consumerAreaCode() != null
          && complaint.consumerAreaCode().matches("\\d{3}")) {
        areaLow = Long.parseLong("1" + complaint.consumerAreaCode()) * 10_000_000L;
      }
      Kind best = null;
      List<Integer> strongest = new ArrayList<>();
      for (int p = from; p < start[group + 1]; p++) {
        if (sortedSecond[p] > lastSecond) {
          break;
        }
        if (Math.abs(sortedStarted[p] - at) > windowNanos) {
          continue;
        }
        Kind kind = kindOf(complaint, sortedCallee[p], areaLow);
        if (kind == null) {
          continue;
        }
        if (best == null || kind.ordinal() < best.ordinal()) {
          best = kind;
          strongest.clear();
        }
        if (kind == best) {
          strongest.add(order[p]);
        }
      }
      if (best != null) {
        return matchOf(complaint, best, strongest);
      }
    }
    List<CallingNumber> declarations = declared.get(caller);
    if (declarations != null) {
      List<String> operators = new ArrayList<>();
      for (CallingNumber number : declarations) {
        if (number.inForceAt(complaint.at()) && !operators.contains(number.operator())) {
          operators.add(number.operator());
        }
      }
      if (!operators.isEmpty()) {
        operators.sort(null);
        return new Match(complaint, Kind.DECLARED_CALLER, operators.get(0), List.copyOf(operators), 0, List.of());
      }
    }
    return new Match(complaint, Kind.NONE, null, List.of(), 0, List.of());
  }

  /** A match on {@code matched} calls: the operator with most of them is the likely caller. */
  private Match matchOf(Complaint complaint, Kind kind, List<Integer> matched) {
    Map<String, Integer> byOperator = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (int call : matched) {
      byOperator.merge(calls.operator(call), 1, Integer::sum);
      if (ids.size() < CALL_IDS_KEPT) {
        ids.add(calls.callId(call));
      }
    }
    List<String> operators = new ArrayList<>(byOperator.keySet());
    operators.sort((a, b) -> byOperator.get(a).equals(byOperator.get(b))
        ? a.compareTo(b) : Integer.compare(byOperator.get(b), byOperator.get(a)));
    return new Match(complaint, kind, operators.get(0), List.copyOf(operators), matched.size(), List.copyOf(ids));
  }

  /** The kind of match a call to {@code callee} gives, or {@code null} if it does not fit. */
  private static Kind kindOf(Complaint complaint, long callee, long areaLow) {
    if (complaint.calledE164() > 0) {
      return complaint.calledE164() == callee ? Kind.CALLER_AND_NUMBER : null;
    }
    if (areaLow > 0 && callee >= areaLow && callee < areaLow + 10_000_000L) {
      return Kind.CALLER_AND_AREA;
    }
    return Kind.CALLER_AND_TIME;
  }

  private int firstAtOrAfter(int from, int to, long second) {
    int low = from;
    int high = to;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sortedSecond[mid] < second) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
