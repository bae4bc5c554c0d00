package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

  @Test
  void requestDurationsAreWrittenWithTwoDecimalsLikeTheFormatter() {
    assertThat(Observability.hundredths(0f)).isEqualTo("0.00");
    assertThat(Observability.hundredths(0.07f)).isEqualTo("0.07");
    assertThat(Observability.hundredths(12.5f)).isEqualTo("12.50");
    assertThat(Observability.hundredths(1234.567f)).isEqualTo("1234.57");
    Random random = new Random(5);
    for (int i = 0; i < 100_000; i++) {
      float millis = random.nextFloat() * (i % 2 == 0 ? 10 : 100_000);
      // Away from a tie, where the formatter (HALF_UP on the float's exact value) and rounding
      // the float times 100 may differ in the last digit.
      double scaled = millis * 100.0;
      if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-3) {
        continue;
      }
      assertThat(Observability.hundredths(millis)).isEqualTo(String.format(Locale.ROOT, "%.2f", millis));
    }
  }
}
