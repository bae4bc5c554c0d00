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
    var user = accounts.login(credentials.username(), credentials.password());
    String name = credentials.username() == null ? "(none)"
        : credentials.username().substring(0, Math.min(MAX_LOGGED_NAME, credentials.username().length()));
    if (user.isEmpty()) {
      record(ctx, AuditEntry.ActorType.SYSTEM, name, "LOGIN", ErrorCode.UNAUTHENTICATED.name());
      throw new org.opendnc.core.error.DncException(ErrorCode.UNAUTHENTICATED,
          "the username or password is wrong.");
    }
    String token = security.startSession(ctx, user.get());
    record(ctx, actorType(user.get()), name, "LOGIN", AuditEntry.OK);
    ctx.json(view(user.get(), token));
  }

  private static AuditEntry.ActorType actorType(User user) {
    return user.role() == User.Role.ADMIN ? AuditEntry.ActorType.ADMIN : AuditEntry.ActorType.OPERATOR;
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
    Principal principal = HttpSecurity.principal(ctx);
    HttpSecurity.endSession(ctx);
    record(ctx, principal.actorType(), principal.username(), "LOGOUT", AuditEntry.OK);
    ctx.status(204);
  }

  private void changePassword(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    PasswordChange change = Json.read(ctx, PasswordChange.class, maxJsonBytes);
    accounts.changePassword(principal.username(), change.currentPassword(), change.newPassword(),
        OperatorApi.actor(ctx));
    ctx.status(204);
  }
}
