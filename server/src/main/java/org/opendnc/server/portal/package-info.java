/**
 * What the web portal's templates see: the page model, the messages of each language, form state
 * and chart geometry. Data only; the handlers that fill them are in {@code org.opendnc.server}.
 */
package org.opendnc.server.portal;
