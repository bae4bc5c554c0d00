package org.opendnc.server;

import io.javalin.security.RouteRole;

/** Who may call a route. Every route names exactly one; {@link HttpSecurity} enforces it. */
enum Access implements RouteRole {
  /** Anyone: health, metrics, the API document, the register's public key, logging in. */
  PUBLIC,
  /** Operators: an API key ({@code Authorization: Bearer}) or an operator's portal session. */
  OPERATOR,
  /** The register's staff: an admin portal session. */
  ADMIN,
  /**
   * The authority's staff (issue 5, decision 0030): a regulator's portal session (API clients log
   * in with POST /api/v1/session and send the session's CSRF token); API keys are refused.
   */
  REGULATOR,
  /** Any portal session, also one whose one-time password must still be changed. */
  SIGNED_IN,
  /**
   * Anyone, through the web portal: the pages citizens use and the login form. Forms that change
   * something must carry the CSRF token of the visitor's session (made when a form is shown).
   */
  VISITOR
}
