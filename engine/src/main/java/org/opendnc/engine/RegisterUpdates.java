package org.opendnc.engine;

import java.util.List;
import org.opendnc.core.register.RegisterEvent;

/**
 * Records citizens' register events: durable in the store first, then applied to the index.
 * Thread-safe (see {@link Register#append}).
 */
public final class RegisterUpdates {
  private final Register register;

  public RegisterUpdates(Register register) {
    this.register = register;
  }

  /**
   * Appends the events in one transaction and applies them to the live index. When this returns,
   * the events are durable and visible to checks.
   *
   * @return the events with their sequences (register versions)
   */
  public List<RegisterEvent> record(List<RegisterEvent> events) {
    return register.append(events);
  }
}
