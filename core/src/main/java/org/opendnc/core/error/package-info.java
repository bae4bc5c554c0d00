/**
 * Stable error codes and the exception that carries them to users: a CLI exit code, an HTTP problem
 * response, a message that says what was wrong, where, and what to do.
 */
package org.opendnc.core.error;
