package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and the routes the server registers describe the same API. */
class OpenApiContractTest {

  @TempDir Path temporary;

  private static OpenAPI parse() {
    String json = OperationsApi.openApiDocument().toString();
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, null);
    assertThat(result.getMessages()).as("the document parses without errors").isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    return result.getOpenAPI();
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() {
    Set<String> documented = new TreeSet<>();
    parse().getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
        .forEach(method -> documented.add(method.name() + " " + path)));

    Set<String> routed = new TreeSet<>();
    try (TestingServer server = TestingServer.sqlite(temporary.resolve("data"), ServerConfig.defaults())) {
      server.server.routes().stream()
          .filter(route -> route.endpoint.method.isHttpMethod())
          .filter(route -> !Portal.isPage(route.endpoint.path)) // web pages, not the API
          // A <name> path parameter (slashes allowed: tlog-tiles paths) is {name} in OpenAPI.
          .forEach(route -> routed.add(route.endpoint.method.name().toUpperCase(Locale.ROOT) + " "
              + route.endpoint.path.replace('<', '{').replace('>', '}')));
    }
    assertThat(routed).isNotEmpty();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(routed);
  }

  @Test
  void everyOperationHasAnIdATagAndASuccessResponse() {
    Set<String> operationIds = new TreeSet<>();
    for (var entry : parse().getPaths().entrySet()) {
      for (var operation : entry.getValue().readOperationsMap().entrySet()) {
        String where = operation.getKey() + " " + entry.getKey();
        assertThat(operation.getValue().getOperationId()).as(where).isNotBlank();
        assertThat(operationIds.add(operation.getValue().getOperationId())).as("unique id " + where).isTrue();
        assertThat(operation.getValue().getTags()).as(where).hasSize(1);
        assertThat(operation.getValue().getResponses().keySet()).as(where)
            .anyMatch(status -> status.startsWith("2"));
      }
    }
    PathItem check = parse().getPaths().get("/api/v1/numbers/{number}/callable");
    assertThat(check.getGet().getParameters()).extracting(p -> p.getName()).containsExactly("number");
    var audit = parse().getPaths().get("/api/v1/audits").getPost().getRequestBody().getContent();
    assertThat(audit).containsKeys("text/csv", "multipart/form-data");
    assertThat(audit.get("multipart/form-data").getSchema().getRequired()).containsExactly("calls");
    assertThat(audit.get("multipart/form-data").getSchema().getProperties())
        .containsOnlyKeys("calls", "consents", "contracts");
  }
}
