package org.opendnc.investigate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZoneOffsetsTest {
  @Test
  void theDayTableGivesTheZoneRulesOffsetIncludingAroundTransitions() {
    for (String id : new String[] {"Europe/Rome", "America/New_York", "Australia/Lord_Howe", "UTC"}) {
      ZoneId zone = ZoneId.of(id);
      ZoneOffsets offsets = new ZoneOffsets(zone);
      Random random = new Random(id.hashCode());
      for (int i = 0; i < 200_000; i++) {
        long second = -2_208_988_800L + (long) (random.nextDouble() * 9_467_280_000L); // 1900..2200
        assertThat(offsets.offsetSeconds(second)).as("%s %d", id, second)
            .isEqualTo(zone.getRules().getOffset(Instant.ofEpochSecond(second)).getTotalSeconds());
      }
      var transition = zone.getRules().nextTransition(Instant.parse("2021-01-01T00:00:00Z"));
      if (transition != null) {
        long at = transition.getInstant().getEpochSecond();
        for (long s = at - 90_000; s < at + 90_000; s += 61) {
          assertThat(offsets.offsetSeconds(s)).isEqualTo(zone.getRules().getOffset(Instant.ofEpochSecond(s)).getTotalSeconds());
        }
      }
    }
  }
}
