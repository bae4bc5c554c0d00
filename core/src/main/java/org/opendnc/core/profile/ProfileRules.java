package org.opendnc.core.profile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The rules of a profile that decide whether a call was lawful (shared/DOMAIN.md, "Deciding
 * whether a call was lawful"), loaded from the profile's data file.
 *
 * @param registrationEffective how long the register may take to make a registration effective
 *     (informative: the audit judges opposition on the events' own times)
 * @param zones the time zone(s) of the country's numbers
 * @param callingHours when calls are allowed, in the callee's local time
 * @param holidays the public holidays
 * @param allowedCallerIdPrefixes caller-ID prefixes any operator may present without declaring
 *     them (IT: 0843, 0844), as E.164 digits without '+', e.g. {@code 390844}
 * @param contractGrace how long after a contract ended it still allows calls (IT: 30 days)
 * @param frequencyCap the cap on repeated calls, or {@code null} for none
 */
public record ProfileRules(
    Duration registrationEffective,
    ZoneMap zones,
    CallingHours callingHours,
    HolidayCalendar holidays,
    List<String> allowedCallerIdPrefixes,
    Duration contractGrace,
    FrequencyCap frequencyCap) {

  public ProfileRules {
    Objects.requireNonNull(registrationEffective, "registrationEffective");
    Objects.requireNonNull(zones, "zones");
    Objects.requireNonNull(callingHours, "callingHours");
    Objects.requireNonNull(holidays, "holidays");
    allowedCallerIdPrefixes = List.copyOf(allowedCallerIdPrefixes);
    Objects.requireNonNull(contractGrace, "contractGrace");
  }

  /** Rules with no restriction beyond the register itself, in one zone. */
  public static ProfileRules minimal(java.time.ZoneId zone) {
    return new ProfileRules(Duration.ZERO, ZoneMap.single(zone), CallingHours.unrestricted(),
        HolidayCalendar.none(), List.of(), Duration.ZERO, null);
  }

  /** Whether the caller ID (E.164) starts with one of the allowed prefixes. */
  public boolean isAllowedCallerIdPrefix(long callerE164) {
    if (allowedCallerIdPrefixes.isEmpty()) {
      return false;
    }
    String digits = Long.toString(callerE164);
    for (String prefix : allowedCallerIdPrefixes) {
      if (digits.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
