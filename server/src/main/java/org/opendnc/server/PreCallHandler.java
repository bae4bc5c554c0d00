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
 *
 * <p>The request's thread does not wait for the check's audit entry (decision 0053): it checks the
 * number, queues the entry and returns to Jetty's pool; the audit writer writes the answer once the
 * entry is committed, so no thread is parked per request in flight.
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
    Check check = new Check(request, response, callback, number);
    try {
      security.limitAddress(path, Request.getRemoteAddr(request));
      check.run(security.authoriseKey(authorization, Access.OPERATOR));
    } catch (RuntimeException e) {
      check.answer(null, e);
    }
    return true;
  }

  /** One pre-call check from request to answer. */
  private final class Check {
    private final long started = System.nanoTime();
    private final Response response;
    private final Callback callback;
    private final String number;
    private final String requestId;
    private Principal principal;

    Check(Request request, Response response, Callback callback, String number) {
      this.response = response;
      this.callback = callback;
      this.number = number;
      this.requestId = RequestIds.fromHeader(request.getHeaders().get(RequestIds.HEADER));
      var headers = response.getHeaders();
      headers.put(RequestIds.HEADER, requestId);
      HttpSecurity.headers(headers::put, request.getHttpURI().getPath(), request.isSecure());
    }

    /**
     * Checks the number and writes its answer, prepared here, once the audit entry is committed.
     */
    void run(Principal authorised) {
      this.principal = authorised;
      try {
        OperatorApi.PendingCheck pending = operators.checkNumberAsync(authorised, number, requestId);
        byte[] body = pending.answer() == null ? null : Json.MAPPER.writeValueAsBytes(pending.answer());
        pending.audited().whenComplete((stored, failure) -> answer(body, failure));
      } catch (RuntimeException | JsonProcessingException e) {
        answer(null, e);
      }
    }

    /**
     * Writes the prepared answer, or the problem that {@code failure} stands for. Never blocks.
     */
    void answer(byte[] prepared, Throwable failure) {
      var headers = response.getHeaders();
      int status;
      byte[] body;
      try {
        if (failure == null) {
          body = prepared;
          status = 200;
          headers.put(HttpHeader.CONTENT_TYPE, JSON);
        } else {
          Problems.Failure problem = Problems.failure(AuditTrail.failure(failure), requestId, "GET");
          problem.headers().forEach(headers::put);
          status = Problems.status(problem.code());
          body = Json.MAPPER.writeValueAsBytes(
              Problems.body(problem.code(), problem.detail(), requestId, problem.members()));
          headers.put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
        }
      } catch (JsonProcessingException | RuntimeException e) {
        callback.failed(e);
        return;
      }
      response.setStatus(status);
      observability.requestFinished("GET", ROUTE, status, (System.nanoTime() - started) / 1e6f,
          requestId, principal);
      response.write(true, ByteBuffer.wrap(body), callback);
    }
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
