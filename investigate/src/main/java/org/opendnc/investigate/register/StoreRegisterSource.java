package org.opendnc.investigate.register;

import java.util.Locale;
import org.opendnc.store.RegisterStore;

/** The register's own store (SQLite in a data directory, or PostgreSQL), read through its event log. */
public final class StoreRegisterSource implements RegisterSource {
  private final RegisterStore store;
  private final String description;
  private final boolean owned;

  /** Reads {@code store}; closes it when closed. */
  public StoreRegisterSource(RegisterStore store, String where) {
    this(store, where, true);
  }

  private StoreRegisterSource(RegisterStore store, String where, boolean owned) {
    this.store = store;
    this.description = where;
    this.owned = owned;
  }

  /** Reads a store that stays open when this source is closed (its owner closes it). */
  public static StoreRegisterSource borrowing(RegisterStore store, String where) {
    return new StoreRegisterSource(store, where, false);
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "register %s, %,d events", description, store.events().latestSequence());
  }

  @Override
  public Loaded load(long[] sortedNumbers) {
    RegisterLoader loader = new RegisterLoader(sortedNumbers);
    store.events().replay(0, loader::accept);
    return loader.finish();
  }

  @Override
  public void close() {
    if (owned) {
      store.close();
    }
  }
}
