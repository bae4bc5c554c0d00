package org.opendnc.server;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics (Micrometer, scraped as Prometheus text) and the request log: one line per request with
 * the route's template, never the path itself (it may hold a phone number).
 */
final class Observability implements AutoCloseable {

  /** The request log's logger name, for logging configuration. */
  static final String REQUEST_LOGGER = "org.opendnc.server.requests";
  private static final Logger REQUESTS = LoggerFactory.getLogger(REQUEST_LOGGER);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  Observability() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The template of the route that handled the request, e.g. {@code /api/v1/receipts/{id}}. */
  static String route(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    if (endpoint != null) {
      return endpoint.path;
    }
    return ctx.statusCode() == 404 || ctx.statusCode() == 405 ? "unmatched" : "static";
  }

  /** A request timer's tags; route templates and statuses are few, so the map stays small. */
  private record TimerKey(String method, String route, int status) {}

  private Timer timer(TimerKey key) {
    return Timer.builder("http.server.requests")
        .description("HTTP requests by route template, method and status")
        .tag("method", key.method()).tag("route", key.route())
        .tag("status", Integer.toString(key.status()))
        .register(registry);
  }

  /** Records one finished request: a timer sample and a log line. */
  void requestFinished(Context ctx, Float millis) {
    Principal principal = ctx.attribute("opendnc.principal");
    requestFinished(ctx.method().name(), route(ctx), ctx.statusCode(), millis, RequestIds.of(ctx),
        principal);
  }

  /** Records one finished request answered outside Javalin ({@link PreCallHandler}). */
  void requestFinished(String method, String route, int status, float millis, String requestId,
      Principal principal) {
    timers.computeIfAbsent(new TimerKey(method, route, status), this::timer)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    if (REQUESTS.isInfoEnabled()) {
      REQUESTS.info("method={} route={} status={} duration_ms={} request_id={} actor={}",
          method, route, status, hundredths(millis), requestId,
          principal == null ? "-" : principal.name());
    }
  }

  /** {@code millis} with two decimals, e.g. {@code 0.07}, without a formatter per request. */
  static String hundredths(float millis) {
    long hundredths = Math.round(millis * 100.0);
    long fraction = hundredths % 100;
    return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
