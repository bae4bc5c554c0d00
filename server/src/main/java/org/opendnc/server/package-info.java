/** The register as an HTTP service: the JSON API under /api/v1, its OpenAPI document, operator and
 * admin authentication, quotas, rate limits, health, metrics and request logs. */
package org.opendnc.server;
