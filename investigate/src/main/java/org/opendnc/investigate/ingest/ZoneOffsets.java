package org.opendnc.investigate.ingest;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;

/**
 * A zone's UTC offsets from 1900 to 2200 as a sorted table of transitions: the offset at an
 * instant, and the local day of an instant, by one look-up in a table of UTC days (shared per zone)
 * or, on a day with a transition, one binary search, instead of {@link ZoneRules}' general
 * lookup. Immutable and thread-safe.
 */
public final class ZoneOffsets {
  private static final long FROM = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
  private static final long UNTIL = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
  private final ZoneRules rules;
  private final long[] transitions;
  private final int[] offsetsAfter;
  private final int offsetBefore;

  public ZoneOffsets(ZoneId zone) {
    this.rules = zone.getRules();
    long[] instants = new long[64];
    int[] offsets = new int[64];
    int count = 0;
    ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(FROM));
    while (next != null && next.getInstant().getEpochSecond() < UNTIL) {
      if (count == instants.length) {
        instants = Arrays.copyOf(instants, count * 2);
        offsets = Arrays.copyOf(offsets, count * 2);
      }
      instants[count] = next.getInstant().getEpochSecond();
      offsets[count] = next.getOffsetAfter().getTotalSeconds();
      count++;
      next = rules.nextTransition(next.getInstant());
    }
    transitions = Arrays.copyOf(instants, count);
    offsetsAfter = Arrays.copyOf(offsets, count);
    offsetBefore = rules.getOffset(Instant.ofEpochSecond(FROM)).getTotalSeconds();
    dayOffsets = DAY_TABLES.computeIfAbsent(zone, z -> dayTable(transitions, offsetsAfter, offsetBefore));
  }

  private static final int DAYS = (int) ((UNTIL - FROM) / 86_400L);
  private static final int TRANSITION_DAY = Integer.MIN_VALUE;
  private static final java.util.concurrent.ConcurrentHashMap<ZoneId, int[]> DAY_TABLES = new java.util.concurrent.ConcurrentHashMap<>();
  /** Per UTC day from 1900: the offset all day long, or TRANSITION_DAY when it changes that day. */
  private final int[] dayOffsets;

  private static int[] dayTable(long[] transitions, int[] offsetsAfter, int offsetBefore) {
    int[] table = new int[DAYS];
    int t = 0; // transitions before t are at or before the day's start
    int offset = offsetBefore;
    for (int d = 0; d < DAYS; d++) {
      long start = FROM + d * 86_400L;
      while (t < transitions.length && transitions[t] <= start) {
        offset = offsetsAfter[t];
        t++;
      }
      table[d] = t < transitions.length && transitions[t] < start + 86_400L ? TRANSITION_DAY : offset;
    }
    return table;
  }

  /** The zone's offset from UTC at the instant, in seconds. */
  public int offsetSeconds(long epochSecond) {
    if (epochSecond < FROM || epochSecond >= UNTIL) {
      return rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
    }
    int known = dayOffsets[(int) ((epochSecond - FROM) / 86_400L)];
    if (known != TRANSITION_DAY) {
      return known;
    }
    int index = Arrays.binarySearch(transitions, epochSecond);
    if (index < 0) {
      index = -index - 2;
    }
    return index < 0 ? offsetBefore : offsetsAfter[index];
  }

  /** The local epoch day of the instant. */
  public int localDay(long epochSecond) {
    return (int) Math.floorDiv(epochSecond + offsetSeconds(epochSecond), 86_400L);
  }
}
