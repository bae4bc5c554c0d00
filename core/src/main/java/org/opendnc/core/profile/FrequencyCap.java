package org.opendnc.core.profile;

import java.time.Duration;
import java.util.Objects;

/**
 * A cap on repeated calls by one firm to one number (FR: at most 4 calls in 30 days, none for 60
 * days after a refusal).
 *
 * @param maxCalls the most calls allowed in any window, {@code > 0}
 * @param window the rolling window the calls are counted in
 * @param afterRefusal how long no call is allowed after the person refused; {@link Duration#ZERO}
 *     for no such rule
 */
public record FrequencyCap(int maxCalls, Duration window, Duration afterRefusal) {
  public FrequencyCap {
    if (maxCalls <= 0) {
      throw new IllegalArgumentException("maxCalls must be positive: " + maxCalls);
    }
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(afterRefusal, "afterRefusal");
  }
}
