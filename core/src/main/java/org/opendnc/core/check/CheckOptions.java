package org.opendnc.core.check;

import java.util.Objects;

/**
 * How to check one list.
 *
 * @param operator the operator whose calls the check is for (its ALLOW set applies)
 * @param column the header name of the phone column, or {@code null} to find it by name
 * @param onlyCallable write only the rows found callable (the header is always written)
 */
public record CheckOptions(String operator, String column, boolean onlyCallable) {
  public CheckOptions {
    Objects.requireNonNull(operator, "operator");
    if (operator.isBlank()) {
      throw new IllegalArgumentException("operator must not be blank");
    }
  }
}
