package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.profile.Profile;
import org.opendnc.server.portal.BarChart;
import org.opendnc.server.portal.JobView;
import org.opendnc.server.portal.Messages;
import org.opendnc.server.portal.Page;

/**
 * The regulator's pages (issues 5 and 6): the dashboard with charts, call audits and
 * investigations uploaded as files and followed to their outputs. Through {@link RegulatorApi},
 * so the same checks and audit-log entries apply.
 */
final class RegulatorPages {

  /*
   * Uploads are multipart forms (no JavaScript needed); Jetty spools the file to DATA/tmp and it is
   * then streamed into the job's folder. A job's page reloads itself every few seconds while the
   * job is queued or running (<meta http-equiv="refresh">, which needs no script), then shows the
   * figures and the files.
   */

  /** Seconds between reloads of a job's page while it runs. */
  static final int REFRESH_SECONDS = 2;

  private final PageRenderer renderer;
  private final RegulatorApi api;
  private final RegulatorJobs jobs;

  RegulatorPages(PageRenderer renderer, RegulatorApi api, RegulatorJobs jobs) {
    this.renderer = renderer;
    this.api = api;
    this.jobs = jobs;
  }

  void register(RoutesConfig routes) {
    routes.get("/regulator", this::dashboard, Access.REGULATOR);
    for (RegulatorJobs.Kind kind : RegulatorJobs.Kind.values()) {
      String base = "/regulator/" + kind.plural;
      routes.get(base, ctx -> list(ctx, kind), Access.REGULATOR);
      routes.post(base, ctx -> submit(ctx, kind), Access.REGULATOR);
      routes.get(base + "/{id}", ctx -> show(ctx, kind), Access.REGULATOR);
      routes.get(base + "/{id}/files/{name}", ctx -> RegulatorApi.send(ctx,
          api.file(ctx, kind, ctx.pathParam("id"), ctx.pathParam("name")), true),
          Access.REGULATOR);
    }
  }

  private void dashboard(Context ctx) {
    Page page = renderer.page(ctx, "regulator.dashboard.title", false);
    Messages t = page.t();
    RegulatorDashboard.View view = api.dashboard(ctx, HttpSecurity.principal(ctx));
    List<String> weeks = view.weeks().stream().map(week -> t.dayMonth(week.week())).toList();
    long[][] perWeek = new long[view.weeks().size()][1];
    for (int i = 0; i < perWeek.length; i++) {
      perWeek[i][0] = view.weeks().get(i).complaints();
    }
    BarChart complaints = BarChart.columns("complaints-per-week",
        t.text("regulator.dashboard.complaints"),
        t.text("regulator.dashboard.complaintsSummary", t.number(view.complaints())), weeks,
        List.of(t.text("regulator.dashboard.complaintsSeries")), perWeek, t);
    BarChart callers = ranked("top-caller-ids", t.text("regulator.dashboard.callers"),
        view.topCallerIds(), t);
    BarChart operators = ranked("top-operators", t.text("regulator.dashboard.operators"),
        view.topOperators(), t);
    List<RegulatorDashboard.CodeCount> codes = view.violationsByCode();
    BarChart violations = BarChart.rows("violations-by-code", t.text("regulator.dashboard.codes"),
        t.text("regulator.dashboard.codesSummary", view.audits(), t.number(view.auditedCalls()),
            t.number(view.violations())),
        t.text("regulator.dashboard.violations"),
        codes.stream().map(RegulatorDashboard.CodeCount::code).toList(),
        codes.stream().mapToLong(RegulatorDashboard.CodeCount::violations).toArray(), t);
    renderer.render(ctx, "regulator/dashboard.jte", page, "complaints", complaints,
        "callers", callers, "operators", operators, "violations", violations);
  }

  private static BarChart ranked(String id, String title, List<RegulatorDashboard.Ranked> ranked,
      Messages t) {
    return BarChart.rows(id, title, t.text("regulator.dashboard.rankedSummary", ranked.size()),
        t.text("regulator.dashboard.complaintsSeries"),
        ranked.stream().map(RegulatorDashboard.Ranked::name).toList(),
        ranked.stream().mapToLong(RegulatorDashboard.Ranked::complaints).toArray(), t);
  }

  private void list(Context ctx, RegulatorJobs.Kind kind) {
    Page page = renderer.page(ctx, "regulator." + kind.plural + ".title", true);
    List<RegulatorJobs.Job> list = jobs.list(kind);
    api.record(ctx, kind.name() + "_JOBS_LISTED", null, org.opendnc.store.AuditEntry.OK,
        list.size() + " jobs");
    renderer.render(ctx, "regulator/jobs.jte", page, "kind", kind.name(), "base",
        "/regulator/" + kind.plural, "jobs", list.stream().map(RegulatorPages::view).toList(), "profiles",
        List.copyOf(Profile.builtIn().keySet()), "maxBytes", jobs.maxUploadBytes());
  }

  private void submit(Context ctx, RegulatorJobs.Kind kind) {
    if (!ctx.isMultipartFormData()) {
      throw new DncException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send the file from the form on the page.");
    }
    UploadedFile file = ctx.uploadedFile("file");
    if (file == null || file.size() == 0) {
      throw new DncException(ErrorCode.INPUT_EMPTY, kind == RegulatorJobs.Kind.AUDIT
          ? "choose a file of call records (CSV) to audit."
          : "choose a case (a .zip of the seized files) to investigate.");
    }
    if (file.size() > jobs.maxUploadBytes()) {
      throw jobs.tooLarge();
    }
    String profile = ctx.formParam("profile");
    RegulatorJobs.Job job = kind == RegulatorJobs.Kind.AUDIT
        ? api.submitAudit(ctx, file, file.filename(), profile)
        : investigate(ctx, file, profile);
    ctx.redirect("/regulator/" + kind.plural + "/" + job.id(), HttpStatus.SEE_OTHER);
  }

  private RegulatorJobs.Job investigate(Context ctx, UploadedFile file, String profile) {
    String owner = HttpSecurity.principal(ctx).name();
    try (InputStream in = file.content()) {
      return api.audited(ctx, "INVESTIGATION_JOB_CREATED",
          () -> jobs.submitInvestigation(owner, file.filename(), in, profile,
              ctx.formParam("register") != null));
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the file could not be received to its"
          + " end (" + e.getMessage() + "); send it again.", e);
    }
  }

  private void show(Context ctx, RegulatorJobs.Kind kind) {
    RegulatorJobs.Job job = api.open(ctx, kind, ctx.pathParam("id"));
    Page page = renderer.page(ctx, "regulator." + kind.plural + ".job", false);
    renderer.render(ctx, "regulator/job.jte", page, "job", view(job), "base",
        "/regulator/" + kind.plural + "/" + job.id(),
        "refresh", job.status().finished() ? null : REFRESH_SECONDS);
  }

  static JobView view(RegulatorJobs.Job job) {
    RegulatorJobs.Summary summary = job.summary();
    return new JobView(job.id(), job.kind().name(), job.status().name(), job.status().finished(),
        job.owner(), job.upload(), job.profile(), job.register(), job.createdAt(),
        job.finishedAt(), job.phase(), job.steps(), job.errorCode(), job.error(), job.outputs(),
        summary == null ? java.util.Map.of() : summary.counts(),
        summary == null ? java.util.Map.of() : summary.violationsByCode(),
        summary == null ? 0 : summary.rejectedRows(),
        summary == null ? List.of() : summary.rejects().stream()
            .map(r -> new JobView.Reject(r.line(), r.reason(), r.detail())).toList(),
        summary == null ? List.of() : summary.problems());
  }
}
