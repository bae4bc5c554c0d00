package org.opendnc.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The register as an HTTP service: opens a register and serves the API on one address until
 * {@link #close()}. Thread-safe.
 */
public final class Server implements AutoCloseable {

  /*
   * Request pipeline, in order:
   *   before          request id; security headers; per-address rate limit
   *   before-matched  authentication and authorisation by the route's Access (HttpSecurity)
   *   handler         OperatorApi, LedgerApi, LedgerTiles (public), AdminApi, SessionApi,
   *                   OperationsApi; citizens: CitizenApi,
 *                   IvrWebhook (authenticates the platform itself), SmsOutboxApi; the web portal's
   *                   pages (Portal, AccountPages, CitizenPages, OperatorPages, LedgerPages, AdminPages) over the
   *                   same objects
   *   exceptions      every failure becomes an RFC 9457 problem with a stable code (Problems), or
   *                   on a portal page an HTML page or a redirect to the login form (Portal.fail)
   *   request logger  one log line and one timer sample per request (Observability)
   *
   * Shutdown (close): readiness turns DOWN; Jetty stops accepting and waits up to stopTimeout for
   * requests in flight (GracefulHandler); citizen calls still running finish (CitizenGateway); the
   * audit trail writes what is queued; the register
   * saves its snapshot and closes its store. Every answered check was audited before its answer,
   * and every register event is durable before it is applied, so nothing acknowledged is lost.
   */

  /** How often SQLite's WAL is checkpointed beside the commits (decision 0053). */
  private static final java.time.Duration CHECKPOINT_INTERVAL = java.time.Duration.ofMillis(500);
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);
  private static final String SESSION_COOKIE = "dnc_session";
  private static final int SESSION_IDLE_SECONDS = 30 * 60;

  private final RegisterGateway register;
  private final CitizenGateway citizens;
  private final IvrSecret ivrSecret;
  private final Accounts accounts;
  private final AuditTrail auditTrail;
  private final Observability observability;
  private final Portal portal;
  private final RegulatorJobs regulatorJobs;
  private final Javalin app;
  private final String host;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean accepting = true;
  private boolean closing;

  private Server(Register openRegister, ServerConfig config, Clock clock) {
    this.ivrSecret = IvrSecret.open(openRegister.config().dataDir(),
        config.citizens().ivrSecret(), config.citizens().newIvrSecret());
    this.register = new RegisterGateway(openRegister, clock);
    this.accounts = new Accounts(openRegister.store(), clock);
    this.observability = new Observability();
    // SQLite's checkpoints run beside the commits, not inside them (decision 0053).
    openRegister.store().checkpointInBackground(CHECKPOINT_INTERVAL);
    this.auditTrail = new AuditTrail(openRegister.store().audit(), observability.registry());
    this.host = config.host();
    Path temporary = temporaryDirectory(openRegister.config().dataDir());
    Quota quota = new Quota(openRegister.store().audit(), openRegister.profile().zone(), clock);
    RateLimits rateLimits = new RateLimits(config.rateLimits());
    HttpSecurity security = new HttpSecurity(accounts, rateLimits);
    OperatorApi operators = new OperatorApi(register, accounts, quota, auditTrail,
        observability.registry(), temporary, config);
    AdminApi admin = new AdminApi(accounts, openRegister.store(), quota,
        openRegister.profile().zone(), config.maxJsonBytes());
    SessionApi sessions = new SessionApi(accounts, security, rateLimits,
        openRegister.store().audit(), config.maxJsonBytes());
    OperationsApi operations = new OperationsApi(register, observability.registry(), () -> accepting);
    // The consent ledger (issue 4): operators' records, and the public log as tlog-tiles.
    LedgerApi ledger = new LedgerApi(register, auditTrail, temporary, config);
    LedgerTiles ledgerTiles = new LedgerTiles(openRegister.ledger().tiles());
    // Citizens (issue 3): requests and proof, the IVR webhook, the development SMS outbox.
    this.citizens = new CitizenGateway(openRegister, config.citizens(), clock);
    CitizenApi citizenApi = new CitizenApi(citizens, accounts, auditTrail,
        new CitizenLimits(config.citizens()), security, config.maxJsonBytes());
    IvrWebhook ivrWebhook = new IvrWebhook(citizens, ivrSecret, auditTrail, security);
    // Complaints and operators' declarations (issue 5, decision 0040).
    org.opendnc.core.number.NumberParser parser = openRegister.parser();
    ComplaintApi complaints = new ComplaintApi(new org.opendnc.audit.ComplaintIntake(
        openRegister.store().complaints(), parser, openRegister.profile().zone(), clock),
        new ComplaintLimits(), auditTrail, security);
    OperatorListsApi operatorLists = new OperatorListsApi(openRegister.store().operatorLists(), parser,
        openRegister.profile().zone(), clock, auditTrail, temporary, config.maxBatchBytes());
    SmsOutboxApi smsOutbox = new SmsOutboxApi(citizens, auditTrail);
    // The web portal (decision 0012): pages over the same objects as the API.
    PageRenderer renderer = new PageRenderer(security, openRegister.profile().zone(),
        openRegister.profile().region().toLowerCase(java.util.Locale.ROOT),
        citizens.developmentOutbox().isPresent());
    this.portal = new Portal(renderer, citizens);
    AccountPages accountPages = new AccountPages(renderer, sessions);
    CitizenPages citizenPages = new CitizenPages(renderer, citizenApi, citizens);
    ComplaintPages complaintPages = new ComplaintPages(renderer, complaints);
    OperatorListPages operatorListPages = new OperatorListPages(renderer, operatorLists);
    LedgerPages ledgerPages = new LedgerPages(renderer, ledger, register);
    OperatorPages operatorPages = new OperatorPages(renderer, operators, accounts,
        config.maxBatchBytes());
    AdminPages adminPages = new AdminPages(renderer, accounts, admin, smsOutbox,
        openRegister.store(), quota);
    StaffAccountPages staffAccountPages = new StaffAccountPages(renderer, admin);
    // The regulator (issues 5 and 6, decision 0030): audits and investigations as jobs.
    this.regulatorJobs = new RegulatorJobs(openRegister.config().dataDir(), openRegister.store(),
        openRegister.key().publicKey(), clock, config.maxBatchBytes());
    RegulatorApi regulatorApi = new RegulatorApi(regulatorJobs, new RegulatorDashboard(
        openRegister.store(), regulatorJobs, openRegister.profile().zone()), auditTrail);
    RegulatorPages regulatorPages = new RegulatorPages(renderer, regulatorApi, regulatorJobs);
    PreCallHandler preCall = new PreCallHandler(operators, security, observability);
    this.app = Javalin.create(javalin -> {
      configure(javalin, config, temporary, preCall);
      javalin.routes.before(ctx -> {
        RequestIds.assign(ctx);
        security.headers(ctx);
        security.limitAddress(ctx);
      });
      javalin.routes.beforeMatched(security::authorise);
      operations.register(javalin.routes);
      sessions.register(javalin.routes);
      operators.register(javalin.routes);
      ledger.register(javalin.routes);
      ledgerTiles.register(javalin.routes);
      admin.register(javalin.routes);
      // Citizens: see above.
      citizenApi.register(javalin.routes);
      complaints.register(javalin.routes);
      operatorLists.register(javalin.routes);
      ivrWebhook.register(javalin.routes);
      smsOutbox.register(javalin.routes);
      portal.register(javalin.routes);
      accountPages.register(javalin.routes);
      citizenPages.register(javalin.routes);
      complaintPages.register(javalin.routes);
      operatorListPages.register(javalin.routes);
      ledgerPages.register(javalin.routes);
      operatorPages.register(javalin.routes);
      adminPages.register(javalin.routes);
      staffAccountPages.register(javalin.routes);
      regulatorApi.register(javalin.routes);
      regulatorPages.register(javalin.routes);
      javalin.routes.exception(Exception.class, this::handle);
      // Javalin maps its own HTTP exceptions (404, 405, 413) unless told otherwise.
      javalin.routes.exception(HttpResponseException.class, this::handle);
      javalin.requestLogger.http(observability::requestFinished);
    });
    requireOneAccessPerRoute();
  }

  private static void configure(JavalinConfig javalin, ServerConfig config, Path temporary,
      PreCallHandler preCall) {
    javalin.startup.showJavalinBanner = false;
    javalin.startup.showOldJavalinVersionWarning = false;
    javalin.startup.startupWatcherEnabled = false;
    javalin.jetty.host = config.host();
    javalin.jetty.port = config.port();
    javalin.http.maxRequestSize = config.maxJsonBytes();
    javalin.http.prefer405over404 = true;
    // The portal's upload without JavaScript (multipart/form-data): parts over 64 KiB are
    // spooled to DATA/tmp, and each file is limited as in the API. A regulator's audit carries up
    // to three files (calls, consents, contracts), so a request may hold three times that.
    javalin.jetty.multipartConfig.cacheDirectory(temporary.toString());
    javalin.jetty.multipartConfig.maxFileSize(config.maxBatchBytes(), io.javalin.config.SizeUnit.BYTES);
    javalin.jetty.multipartConfig.maxTotalRequestSize(3 * config.maxBatchBytes() + (1 << 20),
        io.javalin.config.SizeUnit.BYTES);
    javalin.jetty.multipartConfig.maxInMemoryFileSize(64 << 10, io.javalin.config.SizeUnit.BYTES);
    javalin.jsonMapper(new JavalinJackson(Json.MAPPER, false));
    String swaggerUi = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion();
    javalin.staticFiles.add(files -> {
      files.hostedPath = "/api/docs/assets";
      files.directory = swaggerUi;
      files.location = Location.CLASSPATH;
      files.headers = Map.of("Cache-Control", "max-age=86400");
    });
    if (config.trustForwardedHeaders()) {
      // Behind the operator's own TLS proxy: the client address, scheme (so Secure cookies and
      // HSTS) and host come from the Forwarded / X-Forwarded-* headers.
      javalin.jetty.modifyHttpConfiguration(
          http -> http.addCustomizer(new ForwardedRequestCustomizer()));
    }
    javalin.jetty.modifyServer(server -> {
      server.setStopTimeout(config.stopTimeout().toMillis());
      // Outermost first: graceful shutdown, then the pre-call check's own handler, then Javalin.
      server.insertHandler(preCall);
      server.insertHandler(new GracefulHandler());
    });
    javalin.jetty.modifyServletContextHandler(handler -> {
      var sessions = handler.getSessionHandler();
      sessions.setSessionCookie(SESSION_COOKIE);
      sessions.setHttpOnly(true);
      sessions.setSameSite(HttpCookie.SameSite.STRICT);
      sessions.setSecureRequestOnly(true);
      sessions.setMaxInactiveInterval(SESSION_IDLE_SECONDS);
    });
  }

  private static String swaggerUiVersion() {
    try (InputStream in = Server.class.getResourceAsStream(
        "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every endpoint must name exactly one {@link Access}: a forgotten one would be public. */
  private void requireOneAccessPerRoute() {
    for (ParsedEndpoint parsed : routes()) {
      var roles = parsed.endpoint.metadata(io.javalin.security.Roles.class);
      if (parsed.endpoint.method.isHttpMethod()
          && (roles == null || roles.getRoles().size() != 1)) {
        throw new IllegalStateException("route " + parsed.endpoint.method + " "
            + parsed.endpoint.path + " must name exactly one Access");
      }
    }
  }

  /** Every registered endpoint (handlers and filters), for the contract test. */
  List<ParsedEndpoint> routes() {
    return app.unsafe.internalRouter.allHttpHandlers();
  }

  private void handle(Exception exception, Context ctx) {
    Problems.Failure failure = Problems.failure(exception, RequestIds.of(ctx), ctx.method().name());
    if (Portal.isPage(ctx.path())) {
      portal.fail(ctx, failure.code(), failure.detail(), failure.headers());
      return;
    }
    failure.headers().forEach(ctx::header);
    Problems.write(ctx, failure.code(), failure.detail(), failure.members());
  }

  private static Path temporaryDirectory(Path dataDir) {
    Path directory = dataDir.toAbsolutePath().resolve("tmp");
    try {
      Files.createDirectories(directory);
      try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "{check,dnc-list}-*.csv")) {
        for (Path leftover : leftovers) {
          Files.deleteIfExists(leftover);
        }
      }
    } catch (IOException e) {
      throw new DncException(ErrorCode.STORE_UNAVAILABLE, "cannot use " + directory
          + " for the results of checks: " + e.getMessage() + ". Check the data directory.", e);
    }
    return directory;
  }

  /**
   * Opens the register described by {@code registerConfig} and starts serving it.
   *
   * @param log receives the register's notices while it opens (snapshot loaded, events replayed)
   * @throws DncException when the register cannot be opened or the address cannot be bound
   */
  public static Server start(RegisterConfig registerConfig, ServerConfig config, Consumer<String> log) {
    Register register = Register.open(registerConfig, log);
    try {
      return start(register, config, Clock.systemUTC());
    } catch (RuntimeException e) {
      register.close();
      throw e;
    }
  }

  /** Starts serving an open register; the server owns it from now on and closes it. */
  static Server start(Register register, ServerConfig config, Clock clock) {
    Server server = new Server(register, config, clock);
    try {
      server.app.start();
    } catch (RuntimeException e) {
      server.regulatorJobs.close();
      server.auditTrail.close();
      server.observability.close();
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "cannot listen on " + config.host() + ":"
          + config.port() + ": " + e.getMessage() + ". Choose another --port or --host.", e);
    }
    LOG.info("serving {} on {}", register.store().describe(), server.url());
    if (server.citizens.developmentOutbox().isPresent()) {
      LOG.warn("citizens' one-time codes go to the development SMS outbox (this log and GET"
          + " /api/v1/admin/sms-outbox), not to their phones: never use it with real citizens");
    }
    return server;
  }

  /** The port listened on (the real one when 0 was asked). */
  public int port() {
    return app.port();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080/}. */
  public URI url() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + shownHost + ":" + port() + "/");
  }

  /** The register behind the server (tests record events through it). */
  RegisterGateway gateway() {
    return register;
  }

  /** Citizen requests and the IVR webhook's engine (the portal's pages use it too). */
  CitizenGateway citizens() {
    return citizens;
  }

  /**
   * The IVR webhook's secret when this start created it (first start, or a renewal): show it
   * once to whoever configures the telephony platform. Only its hash is kept.
   */
  public Optional<String> newIvrSecret() {
    return ivrSecret.shownOnce();
  }

  /** Accounts of this register (also used to create the first admin at start). */
  public Accounts accounts() {
    return accounts;
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /**
   * Shuts down gracefully: stops accepting, lets requests in flight finish (up to the configured
   * stop timeout), writes the queued audit entries, saves the index snapshot and closes the
   * register. Idempotent; later calls return at once.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    accepting = false;
    // The regulator's unfinished jobs are INTERRUPTED when the stop begins, not after the HTTP
    // server's graceful stop: a job must not run on, or start, while the server is going away.
    regulatorJobs.close();
    try {
      app.stop();
    } catch (RuntimeException e) {
      LOG.error("the HTTP server did not stop cleanly", e);
    }
    try {
      citizens.close();
      auditTrail.close();
    } finally {
      try {
        register.close();
      } finally {
        observability.close();
        closed.countDown();
        LOG.info("stopped");
      }
    }
  }
}
