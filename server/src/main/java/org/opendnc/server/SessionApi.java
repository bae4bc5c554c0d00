package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.AuditStore;
import org.opendnc.store.User;

/** Portal sessions: log in, see the session (and its CSRF token), change the password, log out. */
final class SessionApi {

  private static final int MAX_LOGGED_NAME = 64;

  private final Accounts accounts;
  private final HttpSecurity security;
  private final RateLimits rateLimits;
  private final AuditStore audit;
  private final int maxJsonBytes;

  SessionApi(Accounts accounts, HttpSecurity security, RateLimits rateLimits, AuditStore audit,
      int maxJsonBytes) {
    this.accounts = accounts;
    this.security = security;
    this.rateLimits = rateLimits;
    this.audit = audit;
    this.maxJsonBytes = maxJsonBytes;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/session", this::login, Access.PUBLIC);
    routes.get("/api/v1/session", this::session, Access.SIGNED_IN);
    routes.delete("/api/v1/session", this::logout, Access.SIGNED_IN);
    routes.put("/api/v1/session/password", this::changePassword, Access.SIGNED_IN);
  }

  record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[" + username + "]";
    }
  }

  record SessionView(String username, User.Role role, String operator,
      boolean passwordChangeRequired, String csrfToken) {}

  record PasswordChange(String currentPassword, String newPassword) {
    @Override
    public String toString() {
      return "PasswordChange";
    }
  }

  private void login(Context ctx) {
    rateLimits.acquireLogin(security.clientAddress(ctx));
    Credentials credentials = Json.read(ctx, Credentials.class, maxJsonBytes);
    User user = logIn(ctx, credentials.username(), credentials.password());
    ctx.json(view(user, HttpSecurity.csrfToken(ctx)));
  }

  /**
   * Checks the password, starts a new session (replacing any old one) and audits the login,
   * refused ones too: the API and the portal's login form both come here. The caller has taken
   * the attempt from the address's login limit ({@link #acquireLogin}).
   *
   * @throws org.opendnc.core.error.DncException UNAUTHENTICATED for a wrong username or password
   */
  User logIn(Context ctx, String username, String password) {
    var user = accounts.login(username, password);
    String name = username == null ? "(none)"
        : username.substring(0, Math.min(MAX_LOGGED_NAME, username.length()));
    if (user.isEmpty()) {
      record(ctx, AuditEntry.ActorType.SYSTEM, name, "LOGIN", ErrorCode.UNAUTHENTICATED.name());
      throw new org.opendnc.core.error.DncException(ErrorCode.UNAUTHENTICATED,
          "the username or password is wrong.");
    }
    security.startSession(ctx, user.get());
    record(ctx, actorType(user.get()), name, "LOGIN", AuditEntry.OK);
    return user.get();
  }

  /** Takes one login attempt from the client address's bucket. */
  void acquireLogin(Context ctx) {
    rateLimits.acquireLogin(security.clientAddress(ctx));
  }

  private static AuditEntry.ActorType actorType(User user) {
    return switch (user.role()) {
      case ADMIN -> AuditEntry.ActorType.ADMIN;
      case REGULATOR -> AuditEntry.ActorType.REGULATOR;
      case OPERATOR -> AuditEntry.ActorType.OPERATOR;
    };
  }

  /** Logins are audited; a failed one under SYSTEM, since nobody was authenticated. */
  private void record(Context ctx, AuditEntry.ActorType type, String username, String action,
      String outcome) {
    audit.record(List.of(AuditEntry.of(Instant.now(), type, username, action,
        null, 0, null, outcome, RequestIds.of(ctx), null)), List.of());
  }

  private static SessionView view(User user, String token) {
    return new SessionView(user.username(), user.role(), user.operator(), user.mustChangePassword(),
        token);
  }

  private void session(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    User user = accounts.user(principal.username()).orElseThrow(
        () -> HttpSecurity.unauthenticated("the account no longer exists; log in again."));
    ctx.json(view(user, HttpSecurity.csrfToken(ctx)));
  }

  private void logout(Context ctx) {
    logOut(ctx);
    ctx.status(204);
  }

  /** Ends the session and audits it (the API and the portal). */
  void logOut(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    HttpSecurity.endSession(ctx);
    record(ctx, principal.actorType(), principal.username(), "LOGOUT", AuditEntry.OK);
  }

  private void changePassword(Context ctx) {
    PasswordChange change = Json.read(ctx, PasswordChange.class, maxJsonBytes);
    changePassword(ctx, change.currentPassword(), change.newPassword());
    ctx.status(204);
  }

  /**
   * Changes the session's account's password (audited by {@link Accounts}).
   *
   * @throws org.opendnc.core.error.DncException UNAUTHENTICATED when the current password is
   *     wrong, INVALID_ARGUMENT when the new one is too short or unchanged
   */
  void changePassword(Context ctx, String current, String replacement) {
    Principal principal = HttpSecurity.principal(ctx);
    accounts.changePassword(principal.username(), current, replacement, OperatorApi.actor(ctx));
  }
}
