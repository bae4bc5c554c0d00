package org.opendnc.core.check;

import org.opendnc.core.index.NumberSet;
import org.opendnc.core.receipt.Receipt;

/**
 * The outcome of checking one list: the counts, the SHA-256 of the bytes read and written, and the
 * set of numbers found callable (kept with the receipt to answer "which check covered this call?").
 *
 * @param phoneColumn the header name of the column the numbers were read from
 * @param delimiter the field delimiter found in the header
 */
public record CheckResult(
    Receipt.Counts counts,
    byte[] inputSha256,
    byte[] outputSha256,
    NumberSet callableNumbers,
    String phoneColumn,
    char delimiter) {}
