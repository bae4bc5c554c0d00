package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.server.portal.BarChart;
import org.opendnc.server.portal.Form;
import org.opendnc.server.portal.Messages;
import org.opendnc.server.portal.Page;
import org.opendnc.server.portal.Standing;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.Operator;
import org.opendnc.store.RegisterStore;
import org.opendnc.store.UsageDay;
import org.opendnc.store.User;

/**
 * The register staff's pages (admin accounts): statistics with charts, operators and their keys
 * and portal accounts, plans, the audit log and the development SMS outbox. Through the same
 * {@link Accounts}, {@link AdminApi} and {@link SmsOutboxApi} as the API.
 */
final class AdminPages {

  static final int AUDIT_PER_PAGE = 50;
  static final int OUTBOX_MESSAGES = 50;
  private static final int DEFAULT_DAYS = 30;

  private final PageRenderer renderer;
  private final Accounts accounts;
  private final AdminApi admin;
  private final SmsOutboxApi outbox;
  private final RegisterStore store;
  private final Quota quota;

  AdminPages(PageRenderer renderer, Accounts accounts, AdminApi admin, SmsOutboxApi outbox,
      RegisterStore store, Quota quota) {
    this.renderer = renderer;
    this.accounts = accounts;
    this.admin = admin;
    this.outbox = outbox;
    this.store = store;
    this.quota = quota;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin", this::statistics, Access.ADMIN);
    routes.get("/admin/operators", this::operators, Access.ADMIN);
    routes.post("/admin/operators", this::createOperator, Access.ADMIN);
    routes.get("/admin/operators/{id}", this::operator, Access.ADMIN);
    routes.post("/admin/operators/{id}", this::updateOperator, Access.ADMIN);
    routes.post("/admin/operators/{id}/keys", this::issueKey, Access.ADMIN);
    routes.post("/admin/operators/{id}/keys/{key}/revoke", this::revokeKey, Access.ADMIN);
    routes.post("/admin/operators/{id}/accounts", this::createAccount, Access.ADMIN);
    routes.get("/admin/plans", this::plans, Access.ADMIN);
    routes.post("/admin/plans", this::savePlan, Access.ADMIN);
    routes.get("/admin/audit", this::audit, Access.ADMIN);
    routes.get("/admin/sms-outbox", this::smsOutbox, Access.ADMIN);
  }

  // --- statistics ---

  private void statistics(Context ctx) {
    Page page = renderer.page(ctx, "admin.statistics.title", false);
    Messages t = page.t();
    LocalDate to = AdminApi.dateParameter(ctx, "to", admin.today());
    LocalDate from = AdminApi.dateParameter(ctx, "from", to.minusDays(DEFAULT_DAYS - 1));
    AdminApi.StatisticsView statistics = admin.statistics(from, to);
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      days.add(day);
    }
    List<String> labels = days.stream().map(t::dayMonth).toList();
    renderer.render(ctx, "admin/statistics.jte", page, "from", from, "to", to,
        "registrations", registrationsChart(t, statistics, days, labels),
        "checks", checksChart(t, statistics, days, labels),
        "top", topChart(t, statistics));
  }

  /** REGISTER events per day, stacked by channel (the channels that occur, in enum order). */
  static BarChart registrationsChart(Messages t, AdminApi.StatisticsView statistics,
      List<LocalDate> days, List<String> labels) {
    TreeSet<Channel> channels = new TreeSet<>();
    Map<LocalDate, Map<Channel, Long>> counts = new HashMap<>();
    for (AdminApi.EventsPerDay count : statistics.events()) {
      if (count.type() == EventType.REGISTER) {
        channels.add(count.channel());
        counts.computeIfAbsent(count.day(), d -> new EnumMap<>(Channel.class))
            .merge(count.channel(), count.count(), Long::sum);
      }
    }
    List<Channel> series = new ArrayList<>(channels);
    long[][] values = new long[days.size()][series.size()];
    for (int d = 0; d < days.size(); d++) {
      Map<Channel, Long> day = counts.getOrDefault(days.get(d), Map.of());
      for (int s = 0; s < series.size(); s++) {
        values[d][s] = day.getOrDefault(series.get(s), 0L);
      }
    }
    return BarChart.columns("registrations", t.text("admin.statistics.registrations"),
        t.text("admin.statistics.registrationsSummary", t.date(statistics.from()),
            t.date(statistics.to())), labels,
        series.stream().map(channel -> t.text("channel." + channel.name())).toList(), values, t);
  }

  /** Checks per day over every operator. */
  static BarChart checksChart(Messages t, AdminApi.StatisticsView statistics,
      List<LocalDate> days, List<String> labels) {
    Map<LocalDate, Long> checks = new HashMap<>();
    for (UsageDay day : statistics.checks()) {
      checks.merge(day.day(), day.checks(), Long::sum);
    }
    long[][] values = new long[days.size()][1];
    for (int d = 0; d < days.size(); d++) {
      values[d][0] = checks.getOrDefault(days.get(d), 0L);
    }
    return BarChart.columns("checks", t.text("admin.statistics.checks"),
        t.text("admin.statistics.checksSummary", t.date(statistics.from()),
            t.date(statistics.to())), labels, List.of(t.text("admin.statistics.checksSeries")),
        values, t);
  }

  /** The operators that checked most numbers. */
  static BarChart topChart(Messages t, AdminApi.StatisticsView statistics) {
    var top = statistics.topOperators();
    long[] values = new long[top.size()];
    for (int i = 0; i < top.size(); i++) {
      values[i] = top.get(i).numbersChecked();
    }
    return BarChart.rows("top-operators", t.text("admin.statistics.top"),
        t.text("admin.statistics.topSummary"), t.text("admin.statistics.numbersChecked"),
        top.stream().map(usage -> usage.operator()).toList(), values, t);
  }

  // --- operators ---

  private void operators(Context ctx) {
    renderOperators(ctx, 200, renderer.page(ctx, "admin.operators.title", true),
        Form.empty().value("plan", Accounts.DEFAULT_PLAN));
  }

  private void renderOperators(Context ctx, int status, Page page, Form form) {
    renderer.render(ctx, status, "admin/operators.jte", page, "operators", accounts.operators(),
        "plans", accounts.plans(), "form", form);
  }

  private void createOperator(Context ctx) {
    Page page = renderer.page(ctx, "admin.operators.title", true);
    String id = trimmed(ctx.formParam("id"));
    String name = trimmed(ctx.formParam("name"));
    String plan = trimmed(ctx.formParam("plan"));
    Form form = Form.empty().value("id", id).value("name", name).value("plan", plan);
    Accounts.NewOperator created;
    try {
      created = accounts.createOperator(id, name, plan, OperatorApi.actor(ctx));
    } catch (DncException refused) {
      switch (refused.code()) {
        case CONFLICT -> form.error("id", page.t().text("admin.operators.taken"));
        case INVALID_ARGUMENT -> {
          if (plan == null || accounts.plans().stream().noneMatch(p -> p.name().equals(plan))) {
            form.error("plan", page.t().text("admin.operators.badPlan"));
          } else {
            form.error("id", page.t().text("admin.operators.badId"));
          }
        }
        default -> throw refused;
      }
      renderOperators(ctx, 400, page, form);
      return;
    }
    renderOperator(ctx, 201, renderer.page(ctx, "admin.operator.title", true),
        created.operator(), created.key(), null, Form.empty());
  }

  private static String trimmed(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private Operator requireOperator(String id) {
    return accounts.operator(id).orElseThrow(
        () -> new DncException(ErrorCode.NOT_FOUND, "there is no operator '" + id + "'."));
  }

  private void operator(Context ctx) {
    renderOperator(ctx, 200, renderer.page(ctx, "admin.operator.title", true),
        requireOperator(ctx.pathParam("id")), null, null, Form.empty());
  }

  /**
   * @param issued a key just issued (shown once), or null
   * @param newAccount a portal account just created and its one-time password, or null
   */
  private void renderOperator(Context ctx, int status, Page page, Operator operator,
      Accounts.IssuedKey issued, String[] newAccount, Form form) {
    renderer.render(ctx, status, "admin/operator.jte", page, "operator", operator,
        "standing", standing(operator.id()),
        "keys", accounts.apiKeys(operator.id()), "plans", accounts.plans(),
        "issued", issued, "newAccount", newAccount, "form", form);
  }

  private void updateOperator(Context ctx) {
    Operator operator = requireOperator(ctx.pathParam("id"));
    String plan = trimmed(ctx.formParam("plan"));
    String state = ctx.formParam("state");
    Boolean disabled = state == null ? null : "disabled".equals(state);
    accounts.updateOperator(operator.id(), plan, disabled, OperatorApi.actor(ctx));
    ctx.redirect("/admin/operators/" + operator.id(), HttpStatus.SEE_OTHER);
  }

  private void issueKey(Context ctx) {
    Operator operator = requireOperator(ctx.pathParam("id"));
    Accounts.IssuedKey issued = accounts.issueKey(operator.id(), OperatorApi.actor(ctx));
    renderOperator(ctx, 201, renderer.page(ctx, "admin.operator.title", true), operator, issued,
        null, Form.empty());
  }

  private void revokeKey(Context ctx) {
    Operator operator = requireOperator(ctx.pathParam("id"));
    accounts.revokeKey(operator.id(), ctx.pathParam("key"), OperatorApi.actor(ctx));
    ctx.redirect("/admin/operators/" + operator.id(), HttpStatus.SEE_OTHER);
  }

  private void createAccount(Context ctx) {
    Operator operator = requireOperator(ctx.pathParam("id"));
    Page page = renderer.page(ctx, "admin.operator.title", true);
    String username = trimmed(ctx.formParam("username"));
    Form form = Form.empty().value("username", username);
    try {
      String password = admin.createUser(ctx,
          new AdminApi.NewUserRequest(username, User.Role.OPERATOR, operator.id()));
      renderOperator(ctx, 201, page, operator, null, new String[] {username, password}, form);
    } catch (DncException refused) {
      switch (refused.code()) {
        case CONFLICT -> form.error("username", page.t().text("admin.operator.accountTaken"));
        case INVALID_ARGUMENT -> form.error("username", page.t().text("admin.operator.badUsername"));
        default -> throw refused;
      }
      renderOperator(ctx, 400, page, operator, null, null, form);
    }
  }

  // --- plans ---

  private void plans(Context ctx) {
    renderPlans(ctx, 200, renderer.page(ctx, "admin.plans.title", true), Form.empty());
  }

  private void renderPlans(Context ctx, int status, Page page, Form form) {
    renderer.render(ctx, status, "admin/plans.jte", page, "plans", accounts.plans(), "form", form);
  }

  private void savePlan(Context ctx) {
    Page page = renderer.page(ctx, "admin.plans.title", true);
    String name = trimmed(ctx.formParam("name"));
    String quotaText = trimmed(ctx.formParam("quota"));
    Form form = Form.empty().value("name", name).value("quota", quotaText);
    long yearlyQuota = -1;
    try {
      yearlyQuota = quotaText == null ? -1 : Long.parseLong(quotaText.replace(".", "")
          .replace(",", "").replace(" ", ""));
    } catch (NumberFormatException e) {
      // reported below
    }
    if (yearlyQuota < 0) {
      form.error("quota", page.t().text("admin.plans.badQuota"));
    } else {
      try {
        accounts.savePlan(name, yearlyQuota, OperatorApi.actor(ctx));
        ctx.redirect("/admin/plans", HttpStatus.SEE_OTHER);
        return;
      } catch (DncException refused) {
        if (refused.code() != ErrorCode.INVALID_ARGUMENT) {
          throw refused;
        }
        form.error("name", page.t().text("admin.plans.badName"));
      }
    }
    renderPlans(ctx, 400, page, form);
  }

  // --- audit log and SMS outbox ---

  private void audit(Context ctx) {
    String before = ctx.queryParam("before");
    long beforeSequence;
    try {
      beforeSequence = before == null ? Long.MAX_VALUE : Long.parseLong(before);
    } catch (NumberFormatException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "query parameter before must be an audit sequence number, got '" + before + "'.");
    }
    String actor = trimmed(ctx.queryParam("actor"));
    List<AuditEntry> entries = store.audit().page(beforeSequence, actor, AUDIT_PER_PAGE);
    String next = entries.size() < AUDIT_PER_PAGE ? null : "/admin/audit?before="
        + entries.get(entries.size() - 1).sequence() + (actor != null ? "&actor="
        + java.net.URLEncoder.encode(actor, java.nio.charset.StandardCharsets.UTF_8) : "");
    renderer.render(ctx, "admin/audit.jte", renderer.page(ctx, "admin.audit.title", false),
        "entries", entries, "next", next, "actor", actor == null ? "" : actor,
        "first", before == null);
  }

  private void smsOutbox(Context ctx) {
    renderer.render(ctx, "admin/outbox.jte", renderer.page(ctx, "admin.outbox.title", false),
        "messages", outbox.read(ctx, OUTBOX_MESSAGES));
  }

  private Standing standing(String operator) {
    Quota.Standing standing = quota.standing(operator, accounts.yearlyQuota(operator));
    return new Standing(operator, standing.year(), standing.yearlyQuota(), standing.used(),
        standing.remaining());
  }
}
