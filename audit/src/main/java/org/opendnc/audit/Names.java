package org.opendnc.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns short texts (operators, campaigns, outcomes, countries) as dense ints. Not thread-safe. */
final class Names {
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> names = new ArrayList<>();

  int intern(String name) {
    Integer id = ids.get(name);
    if (id == null) {
      id = names.size();
      ids.put(name, id);
      names.add(name);
    }
    return id;
  }

  /** The id of {@code name}, or -1 when it was never interned. */
  int find(String name) {
    Integer id = ids.get(name);
    return id == null ? -1 : id;
  }

  String name(int id) {
    return id < 0 ? null : names.get(id);
  }

  int size() {
    return names.size();
  }
}
