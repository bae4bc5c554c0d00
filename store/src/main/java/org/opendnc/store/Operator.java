package org.opendnc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A telemarketing operator with an account: it checks lists and numbers through the API.
 *
 * @param id the operator id that ALLOW events and receipts name, e.g. {@code acme}
 * @param name a display name
 * @param plan the name of its {@link Plan}
 * @param createdAt when the account was created
 * @param disabled a disabled operator's keys and users are refused
 */
public record Operator(String id, String name, String plan, Instant createdAt, boolean disabled) {
  public Operator {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
