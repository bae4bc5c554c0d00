package org.opendnc.server;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The id of each request: taken from a well-formed {@code X-Request-Id} header or made up. */
final class RequestIds {

  static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "opendnc.requestId";
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

  private RequestIds() {}

  /** Assigns the request its id and echoes it in the response. */
  static void assign(Context ctx) {
    String id = fromHeader(ctx.header(HEADER));
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  /** The id of a request whose {@code X-Request-Id} header is {@code given} (may be null). */
  static String fromHeader(String given) {
    return given != null && WELL_FORMED.matcher(given).matches() ? given : newId();
  }

  /**
   * A random (version 4) UUID from the thread's own generator: a request id must be unique, not
   * unpredictable, and UUID.randomUUID()'s shared SecureRandom costs every request a lock.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  /** The request's id, or {@code null} before {@link #assign}. */
  static String of(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }
}
