package org.opendnc.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;

/**
 * The pre-call check with an API key, {@code GET /api/v1/numbers/{number}/callable}, answered on
 * Jetty's core API ahead of Javalin's servlet stack (decision 0045): the same steps as every API
 * route (request id, security headers, the address's and the key's rate limits, the operator's
 * access, quota, audit, metrics and request log, problem documents), without the servlet request,
 * session and routing layers that cost more than the check itself. Every other request, and a
 * pre-call check authenticated by a portal session, goes on to Javalin.
 */
final class PreCallHandler extends Handler.Wrapper {

  static final String ROUTE = "/api/v1/numbers/{number}/callable";
  private static final String PREFIX = "/api/v1/numbers/";
  private static final String SUFFIX = "/callable";
  private static final String JSON = "application/json";

  private final OperatorApi operators;
  private final HttpSecurity security;
  private final Observability observability;

  PreCallHandler(OperatorApi operators, HttpSecurity security, Observability observability) {
    this.operators = operators;
    this.security = security;
    this.observability = observability;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    String number = "GET".equals(request.getMethod()) ? number(path) : null;
    String authorization = number == null ? null : request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (authorization == null) {
      return super.handle(request, response, callback);
    }
    long started = System.nanoTime();
    String requestId = RequestIds.fromHeader(request.getHeaders().get(RequestIds.HEADER));
    var headers = response.getHeaders();
    headers.put(RequestIds.HEADER, requestId);
    HttpSecurity.headers(headers::put, path, request.isSecure());
    Principal principal = null;
    int status;
    byte[] body;
    try {
      security.limitAddress(path, Request.getRemoteAddr(request));
      principal = security.authoriseKey(authorization, Access.OPERATOR);
      body = Json.MAPPER.writeValueAsBytes(operators.checkNumber(principal, number, requestId));
      status = 200;
      headers.put(HttpHeader.CONTENT_TYPE, JSON);
    } catch (RuntimeException | JsonProcessingException e) {
      Problems.Failure failure = Problems.failure(e, requestId, "GET");
      failure.headers().forEach(headers::put);
      status = Problems.status(failure.code());
      body = Json.MAPPER.writeValueAsBytes(
          Problems.body(failure.code(), failure.detail(), requestId, failure.members()));
      headers.put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
    }
    response.setStatus(status);
    observability.requestFinished("GET", ROUTE, status, (System.nanoTime() - started) / 1e6f,
        requestId, principal);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /**
   * The number of a pre-call path, decoded, or {@code null} when {@code rawPath} is another route
   * or holds anything but the characters of a written phone number (Javalin answers those).
   */
  static String number(String rawPath) {
    if (rawPath == null || !rawPath.startsWith(PREFIX) || !rawPath.endsWith(SUFFIX)
        || rawPath.length() <= PREFIX.length() + SUFFIX.length()) {
      return null;
    }
    String segment = rawPath.substring(PREFIX.length(), rawPath.length() - SUFFIX.length());
    if (segment.indexOf('/') >= 0 || segment.indexOf(';') >= 0) {
      return null;
    }
    String number;
    try {
      number = segment.indexOf('%') >= 0 ? URIUtil.decodePath(segment) : segment;
    } catch (IllegalArgumentException malformed) {
      return null;
    }
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '+' || c == ' ' || c == '-' || c == '.' || c == '('
          || c == ')')) {
        return null;
      }
    }
    return number;
  }
}
