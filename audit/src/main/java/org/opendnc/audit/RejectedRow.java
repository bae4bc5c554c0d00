package org.opendnc.audit;

/**
 * An input row that could not be used: its line in the file, a stable reason code (docs/errors.md,
 * "Per-row problems") and what was wrong.
 */
public record RejectedRow(long line, String reason, String detail) {}
