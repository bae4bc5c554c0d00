package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates JSON responses against the OpenAPI document's schemas (JSON Schema 2020-12). */
final class ApiSchemas {

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

  private ApiSchemas() {}

  /** The document itself with a root $ref to one component schema, so inner $refs resolve. */
  private static Schema schema(String name) {
    return SCHEMAS.computeIfAbsent(name, n -> {
      ObjectNode document = (ObjectNode) OperationsApi.openApiDocument().deepCopy();
      document.put("$schema", "https://json-schema.org/draft/2020-12/schema");
      document.put("$ref", "#/components/schemas/" + n);
      return REGISTRY.getSchema(document.toString(), InputFormat.JSON);
    });
  }

  /** Asserts that {@code json} is valid for the component schema {@code name}. */
  static void assertValid(String name, String json) {
    List<Error> errors = schema(name).validate(json, InputFormat.JSON);
    assertThat(errors).as("response against schema %s: %s", name, json).isEmpty();
  }
}
