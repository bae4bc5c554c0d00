package org.opendnc.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;

/**
 * Aggregates for the register's staff: register events per hour, checks per day, the operators
 * that checked most. Read-only; thread-safe. Counts only, never numbers.
 */
public interface Statistics {

  /** Register events of one type through one channel in the hour that starts at {@code hour}. */
  record EventCount(Instant hour, EventType type, Channel channel, long count) {}

  /** One operator's totals over a period. */
  record OperatorUsage(String operator, long checks, long numbersChecked) {}

  /**
   * Register events per hour (UTC hours, which every profile's zone divides into whole local days),
   * type and channel, for events timed in {@code [from, to)}; ascending. Scans the events of the
   * period: keep the period to weeks or months.
   */
  List<EventCount> eventsPerHour(Instant from, Instant to);

  /** Checks and numbers checked per day over every operator, in {@code [from, toExclusive)}. */
  List<UsageDay> checksPerDay(LocalDate from, LocalDate toExclusive);

  /** The operators that checked most numbers in {@code [from, toExclusive)}, most first. */
  List<OperatorUsage> topOperators(LocalDate from, LocalDate toExclusive, int limit);
}
