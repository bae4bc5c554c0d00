package org.opendnc.investigate.register;

import java.util.List;
import java.util.Map;
import org.opendnc.core.register.RegisterEvent;

/** Where the investigation reads the register: the register's store, or a CSV export of it. */
public interface RegisterSource extends AutoCloseable {
  /** What was opened, for the report (e.g. "SQLite register in DIR, 1,234 events"). */
  String describe();

  /**
   * Reads the register once: the latest registration of every number, and the whole history of
   * each number in {@code sortedNumbers} (ascending), for judging calls. Numbers without events
   * have no entry in the map.
   */
  Loaded load(long[] sortedNumbers);

  /** What {@link #load} read. */
  record Loaded(Registrations registrations, Map<Long, List<RegisterEvent>> histories) {}

  @Override
  void close();
}
