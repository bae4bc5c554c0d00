package org.opendnc.server;

import org.opendnc.store.AuditEntry.ActorType;

/**
 * Who a request acts for, once authenticated.
 *
 * @param role an operator (by API key or an operator's portal account), an admin or a regulator
 * @param name the operator id for operators, the username for admins and regulators
 * @param username the portal account, or {@code null} for an API key
 * @param keyId the API key's id, or {@code null} for a session
 * @param yearlyQuota the operator's plan quota at authentication (operators only)
 * @param mustChangePassword the account's one-time password is still in use
 */
record Principal(
    Role role, String name, String username, String keyId, long yearlyQuota,
    boolean mustChangePassword) {

  /** What the principal may do. */
  enum Role {
    OPERATOR,
    ADMIN,
    REGULATOR
  }

  /** Authenticated by a session cookie (then CSRF tokens apply), not by a key. */
  boolean viaSession() {
    return keyId == null;
  }

  /** The audit log's actor type. */
  ActorType actorType() {
    return switch (role) {
      case ADMIN -> ActorType.ADMIN;
      case REGULATOR -> ActorType.REGULATOR;
      case OPERATOR -> ActorType.OPERATOR;
    };
  }

  /** What rate limits count per: the key, or the account. */
  String rateKey() {
    return keyId != null ? "key:" + keyId : "user:" + username;
  }
}
