package org.opendnc.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.store.User;

/**
 * Authentication (API keys, sessions), authorisation by {@link Access}, CSRF tokens, rate limits,
 * and the security headers of every response.
 */
final class HttpSecurity {

  /*
   * Sessions are Jetty's (in memory: a restart logs everyone out; several nodes need sticky
   * sessions). The cookie is HttpOnly, SameSite=Strict, and Secure whenever the request came over
   * TLS. Logging in replaces the session (no fixation). Each session holds a random CSRF token;
   * every state-changing request authenticated by the session cookie must carry it, in the
   * X-CSRF-Token header (API clients) or the _csrf form field (portal forms). Requests with an API
   * key carry no cookie, so they need no token. Logging in through the API takes JSON only, which a
   * cross-site form cannot send.
   *
   * The web portal (decision 0012) shows forms to visitors too (citizens, the login form): a page
   * with a form gives the visitor a session holding only a CSRF token (visitorCsrfToken), and every
   * POST to a VISITOR route must carry it. Logging in replaces that session as above.
   */

  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_FIELD = "_csrf";
  private static final String PRINCIPAL = "opendnc.principal";
  private static final String SESSION_USER = "opendnc.user";
  private static final String SESSION_CSRF = "opendnc.csrf";
  private static final Set<HandlerType> SAFE_METHODS =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String STRICT_CSP = "default-src 'none'; frame-ancestors 'none';"
      + " base-uri 'none'; form-action 'self'";
  /** The portal's pages: their own stylesheet and script only; inline SVG charts need nothing more. */
  private static final String PORTAL_CSP = "default-src 'none'; style-src 'self'; script-src 'self';"
      + " img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
      + " base-uri 'none'";
  private static final String DOCS_CSP = "default-src 'self'; img-src 'self' data:;"
      + " style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none';"
      + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final Accounts accounts;
  private final RateLimits rateLimits;

  HttpSecurity(Accounts accounts, RateLimits rateLimits) {
    this.accounts = accounts;
    this.rateLimits = rateLimits;
  }

  /**
   * The client's address. Behind a trusted proxy ({@code --trust-proxy}) Jetty's
   * ForwardedRequestCustomizer has already taken it from X-Forwarded-For.
   */
  String clientAddress(Context ctx) {
    return ctx.req().getRemoteAddr();
  }

  /** Whether the request came over TLS (to this server, or to the trusted proxy). */
  static boolean secure(Context ctx) {
    return ctx.req().isSecure();
  }

  /** Sets the security headers; runs first for every request. */
  void headers(Context ctx) {
    headers(ctx::header, ctx.path(), secure(ctx));
  }

  /** The security headers of a response to {@code path}, given to {@code header} one by one. */
  static void headers(BiConsumer<String, String> header, String path, boolean secure) {
    header.accept("X-Content-Type-Options", "nosniff");
    header.accept("X-Frame-Options", "DENY");
    header.accept("Referrer-Policy", "no-referrer");
    header.accept("Cross-Origin-Opener-Policy", "same-origin");
    header.accept("Content-Security-Policy", path.startsWith("/api/docs") ? DOCS_CSP
        : Portal.isPage(path) ? PORTAL_CSP : STRICT_CSP);
    header.accept("Cache-Control", "no-store");
    if (secure) {
      header.accept("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
  }

  /** The per-address rate limit (not for health probes and metrics scrapes). */
  void limitAddress(Context ctx) {
    limitAddress(ctx.path(), clientAddress(ctx));
  }

  /** The per-address rate limit of a request to {@code path} from {@code address}. */
  void limitAddress(String path, String address) {
    if (path.startsWith("/health/") || path.equals("/metrics")) {
      return;
    }
    rateLimits.acquireForAddress(address);
  }

  /** Resolves and checks the principal of a matched route; runs before its handler. */
  void authorise(Context ctx) {
    Set<RouteRole> roles = ctx.routeRoles();
    Access access = roles.isEmpty() ? Access.PUBLIC : (Access) roles.iterator().next();
    if (access == Access.PUBLIC) {
      return;
    }
    if (access == Access.VISITOR) {
      if (!SAFE_METHODS.contains(ctx.method())) {
        checkCsrf(ctx);
      }
      sessionPrincipal(ctx).ifPresent(principal -> ctx.attribute(PRINCIPAL, principal));
      return;
    }
    String authorization = ctx.header("Authorization");
    Principal principal;
    if (authorization != null) {
      principal = authoriseKey(authorization, access);
    } else {
      principal = sessionPrincipal(ctx).orElseThrow(() -> unauthenticated(
          access == Access.OPERATOR
              ? "this route needs an API key: send Authorization: Bearer <key>."
              : "log in first (POST /api/v1/session)."));
      if (!SAFE_METHODS.contains(ctx.method())) {
        checkCsrf(ctx);
      }
      rateLimits.acquireForKey(principal.rateKey());
      checkAccess(principal, access);
    }
    ctx.attribute(PRINCIPAL, principal);
  }

  /**
   * The principal of an {@code Authorization} header for a route of {@code access} (not PUBLIC or
   * VISITOR): the key is valid, within its rate limit, and its holder may use the route.
   */
  Principal authoriseKey(String authorization, Access access) {
    Principal principal = keyPrincipal(authorization);
    rateLimits.acquireForKey(principal.rateKey());
    checkAccess(principal, access);
    return principal;
  }

  private static void checkAccess(Principal principal, Access access) {
    switch (access) {
      case OPERATOR -> require(principal.role() == Principal.Role.OPERATOR,
          "this route is for operators; log in with an operator account or use an API key.");
      case ADMIN -> require(principal.role() == Principal.Role.ADMIN,
          "this route is for the register's staff (admin accounts).");
      case REGULATOR -> require(principal.role() == Principal.Role.REGULATOR,
          "this route is for the regulator's staff (regulator accounts, signed in with a session:"
              + " POST /api/v1/session); operators' keys and other accounts cannot use it.");
      case SIGNED_IN -> require(principal.viaSession(),
          "this route is about portal sessions; API keys have none.");
      case PUBLIC, VISITOR -> throw new IllegalStateException("unreachable");
    }
    if (principal.mustChangePassword() && access != Access.SIGNED_IN) {
      throw new DncException(ErrorCode.PASSWORD_CHANGE_REQUIRED, "this account's one-time password"
          + " must be changed first: PUT /api/v1/session/password.");
    }
  }

  private static void require(boolean allowed, String message) {
    if (!allowed) {
      throw new DncException(ErrorCode.FORBIDDEN, message);
    }
  }

  private Principal keyPrincipal(String authorization) {
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthenticated("the Authorization header must be 'Bearer <API key>'.");
    }
    return accounts.authenticateKey(authorization.substring(7).strip()).orElseThrow(
        () -> unauthenticated("the API key is not valid: it is unknown, revoked, or its operator"
            + " is disabled. Ask the register for a new key."));
  }

  private java.util.Optional<Principal> sessionPrincipal(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    if (session == null || !(session.getAttribute(SESSION_USER) instanceof String username)) {
      return java.util.Optional.empty();
    }
    java.util.Optional<User> user = accounts.user(username);
    if (user.isEmpty()) {
      session.invalidate();
      return java.util.Optional.empty();
    }
    User account = user.get();
    if (account.role() == User.Role.ADMIN) {
      return java.util.Optional.of(new Principal(Principal.Role.ADMIN, username, username, null, 0,
          account.mustChangePassword()));
    }
    if (account.role() == User.Role.REGULATOR) {
      return java.util.Optional.of(new Principal(Principal.Role.REGULATOR, username, username, null,
          0, account.mustChangePassword()));
    }
    return java.util.Optional.of(new Principal(Principal.Role.OPERATOR, account.operator(),
        username, null, accounts.yearlyQuota(account.operator()), account.mustChangePassword()));
  }

  private static void checkCsrf(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    String expected = session == null ? null : (String) session.getAttribute(SESSION_CSRF);
    String given = ctx.header(CSRF_HEADER);
    if (given == null && (ctx.isFormUrlencoded() || ctx.isMultipartFormData())) {
      given = ctx.formParam(CSRF_FIELD);
    }
    if (expected == null || given == null || !MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      throw new DncException(ErrorCode.CSRF_TOKEN_INVALID, "this request changes something and is"
          + " authenticated by a session cookie, so it must carry the session's CSRF token (header "
          + CSRF_HEADER + " or form field " + CSRF_FIELD + "). Get it from GET /api/v1/session.");
    }
  }

  /** Starts a new session for an account (replacing any old one) and returns its CSRF token. */
  String startSession(Context ctx, User user) {
    HttpSession old = ctx.req().getSession(false);
    if (old != null) {
      old.invalidate();
    }
    HttpSession session = ctx.req().getSession(true);
    String token = newToken();
    session.setAttribute(SESSION_USER, user.username());
    session.setAttribute(SESSION_CSRF, token);
    return token;
  }

  /**
   * The CSRF token of the visitor's session, made (with the session) when there is none: for
   * pages that show a form. The session holds nothing else until its holder logs in.
   */
  String visitorCsrfToken(Context ctx) {
    HttpSession session = ctx.req().getSession(true);
    if (session.getAttribute(SESSION_CSRF) instanceof String token) {
      return token;
    }
    String token = newToken();
    session.setAttribute(SESSION_CSRF, token);
    return token;
  }

  private static String newToken() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /**
   * The principal of a request: the one authorised (also on VISITOR routes), else the session's
   * account (e.g. for the error page of a refused request), else empty.
   */
  java.util.Optional<Principal> optionalPrincipal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    return principal != null ? java.util.Optional.of(principal) : sessionPrincipal(ctx);
  }

  /** The current session's CSRF token. */
  static String csrfToken(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    return session == null ? null : (String) session.getAttribute(SESSION_CSRF);
  }

  static void endSession(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  /** The authenticated principal of the request (set by {@link #authorise}). */
  static Principal principal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    if (principal == null) {
      throw new IllegalStateException("no principal: the route is PUBLIC or authorise did not run");
    }
    return principal;
  }

  static ProblemException unauthenticated(String message) {
    return new ProblemException(ErrorCode.UNAUTHENTICATED, message, Map.of(),
        Map.of("WWW-Authenticate", "Bearer realm=\"opendnc\""));
  }
}
