package org.opendnc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Operations and discovery: health probes, Prometheus metrics, the OpenAPI document, its rendered
 * docs, and the register's public facts (profile, version, public key).
 */
final class OperationsApi {

  /** The hand-written OpenAPI 3.1 document (YAML in the jar, served as JSON). */
  static final String OPENAPI_RESOURCE = "/org/opendnc/server/openapi.yaml";
  private static final String DOCS_RESOURCE = "/org/opendnc/server/docs/index.html";
  private static final String DOCS_SCRIPT = "/org/opendnc/server/docs/init.js";

  private final RegisterGateway register;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier accepting;
  private final String openApiJson;
  private final String docsPage;
  private final String docsScript;

  OperationsApi(RegisterGateway register, PrometheusMeterRegistry metrics, BooleanSupplier accepting) {
    this.register = register;
    this.metrics = metrics;
    this.accepting = accepting;
    this.openApiJson = Json.write(openApiDocument());
    this.docsPage = resource(DOCS_RESOURCE);
    this.docsScript = resource(DOCS_SCRIPT);
  }

  /** The OpenAPI document as a tree (also read by the contract test). */
  static JsonNode openApiDocument() {
    try (InputStream in = OperationsApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the jar");
      }
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = OperationsApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  void register(RoutesConfig routes) {
    routes.get("/health/live", this::live, Access.PUBLIC);
    routes.get("/health/ready", this::ready, Access.PUBLIC);
    routes.get("/metrics", this::metrics, Access.PUBLIC);
    routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApiJson),
        Access.PUBLIC);
    routes.get("/api/docs", ctx -> ctx.html(docsPage), Access.PUBLIC);
    routes.get("/api/docs/init.js",
        ctx -> ctx.contentType("text/javascript; charset=utf-8").result(docsScript), Access.PUBLIC);
    routes.get("/api/v1/register", this::registerFacts, Access.PUBLIC);
  }

  record Health(String status, Long registerVersion, String detail) {}

  private void live(Context ctx) {
    ctx.json(new Health("UP", null, null));
  }

  private void ready(Context ctx) {
    if (!accepting.getAsBoolean()) {
      ctx.status(503).json(new Health("DOWN", null, "shutting down"));
      return;
    }
    try {
      register.store().events().latestSequence();
      ctx.json(new Health("UP", register.version(), null));
    } catch (RuntimeException e) {
      ctx.status(503).json(new Health("DOWN", null, "the database cannot be reached"));
    }
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  record RegisterFacts(String profile, String zone, long checkValidityDays, long registerVersion,
      String keyId, String publicKey, String keyAlgorithm) {}

  private void registerFacts(Context ctx) {
    ctx.json(new RegisterFacts(register.profile().code(), register.profile().zone().getId(),
        register.profile().checkValidity().toDays(), register.version(), register.key().keyId(),
        register.key().publicKeyBase64(), "Ed25519"));
  }
}
