package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.store.AuditEntry;

/**
 * The regulator's API (issues 5 and 6): call audits and investigations as background jobs, their
 * outputs, and the dashboard's figures. Every route needs a regulator's session; everything
 * opened or downloaded is written to the audit log.
 */
final class RegulatorApi {

  private final RegulatorJobs jobs;
  private final RegulatorDashboard dashboard;
  private final AuditTrail audit;

  RegulatorApi(RegulatorJobs jobs, RegulatorDashboard dashboard, AuditTrail audit) {
    this.jobs = jobs;
    this.dashboard = dashboard;
    this.audit = audit;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/audits", this::submitAudit, Access.REGULATOR);
    routes.get("/api/v1/audits", ctx -> list(ctx, RegulatorJobs.Kind.AUDIT), Access.REGULATOR);
    routes.get("/api/v1/audits/{id}", ctx -> show(ctx, RegulatorJobs.Kind.AUDIT),
        Access.REGULATOR);
    routes.get("/api/v1/audits/{id}/files/{name}",
        ctx -> download(ctx, RegulatorJobs.Kind.AUDIT), Access.REGULATOR);
    routes.post("/api/v1/investigations", this::submitInvestigation, Access.REGULATOR);
    routes.get("/api/v1/investigations", ctx -> list(ctx, RegulatorJobs.Kind.INVESTIGATION),
        Access.REGULATOR);
    routes.get("/api/v1/investigations/{id}", ctx -> show(ctx, RegulatorJobs.Kind.INVESTIGATION),
        Access.REGULATOR);
    routes.get("/api/v1/investigations/{id}/files/{name}",
        ctx -> download(ctx, RegulatorJobs.Kind.INVESTIGATION), Access.REGULATOR);
    routes.get("/api/v1/regulator/dashboard", this::dashboard, Access.REGULATOR);
  }

  record JobList(List<RegulatorJobs.Job> jobs) {}

  private void submitAudit(Context ctx) {
    if (ctx.isMultipartFormData()) {
      UploadedFile calls = ctx.uploadedFile("calls");
      if (calls == null) {
        throw new DncException(ErrorCode.INPUT_EMPTY, "the form has no part 'calls': send the"
            + " call records (CSV) as the part calls (curl -F calls=@FILE), and the firm's"
            + " consents and contracts, if any, as the parts consents and contracts.");
      }
      String name = ctx.queryParam("file_name");
      created(ctx, submitAudit(ctx, calls, name == null ? calls.filename() : name,
          ctx.queryParam("profile")));
      return;
    }
    requireType(ctx, "text/csv", "text/plain");
    requireSize(ctx);
    try (InputStream body = ctx.bodyInputStream()) {
      RegulatorJobs.Job job = audited(ctx, "AUDIT_JOB_CREATED", () -> jobs.submitAudit(
          HttpSecurity.principal(ctx).name(), ctx.queryParam("file_name"), body, null, null,
          ctx.queryParam("profile")));
      created(ctx, job);
    } catch (IOException e) {
      throw unreceived(e);
    }
  }

  private void submitInvestigation(Context ctx) {
    requireType(ctx, "application/zip", "application/x-zip-compressed");
    requireSize(ctx);
    boolean register = OperatorApi.booleanParameter(ctx, "register");
    try (InputStream body = ctx.bodyInputStream()) {
      RegulatorJobs.Job job = audited(ctx, "INVESTIGATION_JOB_CREATED", () -> jobs
          .submitInvestigation(HttpSecurity.principal(ctx).name(), ctx.queryParam("file_name"),
              body, ctx.queryParam("profile"), register));
      created(ctx, job);
    } catch (IOException e) {
      throw unreceived(e);
    }
  }

  private static void requireType(Context ctx, String... types) {
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    for (String accepted : types) {
      if (type.startsWith(accepted)) {
        return;
      }
    }
    throw new DncException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the file as the request body"
        + " with Content-Type: " + types[0] + ".");
  }

  private void requireSize(Context ctx) {
    if (ctx.req().getContentLengthLong() > jobs.maxUploadBytes()) {
      throw jobs.tooLarge();
    }
  }

  private static DncException unreceived(IOException e) {
    return new DncException(ErrorCode.INVALID_ARGUMENT, "the upload could not be received to its"
        + " end (" + e.getMessage() + "); send it again.", e);
  }

  private static void created(Context ctx, RegulatorJobs.Job job) {
    ctx.header("Location", "/api/v1/" + job.kind().plural + "/" + job.id());
    ctx.status(202).json(job);
  }

  private void list(Context ctx, RegulatorJobs.Kind kind) {
    List<RegulatorJobs.Job> list = jobs.list(kind);
    record(ctx, kind.name() + "_JOBS_LISTED", null, AuditEntry.OK, list.size() + " jobs");
    ctx.json(new JobList(list));
  }

  private void show(Context ctx, RegulatorJobs.Kind kind) {
    ctx.json(open(ctx, kind, ctx.pathParam("id")));
  }

  private void download(Context ctx, RegulatorJobs.Kind kind) {
    send(ctx, file(ctx, kind, ctx.pathParam("id"), ctx.pathParam("name")), false);
  }

  private void dashboard(Context ctx) {
    ctx.json(dashboard(ctx, HttpSecurity.principal(ctx)));
  }

  // ---- shared with the portal's pages ----

  /**
   * Queues the audit of a multipart upload: {@code calls}, and the firm's consents and contracts
   * from the optional parts {@code consents} and {@code contracts}. Jetty has spooled every part;
   * each is then streamed into the job's folder under the upload limit.
   */
  RegulatorJobs.Job submitAudit(Context ctx, UploadedFile calls, String uploadName,
      String profile) {
    UploadedFile consents = ctx.uploadedFile("consents");
    UploadedFile contracts = ctx.uploadedFile("contracts");
    for (UploadedFile file : Arrays.asList(calls, consents, contracts)) {
      if (file != null && file.size() > jobs.maxUploadBytes()) {
        throw jobs.tooLarge();
      }
    }
    String owner = HttpSecurity.principal(ctx).name();
    try (InputStream callsIn = calls.content();
        InputStream consentsIn = consents == null ? null : consents.content();
        InputStream contractsIn = contracts == null ? null : contracts.content()) {
      return audited(ctx, "AUDIT_JOB_CREATED", () -> jobs.submitAudit(owner, uploadName, callsIn,
          consentsIn, contractsIn, profile));
    } catch (IOException e) {
      throw unreceived(e);
    }
  }

  /** Runs a submission and audits it, refused ones too. */
  RegulatorJobs.Job audited(Context ctx, String action,
      java.util.function.Supplier<RegulatorJobs.Job> submission) {
    try {
      RegulatorJobs.Job job = submission.get();
      record(ctx, action, job.id(), AuditEntry.OK, "profile " + job.profile() + ", "
          + job.uploadBytes() + " bytes" + (job.register() ? ", with the register" : ""));
      return job;
    } catch (DncException refused) {
      record(ctx, action, null, refused.code().name(), null);
      throw refused;
    }
  }

  /** A job, audited as opened. */
  RegulatorJobs.Job open(Context ctx, RegulatorJobs.Kind kind, String id) {
    RegulatorJobs.Job job;
    try {
      job = jobs.require(kind, id);
    } catch (DncException refused) {
      record(ctx, kind.name() + "_JOB_VIEWED", null, refused.code().name(), null);
      throw refused;
    }
    record(ctx, kind.name() + "_JOB_VIEWED", job.id(), AuditEntry.OK, job.status().name());
    return job;
  }

  /** A finished job's output, audited as downloaded. */
  Path file(Context ctx, RegulatorJobs.Kind kind, String id, String name) {
    try {
      Path file = jobs.output(kind, id, name);
      record(ctx, kind.name() + "_FILE_DOWNLOADED", id, AuditEntry.OK, name);
      return file;
    } catch (DncException refused) {
      record(ctx, kind.name() + "_FILE_DOWNLOADED", null, refused.code().name(), null);
      throw refused;
    }
  }

  /** The dashboard, audited as viewed. */
  RegulatorDashboard.View dashboard(Context ctx, Principal principal) {
    RegulatorDashboard.View view = dashboard.view();
    record(ctx, "REGULATOR_DASHBOARD_VIEWED", null, AuditEntry.OK, view.complaints()
        + " complaints, " + view.audits() + " audits");
    return view;
  }

  /**
   * Streams a job's file with its media type.
   *
   * @param inline show a report (HTML, PDF) in the browser rather than save it
   */
  static void send(Context ctx, Path file, boolean inline) {
    String name = file.getFileName().toString();
    String type = name.endsWith(".csv") ? "text/csv; charset=utf-8"
        : name.endsWith(".json") ? "application/json"
        : name.endsWith(".pdf") ? "application/pdf"
        : name.endsWith(".html") ? "text/html; charset=utf-8"
        : "application/octet-stream";
    boolean shown = inline && (name.endsWith(".html") || name.endsWith(".pdf"));
    ctx.header("Content-Disposition", (shown ? "inline" : "attachment") + "; filename=\"" + name
        + "\"");
    if (name.endsWith(".html")) {
      // The report is self-contained (inline SVG and styles): let it show itself, nothing more.
      ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline';"
          + " img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    }
    try {
      // No Content-Length: Javalin may compress the response (browsers ask for gzip).
      ctx.contentType(type).result(Files.newInputStream(file));
    } catch (IOException e) {
      throw new DncException(ErrorCode.INTERNAL, "the file " + name + " cannot be read: "
          + e.getMessage(), e);
    }
  }

  void record(Context ctx, String action, String subject, String outcome, String detail) {
    Principal principal = HttpSecurity.principal(ctx);
    audit.record(AuditEntry.of(Instant.now(), principal.actorType(), principal.name(), action,
        subject, 0, null, outcome, RequestIds.of(ctx), detail), null);
  }
}
