package org.opendnc.server.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form's state when shown again: the values sent and the error of each field, already in the
 * page's language. Field names are also the inputs' ids; an error's element id is
 * {@code NAME-error}, which the input names in {@code aria-describedby}. Not thread-safe.
 */
public final class Form {

  /** One error, for the summary at the top of the form. */
  public record Error(String field, String message) {
    /** The link to the field, e.g. {@code #number1}. */
    public String anchor() {
      return "#" + field;
    }
  }

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> errors = new LinkedHashMap<>();
  private String formError;

  /** An empty form. */
  public static Form empty() {
    return new Form();
  }

  /** Sets a field's value as it is shown again. */
  public Form value(String field, String value) {
    values.put(field, value);
    return this;
  }

  /** The value to show in a field ({@code ""} when none). */
  public String value(String field) {
    return values.getOrDefault(field, "");
  }

  /** Whether a choice (radio button, check box) was the one sent. */
  public boolean chosen(String field, String choice) {
    return choice.equals(values.get(field));
  }

  /** Records a field's error (the first one per field is kept). */
  public Form error(String field, String message) {
    errors.putIfAbsent(field, message);
    return this;
  }

  /** Records an error of the whole form, not of one field. */
  public Form formError(String message) {
    if (formError == null) {
      formError = message;
    }
    return this;
  }

  /** The whole form's error, or {@code null}. */
  public String formError() {
    return formError;
  }

  /** A field's error, or {@code null}. */
  public String error(String field) {
    return errors.get(field);
  }

  /** Whether the field has an error. */
  public boolean invalid(String field) {
    return errors.containsKey(field);
  }

  /** {@code "true"} for an invalid field's {@code aria-invalid}, else null (no attribute). */
  public String ariaInvalid(String field) {
    return invalid(field) ? "true" : null;
  }

  /**
   * The ids a field's {@code aria-describedby} names: its hint (when it has one) and its error;
   * null when neither.
   */
  public String describedBy(String field, boolean hasHint) {
    String ids = (hasHint ? field + "-hint " : "") + (invalid(field) ? field + "-error" : "");
    return ids.isBlank() ? null : ids.strip();
  }

  /** Whether anything is wrong. */
  public boolean hasErrors() {
    return formError != null || !errors.isEmpty();
  }

  /** The fields' errors in order, for the summary. */
  public List<Error> errors() {
    List<Error> list = new ArrayList<>();
    errors.forEach((field, message) -> list.add(new Error(field, message)));
    return list;
  }
}
