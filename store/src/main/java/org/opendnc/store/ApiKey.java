package org.opendnc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's API key as stored: never the key itself, only its SHA-256 (kept by the store) and
 * a prefix to recognise it by.
 *
 * @param id the key's public id (used to list and revoke it)
 * @param operator the operator the key authenticates
 * @param prefix the first characters of the key, for display
 * @param createdAt when the key was issued
 * @param revokedAt when it was revoked, or {@code null} while it is active
 */
public record ApiKey(String id, String operator, String prefix, Instant createdAt, Instant revokedAt) {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Whether the key still authenticates. */
  public boolean active() {
    return revokedAt == null;
  }
}
