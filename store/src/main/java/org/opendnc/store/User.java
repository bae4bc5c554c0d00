package org.opendnc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A portal account: the register's staff or an operator's person.
 *
 * @param username the login name
 * @param passwordHash the password's Argon2id hash (PHC string); never the password
 * @param role what the account may do
 * @param operator the operator an {@link Role#OPERATOR} account belongs to; {@code null} for admins
 *     and regulators
 * @param mustChangePassword the password was issued once (e.g. printed at first start) and must be
 *     changed before the account is used for anything else
 * @param createdAt when the account was created
 */
public record User(
    String username, String passwordHash, Role role, String operator, boolean mustChangePassword,
    Instant createdAt) {

  /** What an account may do. */
  public enum Role {
    /** The register's staff: operators, plans, statistics, audit log. */
    ADMIN,
    /** An operator's person: the operator's checks, receipts, keys and usage. */
    OPERATOR,
    /**
     * The authority's staff (issue 5, decision 0030): call audits, investigations of seized
     * databases and the complaints dashboard; belongs to no operator.
     */
    REGULATOR
  }

  public User {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(createdAt, "createdAt");
    if ((role == Role.OPERATOR) != (operator != null)) {
      throw new IllegalArgumentException("an OPERATOR account names its operator; ADMIN and REGULATOR accounts none");
    }
  }

  /** Never prints the hash. */
  @Override
  public String toString() {
    return "User[" + username + ", " + role + (operator != null ? " of " + operator : "") + "]";
  }
}
