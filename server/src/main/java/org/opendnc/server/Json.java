package org.opendnc.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/** The API's JSON: snake_case names, ISO-8601 instants, strict reading. */
final class Json {

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a JSON request body of at most {@code maxBytes} into {@code type}.
   *
   * @throws DncException {@code UNSUPPORTED_MEDIA_TYPE} when the body is not declared JSON,
   *     {@code REQUEST_TOO_LARGE} when it is too long, {@code INVALID_ARGUMENT} when it does not
   *     parse or does not fit the type (with the field and position)
   */
  static <T> T read(Context ctx, Class<T> type, int maxBytes) {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT)
        .startsWith("application/json")) {
      throw new DncException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "this route takes a JSON body: send it with Content-Type: application/json.");
    }
    byte[] body;
    try (var in = ctx.bodyInputStream()) {
      body = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the request body could not be read: "
          + e.getMessage());
    }
    if (body.length > maxBytes) {
      throw new DncException(ErrorCode.REQUEST_TOO_LARGE,
          "the JSON body is longer than " + maxBytes + " bytes, the most this route accepts.");
    }
    if (body.length == 0) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the request body is empty: send a JSON object.");
    }
    try {
      return MAPPER.readValue(body, type);
    } catch (JsonProcessingException e) {
      var location = e.getLocation();
      throw new DncException(ErrorCode.INVALID_ARGUMENT,
          "the JSON body is not valid" + (location != null
              ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "")
              + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the JSON body could not be read: "
          + e.getMessage(), e);
    }
  }
}
