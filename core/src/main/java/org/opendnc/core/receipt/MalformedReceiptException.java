package org.opendnc.core.receipt;

/** Receipt JSON that cannot be read; the message names the field and what is wrong with it. */
public final class MalformedReceiptException extends IllegalArgumentException {

  MalformedReceiptException(String message) {
    super("malformed receipt: " + message);
  }

  MalformedReceiptException(String message, Throwable cause) {
    super("malformed receipt: " + message, cause);
  }
}
