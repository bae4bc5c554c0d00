package org.opendnc.server;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.time.ZoneId;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.opendnc.server.portal.Messages;
import org.opendnc.server.portal.Page;

/**
 * Renders the portal's jte templates, compiled to classes at build time (no template compiler at
 * run time), and picks each request's language. Thread-safe.
 */
final class PageRenderer {

  /** The cookie that keeps the language a visitor chose. */
  static final String LANGUAGE_COOKIE = "dnc_lang";
  /** The package of the template classes (jte-maven-plugin's packageName). */
  static final String TEMPLATE_PACKAGE = "org.opendnc.server.portal.templates";

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
      PageRenderer.class.getClassLoader(), TEMPLATE_PACKAGE);
  private final HttpSecurity security;
  private final ZoneId zone;
  private final String defaultLanguage;
  private final boolean developmentOutbox;

  /**
   * @param defaultLanguage the language when neither the cookie nor Accept-Language names one
   *     of the portal's
   */
  PageRenderer(HttpSecurity security, ZoneId zone, String defaultLanguage, boolean developmentOutbox) {
    this.security = security;
    this.zone = zone;
    this.defaultLanguage = Messages.LANGUAGES.contains(defaultLanguage)
        ? defaultLanguage : Messages.LANGUAGES.get(0);
    this.developmentOutbox = developmentOutbox;
  }

  /** The request's language: the visitor's choice (cookie), else Accept-Language, else the default. */
  String language(Context ctx) {
    String chosen = ctx.cookie(LANGUAGE_COOKIE);
    if (chosen != null && Messages.LANGUAGES.contains(chosen)) {
      return chosen;
    }
    if (ctx.header("Accept-Language") != null) {
      Enumeration<Locale> accepted = ctx.req().getLocales();
      while (accepted.hasMoreElements()) {
        String language = accepted.nextElement().getLanguage();
        if (Messages.LANGUAGES.contains(language)) {
          return language;
        }
      }
    }
    return defaultLanguage;
  }

  /** The request's messages. */
  Messages messages(Context ctx) {
    return Messages.of(language(ctx), zone);
  }

  /**
   * The layout's model for this request.
   *
   * @param withForm the page shows a form: a visitor without a session gets one, with a CSRF token
   */
  Page page(Context ctx, String titleKey, boolean withForm) {
    Principal principal = security.optionalPrincipal(ctx).orElse(null);
    String csrf = withForm ? security.visitorCsrfToken(ctx) : HttpSecurity.csrfToken(ctx);
    boolean session = principal != null && principal.viaSession();
    return new Page(messages(ctx), titleKey, ctx.path(), csrf,
        session ? principal.username() : null,
        session ? principal.role().name() : null,
        session && principal.role() == Principal.Role.OPERATOR ? principal.name() : null,
        developmentOutbox);
  }

  /**
   * Renders a template as the response.
   *
   * @param template the template's path under src/main/jte, e.g. {@code citizen/start.jte}
   * @param params the template's parameters by name; {@code page} is always among them
   */
  void render(Context ctx, int status, String template, Page page, Object... params) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("page", page);
    for (int i = 0; i + 1 < params.length; i += 2) {
      all.put((String) params[i], params[i + 1]);
    }
    StringOutput output = new StringOutput(8 << 10);
    engine.render(template, all, output);
    ctx.status(status);
    ctx.header("Content-Language", page.t().language());
    ctx.header("Vary", "Accept-Language, Cookie");
    ctx.contentType("text/html; charset=utf-8").result(output.toString());
  }

  /** Renders a template with status 200. */
  void render(Context ctx, String template, Page page, Object... params) {
    render(ctx, 200, template, page, params);
  }
}
