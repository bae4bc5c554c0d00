package org.opendnc.core.profile;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The time zone(s) of a country's numbers: one zone, or several with a table of E.164 prefixes
 * (e.g. US area codes) for the numbers whose zone is known.
 */
public final class ZoneMap {

  /*
   * A number's zone is the zone of its longest matching prefix. A number that matches no prefix in
   * a country with several zones has no single zone: zonesOf returns all of them, and rules that
   * depend on local time must hold in every one of them before they accuse (the audit flags a
   * call outside calling hours only if it was outside in each possible zone).
   */

  private final ZoneId main;
  private final List<ZoneId> all;
  private final TreeMap<String, ZoneId> byPrefix;
  private final int longestPrefix;

  /**
   * @param main the register's zone (dates of imports, quotas)
   * @param all every zone of the country's numbers (contains {@code main})
   * @param byPrefix E.164 digit prefixes without '+' and their zone
   */
  public ZoneMap(ZoneId main, List<ZoneId> all, Map<String, ZoneId> byPrefix) {
    this.main = main;
    this.all = all.contains(main) ? List.copyOf(all) : prepend(main, all);
    this.byPrefix = new TreeMap<>(byPrefix);
    this.longestPrefix = byPrefix.keySet().stream().mapToInt(String::length).max().orElse(0);
  }

  private static List<ZoneId> prepend(ZoneId main, List<ZoneId> all) {
    java.util.ArrayList<ZoneId> zones = new java.util.ArrayList<>();
    zones.add(main);
    zones.addAll(all);
    return List.copyOf(zones);
  }

  /** One zone for every number. */
  public static ZoneMap single(ZoneId zone) {
    return new ZoneMap(zone, List.of(zone), Map.of());
  }

  public ZoneId main() {
    return main;
  }

  public List<ZoneId> all() {
    return all;
  }

  public Map<String, ZoneId> byPrefix() {
    return java.util.Collections.unmodifiableMap(byPrefix);
  }

  /** Whether every number has the same zone. */
  public boolean isSingle() {
    return all.size() == 1;
  }

  /**
   * The zones a number may be in: its prefix's zone, the only zone, or every zone of the country
   * when its prefix is not in the table.
   */
  public List<ZoneId> zonesOf(long e164) {
    if (all.size() == 1) {
      return all;
    }
    if (longestPrefix > 0) {
      String digits = Long.toString(e164);
      for (int length = Math.min(longestPrefix, digits.length()); length > 0; length--) {
        ZoneId zone = byPrefix.get(digits.substring(0, length));
        if (zone != null) {
          return List.of(zone);
        }
      }
    }
    return all;
  }
}
