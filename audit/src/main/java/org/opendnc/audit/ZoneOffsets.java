package org.opendnc.audit;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;

/**
 * A zone's UTC offsets over a time range as a sorted array of transitions: the offset at an
 * instant is a binary search over a few entries, with no lock and no allocation (java.time's
 * {@code ZoneRules.getOffset} consults a concurrent cache per year for recent years). Immutable.
 */
final class ZoneOffsets {

  private final ZoneRules rules;
  private final long from;
  private final long until;
  /** Epoch seconds at which the offset changes, ascending; {@code offsets[i]} holds from {@code starts[i]}. */
  private final long[] starts;
  private final int[] offsets;

  /** The offsets of {@code zone} between the two epoch seconds (outside them, java.time answers). */
  ZoneOffsets(ZoneId zone, long fromSecond, long untilSecond) {
    this.rules = zone.getRules();
    this.from = fromSecond;
    this.until = untilSecond;
    long[] s = new long[16];
    int[] o = new int[16];
    int n = 0;
    s[n] = fromSecond;
    o[n++] = rules.getOffset(Instant.ofEpochSecond(fromSecond)).getTotalSeconds();
    ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(fromSecond));
    while (next != null && next.toEpochSecond() <= untilSecond) {
      if (n == s.length) {
        s = Arrays.copyOf(s, n * 2);
        o = Arrays.copyOf(o, n * 2);
      }
      s[n] = next.toEpochSecond();
      o[n++] = next.getOffsetAfter().getTotalSeconds();
      next = rules.nextTransition(next.getInstant());
    }
    starts = Arrays.copyOf(s, n);
    offsets = Arrays.copyOf(o, n);
  }

  /** The offset in seconds at {@code epochSecond}. */
  int offsetAt(long epochSecond) {
    if (epochSecond < from || epochSecond > until) {
      return rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
    }
    int i = Arrays.binarySearch(starts, epochSecond);
    return offsets[i >= 0 ? i : -i - 2];
  }
}
