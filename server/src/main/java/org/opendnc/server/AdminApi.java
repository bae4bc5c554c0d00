package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.Operator;
import org.opendnc.store.Plan;
import org.opendnc.store.RegisterStore;
import org.opendnc.store.Statistics;
import org.opendnc.store.UsageDay;
import org.opendnc.store.User;

/** The register staff's API: operators, plans, portal accounts, statistics and the audit log. */
final class AdminApi {

  /** The longest statistics period, in days. */
  static final int MAX_STATISTICS_DAYS = 366;
  private static final int DEFAULT_STATISTICS_DAYS = 30;
  private static final int TOP_OPERATORS = 10;

  private final Accounts accounts;
  private final RegisterStore store;
  private final Quota quota;
  private final ZoneId zone;
  private final int maxJsonBytes;

  AdminApi(Accounts accounts, RegisterStore store, Quota quota, ZoneId zone, int maxJsonBytes) {
    this.accounts = accounts;
    this.store = store;
    this.quota = quota;
    this.zone = zone;
    this.maxJsonBytes = maxJsonBytes;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/admin/plans", this::plans, Access.ADMIN);
    routes.put("/api/v1/admin/plans/{name}", this::savePlan, Access.ADMIN);
    routes.get("/api/v1/admin/operators", this::operators, Access.ADMIN);
    routes.post("/api/v1/admin/operators", this::createOperator, Access.ADMIN);
    routes.get("/api/v1/admin/operators/{id}", this::operator, Access.ADMIN);
    routes.patch("/api/v1/admin/operators/{id}", this::updateOperator, Access.ADMIN);
    routes.post("/api/v1/admin/operators/{id}/keys", this::issueKey, Access.ADMIN);
    routes.delete("/api/v1/admin/operators/{id}/keys/{key_id}", this::revokeKey, Access.ADMIN);
    routes.post("/api/v1/admin/users", this::createUser, Access.ADMIN);
    routes.get("/api/v1/admin/statistics", this::statistics, Access.ADMIN);
    routes.get("/api/v1/admin/audit", this::auditLog, Access.ADMIN);
  }

  record PlanList(List<Plan> plans) {}

  record PlanChange(Long yearlyQuota) {}

  private void plans(Context ctx) {
    ctx.json(new PlanList(accounts.plans()));
  }

  private void savePlan(Context ctx) {
    PlanChange change = Json.read(ctx, PlanChange.class, maxJsonBytes);
    if (change.yearlyQuota() == null) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "field yearly_quota is required.");
    }
    ctx.json(accounts.savePlan(ctx.pathParam("name"), change.yearlyQuota(), OperatorApi.actor(ctx)));
  }

  record OperatorList(List<Operator> operators) {}

  record NewOperatorRequest(String id, String name, String plan) {}

  record NewOperatorView(Operator operator, OperatorApi.IssuedKeyView key) {}

  record OperatorDetail(Operator operator, Quota.Standing usage, List<OperatorApi.KeyView> keys) {}

  record OperatorChange(String plan, Boolean disabled) {}

  private void operators(Context ctx) {
    ctx.json(new OperatorList(accounts.operators()));
  }

  private void createOperator(Context ctx) {
    NewOperatorRequest request = Json.read(ctx, NewOperatorRequest.class, maxJsonBytes);
    Accounts.NewOperator created =
        accounts.createOperator(request.id(), request.name(), request.plan(), OperatorApi.actor(ctx));
    ctx.status(201).json(new NewOperatorView(created.operator(),
        OperatorApi.IssuedKeyView.of(created.key())));
  }

  private Operator requireOperator(String id) {
    return accounts.operator(id).orElseThrow(
        () -> new DncException(ErrorCode.NOT_FOUND, "there is no operator '" + id + "'."));
  }

  private void operator(Context ctx) {
    Operator operator = requireOperator(ctx.pathParam("id"));
    ctx.json(new OperatorDetail(operator,
        quota.standing(operator.id(), accounts.yearlyQuota(operator.id())),
        accounts.apiKeys(operator.id()).stream().map(OperatorApi.KeyView::of).toList()));
  }

  private void updateOperator(Context ctx) {
    OperatorChange change = Json.read(ctx, OperatorChange.class, maxJsonBytes);
    ctx.json(accounts.updateOperator(ctx.pathParam("id"), change.plan(), change.disabled(),
        OperatorApi.actor(ctx)));
  }

  private void issueKey(Context ctx) {
    ctx.status(201).json(OperatorApi.IssuedKeyView.of(
        accounts.issueKey(requireOperator(ctx.pathParam("id")).id(), OperatorApi.actor(ctx))));
  }

  private void revokeKey(Context ctx) {
    accounts.revokeKey(ctx.pathParam("id"), ctx.pathParam("key_id"), OperatorApi.actor(ctx));
    ctx.status(204);
  }

  record NewUserRequest(String username, User.Role role, String operator) {}

  record NewUserView(String username, User.Role role, String operator, String oneTimePassword) {}

  private void createUser(Context ctx) {
    NewUserRequest request = Json.read(ctx, NewUserRequest.class, maxJsonBytes);
    String password = createUser(ctx, request);
    ctx.status(201).json(new NewUserView(request.username(), request.role(), request.operator(),
        password));
  }

  /** Creates a portal account (the API and the portal); returns its one-time password. */
  String createUser(Context ctx, NewUserRequest request) {
    if (request.role() == null) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "field role is required: ADMIN, OPERATOR or REGULATOR.");
    }
    if (request.role() == User.Role.OPERATOR && request.operator() == null) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "an OPERATOR account needs field operator: the operator id it belongs to.");
    }
    if (request.role() != User.Role.OPERATOR && request.operator() != null) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "an " + request.role()
          + " account belongs to no operator: leave field operator out.");
    }
    return accounts.createUser(request.username(), request.role(), request.operator(),
        OperatorApi.actor(ctx));
  }

  record EventsPerDay(LocalDate day, EventType type, Channel channel, long count) {}

  record StatisticsView(LocalDate from, LocalDate to, String zone, List<EventsPerDay> events,
      List<UsageDay> checks, List<Statistics.OperatorUsage> topOperators) {}

  static LocalDate dateParameter(Context ctx, String name, LocalDate absent) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return absent;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "query parameter " + name
          + " must be a date such as 2026-01-31, got '" + value + "'.");
    }
  }

  private void statistics(Context ctx) {
    LocalDate to = dateParameter(ctx, "to", quota.today());
    LocalDate from = dateParameter(ctx, "from", to.minusDays(DEFAULT_STATISTICS_DAYS - 1));
    ctx.json(statistics(from, to));
  }

  /** The last day of the default statistics period: today in the register's zone. */
  LocalDate today() {
    return quota.today();
  }

  /**
   * Register events per day by type and channel, checks per day and the top operators from
   * {@code from} to {@code to} (both included, the register's days); the API and the portal.
   *
   * @throws DncException INVALID_ARGUMENT when the period runs backwards or is too long
   */
  StatisticsView statistics(LocalDate from, LocalDate to) {
    if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_STATISTICS_DAYS) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the period from " + from + " to " + to
          + " must run forwards and span at most " + MAX_STATISTICS_DAYS + " days.");
    }
    LocalDate end = to.plusDays(1);
    Instant start = from.atStartOfDay(zone).toInstant();
    Instant stop = end.atStartOfDay(zone).toInstant();
    Map<String, EventsPerDay> days = new TreeMap<>();
    for (Statistics.EventCount count : store.statistics().eventsPerHour(start, stop)) {
      LocalDate day = LocalDate.ofInstant(count.hour(), zone);
      String key = day + "|" + count.type() + "|" + count.channel();
      days.merge(key, new EventsPerDay(day, count.type(), count.channel(), count.count()),
          (a, b) -> new EventsPerDay(a.day(), a.type(), a.channel(), a.count() + b.count()));
    }
    return new StatisticsView(from, to, zone.getId(), new ArrayList<>(days.values()),
        store.statistics().checksPerDay(from, end),
        store.statistics().topOperators(from, end, TOP_OPERATORS));
  }

  record AuditPage(List<AuditEntry> entries, String next) {}

  private void auditLog(Context ctx) {
    int limit = OperatorApi.limitParameter(ctx);
    String before = ctx.queryParam("before");
    long beforeSequence;
    try {
      beforeSequence = before == null ? Long.MAX_VALUE : Long.parseLong(before);
    } catch (NumberFormatException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "query parameter before must be an audit sequence number, got '" + before + "'.");
    }
    String actor = ctx.queryParam("actor");
    List<AuditEntry> entries = store.audit().page(beforeSequence, actor, limit);
    String next = entries.size() < limit ? null : "/api/v1/admin/audit?before="
        + entries.get(entries.size() - 1).sequence() + "&limit=" + limit
        + (actor != null ? "&actor=" + java.net.URLEncoder.encode(actor, java.nio.charset.StandardCharsets.UTF_8) : "");
    ctx.json(new AuditPage(entries, next));
  }
}
