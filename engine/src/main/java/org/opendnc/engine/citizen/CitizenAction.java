package org.opendnc.engine.citizen;

import org.opendnc.core.register.EventType;

/** What a citizen asks for: one of the register's events, or only to see status and history. */
public enum CitizenAction {
  REGISTER(EventType.REGISTER),
  RENEW(EventType.RENEW),
  ALLOW(EventType.ALLOW),
  DISALLOW(EventType.DISALLOW),
  CANCEL(EventType.CANCEL),
  /** See the numbers' status and history; records no event. */
  STATUS(null);

  private final EventType eventType;

  CitizenAction(EventType eventType) {
    this.eventType = eventType;
  }

  /** The event this action records for each number, or {@code null} for STATUS. */
  public EventType eventType() {
    return eventType;
  }

  /** Whether the action names an operator (ALLOW, DISALLOW). */
  public boolean namesOperator() {
    return eventType != null && eventType.namesOperator();
  }
}
