package org.opendnc.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns short texts (operators, campaigns, outcomes, countries) as dense ints. Thread-safe:
 * the call-record parsers intern from several threads; an id, once given, never changes.
 */
final class Names {
  private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
  private final List<String> names = new ArrayList<>();
  private volatile String[] snapshot = new String[0];

  int intern(String name) {
    Integer id = ids.get(name);
    if (id != null) {
      return id;
    }
    return ids.computeIfAbsent(name, n -> {
      synchronized (names) {
        names.add(n);
        snapshot = names.toArray(new String[0]);
        return names.size() - 1;
      }
    });
  }

  /** The id of {@code name}, or -1 when it was never interned. */
  int find(String name) {
    Integer id = ids.get(name);
    return id == null ? -1 : id;
  }

  String name(int id) {
    return id < 0 ? null : snapshot[id];
  }

  int size() {
    return snapshot.length;
  }
}
