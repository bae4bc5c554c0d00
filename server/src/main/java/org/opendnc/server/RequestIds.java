package org.opendnc.server;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/** The id of each request: taken from a well-formed {@code X-Request-Id} header or made up. */
final class RequestIds {

  static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "opendnc.requestId";
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

  private RequestIds() {}

  /** Assigns the request its id and echoes it in the response. */
  static void assign(Context ctx) {
    String given = ctx.header(HEADER);
    String id = given != null && WELL_FORMED.matcher(given).matches()
        ? given : UUID.randomUUID().toString();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  /** The request's id, or {@code null} before {@link #assign}. */
  static String of(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }
}
