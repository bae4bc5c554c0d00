package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import org.opendnc.core.error.DncException;
import org.opendnc.server.portal.Form;
import org.opendnc.server.portal.Page;
import org.opendnc.store.User;

/**
 * The admin's page for staff accounts (decision 0030): creates REGULATOR accounts (the
 * authority's staff) and further ADMIN accounts with a one-time password, through
 * {@link AdminApi} like {@code POST /api/v1/admin/users}. Operators' accounts are made on the
 * operator's page.
 */
final class StaffAccountPages {

  private final PageRenderer renderer;
  private final AdminApi admin;

  StaffAccountPages(PageRenderer renderer, AdminApi admin) {
    this.renderer = renderer;
    this.admin = admin;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin/accounts", this::form, Access.ADMIN);
    routes.post("/admin/accounts", this::create, Access.ADMIN);
  }

  private void form(Context ctx) {
    renderer.render(ctx, "admin/accounts.jte", renderer.page(ctx, "admin.accounts.title", true),
        "form", Form.empty().value("role", User.Role.REGULATOR.name()), "created", null);
  }

  private void create(Context ctx) {
    Page page = renderer.page(ctx, "admin.accounts.title", true);
    String username = ctx.formParam("username") == null ? null : ctx.formParam("username").strip();
    String roleName = ctx.formParam("role") == null ? "" : ctx.formParam("role").strip();
    Form form = Form.empty().value("username", username).value("role", roleName);
    User.Role role = switch (roleName.toUpperCase(Locale.ROOT)) {
      case "REGULATOR" -> User.Role.REGULATOR;
      case "ADMIN" -> User.Role.ADMIN;
      default -> null;
    };
    if (role == null) {
      form.error("role", page.t().text("admin.accounts.badRole"));
    } else {
      try {
        String password = admin.createUser(ctx, new AdminApi.NewUserRequest(username, role, null));
        renderer.render(ctx, 201, "admin/accounts.jte", page, "form",
            Form.empty().value("role", role.name()), "created",
            new String[] {username, role.name(), password});
        return;
      } catch (DncException refused) {
        switch (refused.code()) {
          case CONFLICT -> form.error("username", page.t().text("admin.operator.accountTaken"));
          case INVALID_ARGUMENT -> form.error("username",
              page.t().text("admin.operator.badUsername"));
          default -> throw refused;
        }
      }
    }
    renderer.render(ctx, 400, "admin/accounts.jte", page, "form", form, "created", null);
  }
}
