package org.opendnc.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.store.AccountStore;
import org.opendnc.store.ApiKey;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.AuditStore;
import org.opendnc.store.Operator;
import org.opendnc.store.Plan;
import org.opendnc.store.RegisterStore;
import org.opendnc.store.StoreException;
import org.opendnc.store.User;

/**
 * Operator accounts, API keys, plans and portal users: creating them (audited), and authenticating
 * API keys and passwords. Used by the HTTP service and by the command line. Thread-safe.
 */
public final class Accounts {

  /*
   * Key lookups are cached for KEY_CACHE_SECONDS (hits and misses, by the key's SHA-256), so the
   * pre-call check does not read the database per request. A key revoked through this process is
   * dropped from the cache at once; one revoked elsewhere (another node, the CLI) stops working
   * within KEY_CACHE_SECONDS. The same holds for a plan's quota and an operator being disabled.
   */

  /** The admin account created at first start. */
  public static final String FIRST_ADMIN = "admin";
  /** The plan of operators created without one. */
  public static final String DEFAULT_PLAN = "standard";

  private static final long KEY_CACHE_SECONDS = 30;
  private static final int KEY_CACHE_ENTRIES = 100_000;
  private static final Pattern OPERATOR_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Pattern PLAN_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  private final AccountStore accounts;
  private final AuditStore audit;
  private final Clock clock;
  private final Cache<String, Optional<Principal>> keyCache = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofSeconds(KEY_CACHE_SECONDS))
      .maximumSize(KEY_CACHE_ENTRIES)
      .build();

  public Accounts(RegisterStore store, Clock clock) {
    this.accounts = store.accounts();
    this.audit = store.audit();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A key as issued: {@code secret} is shown once and never stored. */
  public record IssuedKey(ApiKey key, String secret) {
    @Override
    public String toString() {
      return "IssuedKey[" + key + "]";
    }
  }

  /** A new operator and its first key. */
  public record NewOperator(Operator operator, IssuedKey key) {}

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private void audit(Actor actor, String action, String subject, String detail) {
    audit.record(List.of(AuditEntry.of(now(), actor.type(), actor.name(), action, subject, 0, null,
        AuditEntry.OK, actor.requestId(), detail)), List.of());
  }

  // ---- plans ----

  public List<Plan> plans() {
    return accounts.plans();
  }

  /** Creates or changes a plan. */
  public Plan savePlan(String name, long yearlyQuota, Actor actor) {
    if (name == null || !PLAN_NAME.matcher(name).matches()) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "plan name '" + name + "' is not valid:"
          + " use 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.");
    }
    if (yearlyQuota < 0) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "yearly_quota must be zero or more, got " + yearlyQuota + ".");
    }
    Plan plan = new Plan(name, yearlyQuota);
    accounts.savePlan(plan);
    keyCache.invalidateAll();
    audit(actor, "PLAN_SAVED", name, "yearly quota " + yearlyQuota);
    return plan;
  }

  private Plan requirePlan(String name) {
    return accounts.plan(name).orElseThrow(() -> new DncException(ErrorCode.INVALID_ARGUMENT,
        "there is no plan named '" + name + "'. Plans: "
            + accounts.plans().stream().map(Plan::name).toList() + "."));
  }

  // ---- operators ----

  public List<Operator> operators() {
    return accounts.operators();
  }

  public Optional<Operator> operator(String id) {
    return accounts.operator(id);
  }

  /**
   * Creates an operator on a plan and issues its first API key.
   *
   * @throws DncException {@code INVALID_ARGUMENT} for a bad id or an unknown plan, {@code CONFLICT}
   *     when the id is taken
   */
  public NewOperator createOperator(String id, String name, String plan, Actor actor) {
    if (id == null || !OPERATOR_ID.matcher(id).matches()) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "operator id '" + id + "' is not valid:"
          + " use 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"
          + " (it is the id that receipts and subscribers' allowances name).");
    }
    String planName = plan != null ? plan : DEFAULT_PLAN;
    requirePlan(planName);
    Operator operator = new Operator(id, name != null && !name.isBlank() ? name.strip() : id,
        planName, now(), false);
    try {
      accounts.createOperator(operator);
    } catch (StoreException e) {
      if (e.code() == StoreException.Code.CONFLICT) {
        throw new DncException(ErrorCode.CONFLICT, "operator '" + id + "' already exists.", e);
      }
      throw e;
    }
    audit(actor, "OPERATOR_CREATED", id, "plan " + planName);
    return new NewOperator(operator, issueKey(id, actor));
  }

  /**
   * Changes an operator's plan and whether it is disabled.
   *
   * @throws DncException {@code NOT_FOUND} for an unknown operator, {@code INVALID_ARGUMENT} for an
   *     unknown plan
   */
  public Operator updateOperator(String id, String plan, Boolean disabled, Actor actor) {
    Operator current = accounts.operator(id).orElseThrow(() -> noOperator(id));
    String newPlan = plan != null ? requirePlan(plan).name() : current.plan();
    boolean newDisabled = disabled != null ? disabled : current.disabled();
    accounts.updateOperator(id, newPlan, newDisabled);
    keyCache.invalidateAll();
    audit(actor, "OPERATOR_UPDATED", id, "plan " + newPlan + (newDisabled ? ", disabled" : ""));
    return accounts.operator(id).orElseThrow(() -> noOperator(id));
  }

  private static DncException noOperator(String id) {
    return new DncException(ErrorCode.NOT_FOUND, "there is no operator '" + id + "'.");
  }

  // ---- API keys ----

  /** Issues a new key for an operator; the secret is returned once and stored only as its hash. */
  public IssuedKey issueKey(String operator, Actor actor) {
    accounts.operator(operator).orElseThrow(() -> noOperator(operator));
    String secret = ApiKeys.generate();
    ApiKey key = new ApiKey(UUID.randomUUID().toString(), operator, ApiKeys.displayPrefix(secret),
        now(), null);
    accounts.createApiKey(key, ApiKeys.sha256(secret));
    audit(actor, "KEY_CREATED", key.id(), "operator " + operator + ", key " + key.prefix() + "...");
    return new IssuedKey(key, secret);
  }

  public List<ApiKey> apiKeys(String operator) {
    return accounts.apiKeys(operator);
  }

  /**
   * Revokes one of an operator's keys at once (on this node; within the key cache's lifetime on
   * others).
   *
   * @throws DncException {@code NOT_FOUND} when the operator holds no key with this id
   */
  public ApiKey revokeKey(String operator, String keyId, Actor actor) {
    ApiKey key = accounts.revokeApiKey(operator, keyId, now())
        .orElseThrow(() -> new DncException(ErrorCode.NOT_FOUND, "there is no API key '" + keyId
            + "' of operator '" + operator + "'."));
    keyCache.asMap().values().removeIf(
        principal -> principal.isPresent() && keyId.equals(principal.get().keyId()));
    audit(actor, "KEY_REVOKED", keyId, "operator " + operator);
    return key;
  }

  /**
   * The operator a well-formed, active key of an enabled operator authenticates, or empty.
   * Cached: see the class comment.
   */
  Optional<Principal> authenticateKey(String secret) {
    if (!ApiKeys.wellFormed(secret)) {
      return Optional.empty();
    }
    return keyCache.get(ApiKeys.sha256(secret), hash -> accounts.findActiveApiKey(hash)
        .flatMap(key -> accounts.operator(key.operator())
            .filter(operator -> !operator.disabled())
            .map(operator -> new Principal(Principal.Role.OPERATOR, operator.id(), null, key.id(),
                accounts.plan(operator.plan()).map(Plan::yearlyQuota).orElse(0L), false))));
  }

  // ---- portal users ----

  /**
   * Creates the first admin account when there is none, with a one-time password that must be
   * changed at first login.
   *
   * @return the one-time password, to be shown once; empty when an admin exists
   */
  public Optional<String> bootstrapAdmin(Actor actor) {
    if (accounts.countUsers(User.Role.ADMIN) > 0) {
      return Optional.empty();
    }
    String password = Passwords.oneTime();
    accounts.createUser(new User(FIRST_ADMIN, Passwords.hash(password), User.Role.ADMIN, null,
        true, now()));
    audit(actor, "USER_CREATED", FIRST_ADMIN, "role ADMIN, one-time password");
    return Optional.of(password);
  }

  /**
   * Creates a portal account with a one-time password.
   *
   * @return the one-time password, shown once
   */
  public String createUser(String username, User.Role role, String operator, Actor actor) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "username '" + username + "' is not"
          + " valid: use 1 to 64 letters, digits, '.', '_', '@' or '-'.");
    }
    if (role == User.Role.OPERATOR) {
      accounts.operator(operator).orElseThrow(() -> noOperator(operator));
    }
    String password = Passwords.oneTime();
    try {
      accounts.createUser(new User(username, Passwords.hash(password), role,
          role == User.Role.OPERATOR ? operator : null, true, now()));
    } catch (StoreException e) {
      if (e.code() == StoreException.Code.CONFLICT) {
        throw new DncException(ErrorCode.CONFLICT, "account '" + username + "' already exists.", e);
      }
      throw e;
    }
    audit(actor, "USER_CREATED", username, "role " + role);
    return password;
  }

  /**
   * Gives an account a new one-time password (e.g. the first admin's, if it was lost).
   *
   * @return the one-time password, shown once
   * @throws DncException {@code NOT_FOUND} for an unknown account
   */
  public String resetPassword(String username, Actor actor) {
    String password = Passwords.oneTime();
    if (!accounts.updatePassword(username, Passwords.hash(password), true)) {
      throw new DncException(ErrorCode.NOT_FOUND, "there is no account '" + username + "'.");
    }
    audit(actor, "PASSWORD_RESET", username, null);
    return password;
  }

  /**
   * The account if the password matches, else empty. Takes about the same time whether or not the
   * account exists.
   */
  Optional<User> login(String username, String password) {
    Optional<User> user = username == null ? Optional.empty() : accounts.user(username);
    if (user.isEmpty()) {
      Passwords.checkDecoy(password == null ? "" : password);
      return Optional.empty();
    }
    if (password == null || !Passwords.matches(password, user.get().passwordHash())) {
      return Optional.empty();
    }
    if (user.get().operator() != null && accounts.operator(user.get().operator())
        .map(Operator::disabled).orElse(true)) {
      return Optional.empty();
    }
    return user;
  }

  /**
   * Changes an account's password after checking the current one.
   *
   * @throws DncException {@code UNAUTHENTICATED} when the current password is wrong,
   *     {@code INVALID_ARGUMENT} when the new one is too short or unchanged
   */
  void changePassword(String username, String current, String replacement, Actor actor) {
    User user = accounts.user(username).orElseThrow(() -> new DncException(
        ErrorCode.UNAUTHENTICATED, "the account no longer exists; log in again."));
    if (current == null || !Passwords.matches(current, user.passwordHash())) {
      throw new DncException(ErrorCode.UNAUTHENTICATED, "the current password is wrong.");
    }
    if (replacement == null || replacement.length() < Passwords.MIN_LENGTH) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the new password must have at least "
          + Passwords.MIN_LENGTH + " characters.");
    }
    if (replacement.equals(current)) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "the new password must differ from the current one.");
    }
    accounts.updatePassword(username, Passwords.hash(replacement), false);
    audit(actor, "PASSWORD_CHANGED", username, null);
  }

  /** The account's current state (role, operator, whether its password must change). */
  Optional<User> user(String username) {
    return accounts.user(username);
  }

  /** The yearly quota of an operator's plan now (0 for an unknown operator). */
  long yearlyQuota(String operator) {
    return accounts.operator(operator).flatMap(o -> accounts.plan(o.plan()))
        .map(Plan::yearlyQuota).orElse(0L);
  }
}
