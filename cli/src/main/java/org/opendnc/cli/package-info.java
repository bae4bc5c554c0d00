/**
 * The {@code dnc} command line: picocli commands over the engine, user-facing messages, exit codes
 * and progress bars.
 */
package org.opendnc.cli;
