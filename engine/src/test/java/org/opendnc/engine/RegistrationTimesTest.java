package org.opendnc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast registered_at parser agrees with java.time (its reference) on every input. */
class RegistrationTimesTest {

  /** Zones with daylight saving at midnight, skipped days, half-hour offsets and DST steps. */
  private static final List<ZoneId> ZONES = List.of(
      ZoneId.of("Europe/Rome"), ZoneOffset.UTC, ZoneId.of("America/Sao_Paulo"), ZoneId.of("Pacific/Apia"),
      ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/St_Johns"), ZoneId.of("Asia/Kathmandu"));

  @Test
  void agreesWithJavaTimeOnGeneratedTexts() {
    SplittableRandom random = new SplittableRandom(20240501);
    for (ZoneId zone : ZONES) {
      RegistrationTimes times = new RegistrationTimes(zone);
      for (int i = 0; i < 60_000; i++) {
        assertAgree(times, zone, generate(random));
      }
    }
  }

  @Test
  void agreesWithJavaTimeAroundEveryOffsetTransition() {
    SplittableRandom random = new SplittableRandom(11);
    for (ZoneId zone : ZONES) {
      RegistrationTimes times = new RegistrationTimes(zone);
      ZoneOffsetTransition transition = zone.getRules().nextTransition(Instant.parse("1970-01-01T00:00:00Z"));
      while (transition != null && transition.getInstant().isBefore(Instant.parse("2040-01-01T00:00:00Z"))) {
        LocalDateTime local = transition.getDateTimeBefore();
        for (int i = 0; i < 20; i++) {
          LocalDateTime near = local.plusMinutes(random.nextInt(-1_500, 1_500)).withSecond(random.nextInt(60));
          assertAgree(times, zone, near.toString());
          assertAgree(times, zone, near.toLocalDate().toString());
        }
        transition = zone.getRules().nextTransition(transition.getInstant());
      }
    }
  }

  @Test
  void readsTheCommonForms() {
    RegistrationTimes rome = new RegistrationTimes(ZoneId.of("Europe/Rome"));
    assertThat(rome.parse("2024-05-01")).isEqualTo(nanos("2024-04-30T22:00:00Z"));
    assertThat(rome.parse("2024-05-01T10:00:00Z")).isEqualTo(nanos("2024-05-01T10:00:00Z"));
    assertThat(rome.parse("2024-05-01T10:00:00+02:00")).isEqualTo(nanos("2024-05-01T08:00:00Z"));
    assertThat(rome.parse("2024-05-01T10:00:00.5-01:30")).isEqualTo(nanos("2024-05-01T11:30:00.5Z"));
    assertThat(rome.parse("2024-01-10T10:00:00")).isEqualTo(nanos("2024-01-10T09:00:00Z"));
    assertThat(rome.parse("2024-01-10T10:00")).isEqualTo(nanos("2024-01-10T09:00:00Z"));
    assertThat(rome.parse(" 2024-01-10T10:00:00.123456789Z ")).isEqualTo(nanos("2024-01-10T10:00:00.123456789Z"));
  }

  @Test
  void refusesInstantsTheRegisterCannotHold() {
    RegistrationTimes utc = new RegistrationTimes(ZoneOffset.UTC);
    // The store's range (store/EpochNanos: seconds times 10^9, then plus the nanoseconds, exactly).
    assertThat(utc.parse("1677-09-21T00:12:44Z")).isEqualTo(-9_223_372_036_000_000_000L);
    assertThat(utc.parse("2262-04-11T23:47:16.854775807Z")).isEqualTo(Long.MAX_VALUE);
    for (String text : List.of("1677-09-21T00:12:43.999999999Z", "2262-04-11T23:47:16.854775808Z", "1600-01-01",
        "0001-01-01T00:00:00Z", "9999-12-31", "2263-01-01T00:00:00+01:00")) {
      assertThatThrownBy(() -> utc.parse(text))
          .as(text)
          .isInstanceOf(DateTimeException.class)
          .hasMessageContaining("outside the years 1677 to 2262");
    }
    assertThatThrownBy(() -> utc.parse("2024-02-30")).isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> utc.parse("yesterday")).isInstanceOf(DateTimeException.class);
  }

  private static void assertAgree(RegistrationTimes times, ZoneId zone, String text) {
    String expected;
    try {
      expected = Long.toString(RegistrationTimes.reference(text, zone));
    } catch (DateTimeException e) {
      expected = "refused";
    }
    String actual;
    try {
      actual = Long.toString(times.parse(text));
    } catch (DateTimeException e) {
      actual = "refused";
    }
    assertThat(actual).as("'%s' in %s", text, zone).isEqualTo(expected);
  }

  private static long nanos(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** Mostly well-formed texts of every accepted shape, with fields near and past their limits. */
  private static String generate(SplittableRandom random) {
    int year = random.nextInt(8) == 0 ? random.nextInt(0, 10_000) : random.nextInt(1670, 2270);
    int month = random.nextInt(10) == 0 ? random.nextInt(0, 14) : random.nextInt(1, 13);
    int day = random.nextInt(10) == 0 ? random.nextInt(0, 33) : random.nextInt(1, 29 + random.nextInt(3));
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day));
    if (random.nextInt(4) != 0) {
      text.append(random.nextInt(30) == 0 ? (random.nextBoolean() ? 't' : ' ') : 'T');
      text.append(String.format(Locale.ROOT, "%02d:%02d", limit(random, 24), limit(random, 60)));
      if (random.nextInt(5) != 0) {
        text.append(String.format(Locale.ROOT, ":%02d", limit(random, 60)));
        if (random.nextInt(3) == 0) {
          text.append('.');
          int digits = random.nextInt(0, 11);
          for (int d = 0; d < digits; d++) {
            text.append((char) ('0' + random.nextInt(10)));
          }
        }
      }
      switch (random.nextInt(8)) {
        case 0, 1 -> {}
        case 2, 3 -> text.append(random.nextInt(20) == 0 ? 'z' : 'Z');
        case 4, 5 -> text.append(random.nextBoolean() ? '+' : '-')
            .append(String.format(Locale.ROOT, "%02d:%02d", random.nextInt(0, 20), limit(random, 60)));
        case 6 -> text.append(String.format(Locale.ROOT, "+%02d", random.nextInt(0, 20)));
        default -> text.append(String.format(Locale.ROOT, "-%02d%02d", random.nextInt(0, 20), limit(random, 60)));
      }
    }
    switch (random.nextInt(40)) {
      case 0 -> text.insert(0, ' ');
      case 1 -> text.append(' ');
      case 2 -> text.setCharAt(random.nextInt(text.length()), (char) random.nextInt(32, 127));
      case 3 -> text.deleteCharAt(random.nextInt(text.length()));
      default -> {}
    }
    return text.toString();
  }

  /** Mostly below {@code bound}, sometimes at or just past it. */
  private static int limit(SplittableRandom random, int bound) {
    return random.nextInt(20) == 0 ? bound + random.nextInt(0, 2) : random.nextInt(bound);
  }
}
