package org.opendnc.server;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.store.AuditStore;

/**
 * The yearly quota of numbers checked: each operator's plan allows so many numbers per calendar
 * year (in the register's time zone). Thread-safe.
 */
final class Quota {

  /*
   * The meter is the usage table (numbers checked per operator and day), written in the same
   * transaction as each check's audit entry. Reading it per check would put the database on the
   * hot path, so each operator's yearly count is kept here: loaded from the table on first use,
   * raised by reservations, and reloaded from the table every RELOAD_NANOS so that checks served by
   * other nodes count too. A reservation is taken before a check is answered and is either
   * committed (its usage is then in the table) or released (the check failed or was refused).
   *
   * Between two reloads, nodes do not see each other's checks: with N nodes an operator may exceed
   * its quota by what N - 1 nodes check in RELOAD_NANOS. One node never exceeds it.
   */

  private static final long RELOAD_NANOS = 60_000_000_000L;

  private final AuditStore usage;
  private final ZoneId zone;
  private final Clock clock;
  private final Map<String, Meter> meters = new ConcurrentHashMap<>();

  Quota(AuditStore usage, ZoneId zone, Clock clock) {
    this.usage = usage;
    this.zone = zone;
    this.clock = clock;
  }

  /** One operator's count for one year. Guarded by its own monitor. */
  private static final class Meter {
    int year;
    long stored;
    long pending;
    long loadedAtNanos;
  }

  /** Numbers held for a check until it is answered. */
  final class Reservation {
    private final String operator;
    private final long numbers;
    private boolean done;

    private Reservation(String operator, long numbers) {
      this.operator = operator;
      this.numbers = numbers;
    }

    /** The numbers are now in the usage table (the check's audit entry is stored). */
    void commit() {
      settle(true);
    }

    /** The check was not answered: give the numbers back. Does nothing after {@link #commit}. */
    void release() {
      settle(false);
    }

    private void settle(boolean stored) {
      Meter meter = meters.get(operator);
      synchronized (meter) {
        if (done) {
          return;
        }
        done = true;
        meter.pending -= numbers;
        if (stored) {
          meter.stored += numbers;
        }
      }
    }
  }

  /** An operator's standing this year. */
  record Standing(int year, long used, long yearlyQuota) {
    long remaining() {
      return Math.max(0, yearlyQuota - used);
    }
  }

  LocalDate today() {
    return LocalDate.now(clock.withZone(zone));
  }

  private Meter meter(String operator) {
    Meter meter = meters.computeIfAbsent(operator, o -> new Meter());
    int year = today().getYear();
    synchronized (meter) {
      long now = System.nanoTime();
      if (meter.year != year || meter.loadedAtNanos == 0 || now - meter.loadedAtNanos > RELOAD_NANOS) {
        LocalDate start = LocalDate.of(year, 1, 1);
        meter.stored = usage.numbersChecked(operator, start, start.plusYears(1));
        if (meter.year != year) {
          meter.pending = 0;
        }
        meter.year = year;
        meter.loadedAtNanos = now;
      }
    }
    return meter;
  }

  /** How much of its quota an operator has used this year. */
  Standing standing(String operator, long yearlyQuota) {
    Meter meter = meter(operator);
    synchronized (meter) {
      return new Standing(meter.year, meter.stored + meter.pending, yearlyQuota);
    }
  }

  /**
   * Reserves {@code numbers} of the operator's quota.
   *
   * @throws ProblemException {@code QUOTA_EXCEEDED} when fewer remain; nothing is reserved
   */
  Reservation reserve(String operator, long yearlyQuota, long numbers) {
    Meter meter = meter(operator);
    synchronized (meter) {
      long used = meter.stored + meter.pending;
      if (used + numbers > yearlyQuota) {
        long remaining = Math.max(0, yearlyQuota - used);
        throw new ProblemException(ErrorCode.QUOTA_EXCEEDED,
            (numbers == 1
                ? "your plan's quota for " + meter.year + " is used up"
                : "this check has " + numbers + " numbers but your plan allows " + remaining
                    + " more in " + meter.year)
                + " (" + used + " of " + yearlyQuota + " numbers checked). Nothing was checked;"
                + " ask the register to change your plan, or wait for the new year.",
            Map.of("yearly_quota", yearlyQuota, "used", used, "remaining", remaining,
                "requested", numbers, "resets_on", LocalDate.of(meter.year + 1, 1, 1).toString()),
            Map.of());
      }
      meter.pending += numbers;
      return new Reservation(operator, numbers);
    }
  }
}
