package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.server.portal.Messages;
import org.opendnc.server.portal.Page;

/**
 * The web portal (decision 0012): server-rendered pages for citizens, operators and the
 * register's staff, in Italian and English, over the same services as the JSON API. Wires the
 * pages' routes, the home page, the language switch, the stylesheet and script, and the error
 * pages.
 */
final class Portal {

  /*
   * Every page route names an Access like the API's (HttpSecurity enforces it): VISITOR for
   * citizens' pages and the login form (their forms need the visitor session's CSRF token),
   * OPERATOR and ADMIN for the accounts' pages (their sessions' CSRF token), SIGNED_IN for the
   * password change and logging out. A refusal on a page is the same exception as on the API;
   * Server sends it here (isPage) and it becomes an HTML page in the visitor's language, or a
   * redirect to the login form (no session) or to the password change (one-time password).
   *
   * Pages work without JavaScript: every action is a form POST answered by a redirect (303) or a
   * page. The one script (upload.js) adds the upload's progress bar and keeps the result in the
   * page; without it the form posts the file and the browser downloads the result.
   */

  private static final String ASSETS = "/org/opendnc/server/portal/assets/";
  private static final int LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600;

  private final PageRenderer renderer;
  private final CitizenGateway citizens;
  private final String stylesheet;
  private final String script;

  Portal(PageRenderer renderer, CitizenGateway citizens) {
    this.renderer = renderer;
    this.citizens = citizens;
    this.stylesheet = asset("portal.css");
    this.script = asset("upload.js");
  }

  private static String asset(String name) {
    try (InputStream in = Portal.class.getResourceAsStream(ASSETS + name)) {
      if (in == null) {
        throw new IllegalStateException(ASSETS + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a path is a portal page (or asset) rather than the API, health or metrics. */
  static boolean isPage(String path) {
    return !(path.equals("/api") || path.startsWith("/api/") || path.startsWith("/health/")
        || path.equals("/metrics") || path.startsWith(LedgerTiles.PREFIX));
  }

  void register(RoutesConfig routes) {
    routes.get("/", this::home, Access.VISITOR);
    routes.get("/lang/{language}", this::chooseLanguage, Access.VISITOR);
    routes.get("/assets/portal.css", ctx -> asset(ctx, "text/css; charset=utf-8", stylesheet),
        Access.PUBLIC);
    routes.get("/assets/upload.js", ctx -> asset(ctx, "text/javascript; charset=utf-8", script),
        Access.PUBLIC);
  }

  private static void asset(Context ctx, String type, String body) {
    ctx.header("Cache-Control", "max-age=3600");
    ctx.contentType(type).result(body);
  }

  private void home(Context ctx) {
    Page page = renderer.page(ctx, "home.title", false);
    renderer.render(ctx, "home.jte", page, "registerLine", citizens.config().registerLine());
  }

  /** Sets the language cookie and goes back to the page the visitor was on. */
  private void chooseLanguage(Context ctx) {
    String language = ctx.pathParam("language");
    if (!Messages.LANGUAGES.contains(language)) {
      throw new org.opendnc.core.error.DncException(ErrorCode.NOT_FOUND,
          "the portal speaks " + Messages.LANGUAGES + ".");
    }
    ctx.cookie(new io.javalin.http.Cookie(PageRenderer.LANGUAGE_COOKIE, language, "/",
        LANGUAGE_COOKIE_SECONDS, HttpSecurity.secure(ctx), true, null, io.javalin.http.SameSite.LAX));
    ctx.redirect(localPath(ctx.queryParam("next"), "/"), HttpStatus.SEE_OTHER);
  }

  /**
   * A path on this site to go to after an action: {@code wanted} when it is a local path
   * ({@code /...}, not {@code //host} or {@code /\host}), else {@code fallback}. Stops open
   * redirects.
   */
  static String localPath(String wanted, String fallback) {
    if (wanted == null || !wanted.startsWith("/") || wanted.startsWith("//")
        || wanted.startsWith("/\\") || wanted.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      return fallback;
    }
    return wanted;
  }

  /**
   * Answers a refused or failed page request: a redirect to the login form when no session is
   * signed in, to the password change when the one-time password is still in use, else an error
   * page in the visitor's language with the status of the code.
   */
  void fail(Context ctx, ErrorCode code, String detail, Map<String, String> headers) {
    boolean safe = ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD");
    if (code == ErrorCode.UNAUTHENTICATED && safe) {
      ctx.redirect("/login?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8),
          HttpStatus.SEE_OTHER);
      return;
    }
    if (code == ErrorCode.PASSWORD_CHANGE_REQUIRED && safe) {
      ctx.redirect("/account/password", HttpStatus.SEE_OTHER);
      return;
    }
    headers.forEach(ctx::header);
    Page page;
    try {
      page = renderer.page(ctx, "error.title", false);
    } catch (RuntimeException e) {
      ctx.status(Problems.status(code)).contentType("text/plain; charset=utf-8")
          .result(code + ": " + detail);
      return;
    }
    Messages t = page.t();
    String key = "error." + code.name();
    renderer.render(ctx, Problems.status(code), "error.jte", page,
        "code", code.name(),
        "message", t.has(key) ? t.text(key) : t.text("error.generic"),
        "detail", detail,
        "requestId", RequestIds.of(ctx));
  }
}
