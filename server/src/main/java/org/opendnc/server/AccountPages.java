package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.server.portal.Form;
import org.opendnc.server.portal.Page;
import org.opendnc.store.User;

/**
 * The portal's accounts pages: the login form (operators' and the register staff's accounts),
 * the password change (the one-time password first) and logging out. Through {@link SessionApi},
 * like the API's sessions.
 */
final class AccountPages {

  private final PageRenderer renderer;
  private final SessionApi sessions;

  AccountPages(PageRenderer renderer, SessionApi sessions) {
    this.renderer = renderer;
    this.sessions = sessions;
  }

  void register(RoutesConfig routes) {
    routes.get("/login", this::loginForm, Access.VISITOR);
    routes.post("/login", this::login, Access.VISITOR);
    routes.post("/logout", this::logout, Access.SIGNED_IN);
    routes.get("/account/password", this::passwordForm, Access.SIGNED_IN);
    routes.post("/account/password", this::changePassword, Access.SIGNED_IN);
  }

  /** Where an account goes after logging in when no page was asked for. */
  static String homeOf(User.Role role) {
    return switch (role) {
      case ADMIN -> "/admin";
      case REGULATOR -> "/regulator";
      case OPERATOR -> "/operator";
    };
  }

  private void loginForm(Context ctx) {
    Form form = Form.empty().value("next", Portal.localPath(ctx.queryParam("next"), ""));
    renderer.render(ctx, "account/login.jte", renderer.page(ctx, "login.title", true),
        "form", form);
  }

  private void login(Context ctx) {
    String username = ctx.formParam("username");
    String next = Portal.localPath(ctx.formParam("next"), null);
    sessions.acquireLogin(ctx);
    User user;
    try {
      user = sessions.logIn(ctx, username == null ? null : username.strip(), ctx.formParam("password"));
    } catch (DncException refused) {
      if (refused.code() != ErrorCode.UNAUTHENTICATED) {
        throw refused;
      }
      Page page = renderer.page(ctx, "login.title", true);
      Form form = Form.empty().value("username", username).value("next", next == null ? "" : next)
          .formError(page.t().text("login.wrong"));
      renderer.render(ctx, 401, "account/login.jte", page, "form", form);
      return;
    }
    String target = user.mustChangePassword() ? "/account/password"
        : next != null && !next.equals("/login") ? next : homeOf(user.role());
    ctx.redirect(target, HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    sessions.logOut(ctx);
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private void passwordForm(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    renderer.render(ctx, "account/password.jte", renderer.page(ctx, "password.title", true),
        "form", Form.empty(), "required", principal.mustChangePassword());
  }

  private void changePassword(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    String current = ctx.formParam("current");
    String replacement = ctx.formParam("password");
    String repeated = ctx.formParam("repeat");
    Page page = renderer.page(ctx, "password.title", true);
    Form form = Form.empty();
    if (replacement == null || !replacement.equals(repeated)) {
      form.error("repeat", page.t().text("password.mismatch"));
    } else {
      try {
        sessions.changePassword(ctx, current, replacement);
        ctx.redirect(homeOf(User.Role.valueOf(principal.role().name())), HttpStatus.SEE_OTHER);
        return;
      } catch (DncException refused) {
        switch (refused.code()) {
          case UNAUTHENTICATED -> form.error("current", page.t().text("password.wrongCurrent"));
          case INVALID_ARGUMENT -> form.error("password", page.t().text("password.weak",
              Passwords.MIN_LENGTH));
          default -> throw refused;
        }
      }
    }
    renderer.render(ctx, 400, "account/password.jte", page, "form", form,
        "required", principal.mustChangePassword());
  }
}
