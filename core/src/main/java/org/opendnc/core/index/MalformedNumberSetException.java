package org.opendnc.core.index;

/** Bytes that are not a valid serialized {@link NumberSet}; the message says what and where. */
public final class MalformedNumberSetException extends IllegalArgumentException {

  MalformedNumberSetException(String message) {
    super("malformed number set: " + message);
  }

  MalformedNumberSetException(String message, Throwable cause) {
    super("malformed number set: " + message, cause);
  }
}
