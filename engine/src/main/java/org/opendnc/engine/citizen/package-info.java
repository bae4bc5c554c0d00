/**
 * Citizens' requests: proving that one holds a line (a one-time code by SMS, or a call from the
 * line), then registering, renewing, allowing, disallowing, cancelling, or seeing status and history.
 */
package org.opendnc.engine.citizen;
