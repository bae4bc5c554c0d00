/** Checking (scrubbing) call lists against the index: verdicts, reason codes and the streaming CSV checker. */
package org.opendnc.core.check;
