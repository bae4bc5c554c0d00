package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.receipt.Receipt;
import org.opendnc.server.portal.BarChart;
import org.opendnc.server.portal.Messages;
import org.opendnc.server.portal.Page;
import org.opendnc.server.portal.Standing;
import org.opendnc.store.UsageDay;

/**
 * Operators' pages (an operator's portal account): check a list (upload with progress, then the
 * result and its receipt), the receipts, API keys and usage. Through {@link OperatorApi}, like
 * the API: same check, quota, receipts and audit.
 */
final class OperatorPages {

  /*
   * The upload: with JavaScript, upload.js sends the file as the body of an XMLHttpRequest
   * (text/csv, the CSRF token in X-CSRF-Token) and shows the upload's progress; the server spools
   * it, checks it and streams the result back, which the page offers as a download beside the
   * receipt's link. Without JavaScript the form posts multipart/form-data (the token in _csrf)
   * and the browser downloads the result; the receipt is then on the receipts page. Either way
   * the server keeps nothing of the list but the receipt, as for the API.
   */

  static final int RECEIPTS_PER_PAGE = 50;
  private static final int RECENT_RECEIPTS = 5;
  private static final int USAGE_CHART_DAYS = 30;

  private final PageRenderer renderer;
  private final OperatorApi api;
  private final Accounts accounts;
  private final long maxListBytes;

  OperatorPages(PageRenderer renderer, OperatorApi api, Accounts accounts, long maxListBytes) {
    this.renderer = renderer;
    this.api = api;
    this.accounts = accounts;
    this.maxListBytes = maxListBytes;
  }

  void register(RoutesConfig routes) {
    routes.get("/operator", this::home, Access.OPERATOR);
    routes.post("/operator/checks", this::check, Access.OPERATOR);
    routes.get("/operator/receipts", this::receipts, Access.OPERATOR);
    routes.get("/operator/receipts/{id}", this::downloadReceipt, Access.OPERATOR);
    routes.get("/operator/keys", this::keys, Access.OPERATOR);
    routes.post("/operator/keys", this::issueKey, Access.OPERATOR);
    routes.post("/operator/keys/{id}/revoke", this::revokeKey, Access.OPERATOR);
    routes.get("/operator/usage", this::usage, Access.OPERATOR);
  }

  private void home(Context ctx) {
    Page page = renderer.page(ctx, "operator.home.title", true);
    renderer.render(ctx, "operator/home.jte", page, "standing", standing(api.usage(ctx)),
        "receipts", api.receipts(ctx, Instant.parse("2262-01-01T00:00:00Z"), RECENT_RECEIPTS),
        "maxListBytes", maxListBytes);
  }

  // --- the check ---

  private void check(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    if (ctx.isMultipartFormData()) {
      UploadedFile file = ctx.uploadedFile("list");
      if (file == null || file.size() == 0) {
        throw new DncException(ErrorCode.INPUT_EMPTY, "choose a list (a CSV file) to check.");
      }
      CheckOptions options = options(principal, ctx.formParam("column"),
          ctx.formParam("only_callable") != null);
      try (InputStream in = file.content()) {
        api.send(ctx, api.check(ctx, in, options));
      } catch (IOException e) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, "the list could not be received to"
            + " its end (" + e.getMessage() + "); send it again.", e);
      }
      return;
    }
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (!type.startsWith("text/csv") && !type.startsWith("text/plain")) {
      throw new DncException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send the list from the form on the operator's page.");
    }
    if (api.tooLarge(ctx.req().getContentLengthLong())) {
      throw api.tooLarge();
    }
    CheckOptions options = options(principal, ctx.queryParam("column"),
        OperatorApi.booleanParameter(ctx, "only_callable"));
    try (InputStream body = ctx.bodyInputStream()) {
      api.send(ctx, api.check(ctx, body, options));
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the list could not be received to its"
          + " end (" + e.getMessage() + "); send it again.", e);
    }
  }

  private static CheckOptions options(Principal principal, String column, boolean onlyCallable) {
    return new CheckOptions(principal.name(), column == null || column.isBlank() ? null
        : column.strip(), onlyCallable);
  }

  // --- receipts ---

  private void receipts(Context ctx) {
    Instant before = OperatorApi.instantParameter(ctx, "before",
        Instant.parse("2262-01-01T00:00:00Z"));
    List<Receipt> receipts = api.receipts(ctx, before, RECEIPTS_PER_PAGE);
    String next = receipts.size() < RECEIPTS_PER_PAGE ? null
        : "/operator/receipts?before=" + receipts.get(receipts.size() - 1).checkedAt();
    renderer.render(ctx, "operator/receipts.jte", renderer.page(ctx, "operator.receipts.title",
        false), "receipts", receipts, "next", next);
  }

  private void downloadReceipt(Context ctx) {
    String id = ctx.pathParam("id");
    String json = api.signedReceipt(ctx, id);
    ctx.header("Content-Disposition", "attachment; filename=\"receipt-"
        + id.replaceAll("[^A-Za-z0-9._-]", "_") + ".json\"");
    ctx.contentType("application/json").result(json);
  }

  // --- keys ---

  private void keys(Context ctx) {
    renderKeys(ctx, renderer.page(ctx, "operator.keys.title", true), null);
  }

  private void renderKeys(Context ctx, Page page, Accounts.IssuedKey issued) {
    Principal principal = HttpSecurity.principal(ctx);
    renderer.render(ctx, issued == null ? 200 : 201, "operator/keys.jte", page,
        "keys", accounts.apiKeys(principal.name()), "issued", issued);
  }

  private void issueKey(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    Accounts.IssuedKey issued = accounts.issueKey(principal.name(), OperatorApi.actor(ctx));
    renderKeys(ctx, renderer.page(ctx, "operator.keys.title", true), issued);
  }

  private void revokeKey(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    accounts.revokeKey(principal.name(), ctx.pathParam("id"), OperatorApi.actor(ctx));
    ctx.redirect("/operator/keys", HttpStatus.SEE_OTHER);
  }

  // --- usage ---

  private void usage(Context ctx) {
    Page page = renderer.page(ctx, "operator.usage.title", false);
    OperatorApi.Usage usage = api.usage(ctx);
    renderer.render(ctx, "operator/usage.jte", page, "standing", standing(usage),
        "days", usage.days(),
        "chart", usageChart(page.t(), usage.days(), LocalDate.now(page.t().zone())));
  }

  static Standing standing(OperatorApi.Usage usage) {
    return new Standing(usage.operator(), usage.year(), usage.yearlyQuota(), usage.used(),
        usage.remaining());
  }

  /** Numbers checked per day over the last 30 days. */
  static BarChart usageChart(Messages t, List<UsageDay> days, LocalDate today) {
    Map<LocalDate, Long> byDay = new TreeMap<>();
    for (UsageDay day : days) {
      byDay.merge(day.day(), day.numbersChecked(), Long::sum);
    }
    List<String> labels = new ArrayList<>();
    long[][] values = new long[USAGE_CHART_DAYS][1];
    for (int i = 0; i < USAGE_CHART_DAYS; i++) {
      LocalDate day = today.minusDays(USAGE_CHART_DAYS - 1 - i);
      labels.add(t.dayMonth(day));
      values[i][0] = byDay.getOrDefault(day, 0L);
    }
    return BarChart.columns("usage-chart", t.text("operator.usage.chart"),
        t.text("operator.usage.chartSummary", USAGE_CHART_DAYS), labels,
        List.of(t.text("operator.usage.numbers")), values, t);
  }
}
