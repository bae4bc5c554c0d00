package org.opendnc.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Plans, operators, their API keys and portal users. Secrets are stored only as hashes made by the
 * caller. Implementations are thread-safe; every write is one durable transaction.
 */
public interface AccountStore {

  /** Every plan, by name. */
  List<Plan> plans();

  /** The plan with this name, if any. */
  Optional<Plan> plan(String name);

  /**
   * Creates the plan or changes its quota.
   *
   * @throws StoreException with {@link StoreException.Code#WRITE_FAILED} when the write fails
   */
  void savePlan(Plan plan);

  /**
   * Creates an operator.
   *
   * @throws StoreException with {@link StoreException.Code#CONFLICT} when the id is taken; nothing
   *     is stored
   */
  void createOperator(Operator operator);

  /** The operator with this id, if any. */
  Optional<Operator> operator(String id);

  /** Every operator, by id. */
  List<Operator> operators();

  /**
   * Changes an operator's plan and whether it is disabled.
   *
   * @return {@code false} when no such operator exists (nothing changed)
   */
  boolean updateOperator(String id, String plan, boolean disabled);

  /**
   * Stores a new API key by its SHA-256.
   *
   * @param sha256 lowercase hex SHA-256 of the whole key
   * @throws StoreException with {@link StoreException.Code#CONFLICT} when the id or hash exists
   */
  void createApiKey(ApiKey key, String sha256);

  /** The active (not revoked) key with this SHA-256, if any. */
  Optional<ApiKey> findActiveApiKey(String sha256);

  /** The keys of one operator, active and revoked, oldest first. */
  List<ApiKey> apiKeys(String operator);

  /**
   * Revokes one of an operator's keys. Revoking a revoked key changes nothing.
   *
   * @return the key as stored after the call, or empty when the operator holds no key with this id
   */
  Optional<ApiKey> revokeApiKey(String operator, String keyId, Instant at);

  /**
   * Creates a portal account.
   *
   * @throws StoreException with {@link StoreException.Code#CONFLICT} when the username is taken
   */
  void createUser(User user);

  /** The account with this username, if any. */
  Optional<User> user(String username);

  /** How many accounts have this role. */
  long countUsers(User.Role role);

  /**
   * Replaces an account's password hash.
   *
   * @return {@code false} when no such account exists
   */
  boolean updatePassword(String username, String passwordHash, boolean mustChangePassword);
}
