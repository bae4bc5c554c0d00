package org.opendnc.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

class ProfileTest {

  @TempDir Path temporary;

  @Test
  void theBuiltInProfilesCarryTheTablesFigures() {
    assertThat(Profile.builtIn().keySet()).containsExactly("IT", "US", "UK", "FR", "CA");
    Profile it = Profile.forCode("it");
    assertThat(it.checkValidity()).isEqualTo(Duration.ofDays(15));
    assertThat(it.zone()).isEqualTo(ZoneId.of("Europe/Rome"));
    assertThat(it.rules().contractGrace()).isEqualTo(Duration.ofDays(30));
    assertThat(it.rules().allowedCallerIdPrefixes()).containsExactly("390843", "390844");
    assertThat(it.rules().frequencyCap()).isNull();
    assertThat(Profile.forCode("US").checkValidity()).isEqualTo(Duration.ofDays(31));
    assertThat(Profile.forCode("UK").checkValidity()).isEqualTo(Duration.ofDays(28));
    assertThat(Profile.forCode("UK").rules().callingHours().isUnrestricted()).isTrue();
    assertThat(Profile.forCode("CA").checkValidity()).isEqualTo(Duration.ofDays(31));
    FrequencyCap fr = Profile.forCode("FR").rules().frequencyCap();
    assertThat(fr).isEqualTo(new FrequencyCap(4, Duration.ofDays(30), Duration.ofDays(60)));
  }

  @Test
  void easterFollowsTheGregorianComputus() {
    assertThat(HolidayCalendar.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
    assertThat(HolidayCalendar.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
    assertThat(HolidayCalendar.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
    assertThat(HolidayCalendar.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
    assertThat(HolidayCalendar.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
  }

  @ParameterizedTest(name = "IT {0} holiday={1}")
  @CsvSource({
    "2026-04-06, true", // Easter Monday 2026
    "2026-04-07, false",
    "2026-10-04, true", // San Francesco, from 2026
    "2025-10-04, false",
    "2026-12-26, true",
    "2026-06-02, true",
    "2026-08-14, false"
  })
  void italianHolidaysAreData(LocalDate day, boolean holiday) {
    assertThat(Profile.forCode("IT").rules().holidays().isHoliday(day)).isEqualTo(holiday);
  }

  @ParameterizedTest(name = "IT {0} {1} allowed={2}")
  @CsvSource({
    "2026-03-02, 19:59:59, true", // Monday
    "2026-03-02, 20:00:00, false",
    "2026-03-02, 08:59:59, false",
    "2026-03-02, 09:00:00, true",
    "2026-03-07, 18:59:59, true", // Saturday
    "2026-03-07, 19:00:00, false",
    "2026-03-07, 09:30:00, false",
    "2026-03-08, 12:00:00, false", // Sunday
    "2026-04-06, 12:00:00, false", // Easter Monday
    "2026-04-24, 09:30:00, false", // Friday before 25 April: day before a holiday, 10-19
    "2026-04-24, 10:00:00, true",
    "2026-04-24, 19:30:00, false",
    "2026-12-24, 19:00:00, false" // Thursday before Christmas
  })
  void italianCallingHours(LocalDate day, String time, boolean allowed) {
    ProfileRules rules = Profile.forCode("IT").rules();
    int second = java.time.LocalTime.parse(time).toSecondOfDay();
    assertThat(rules.callingHours().allows(day, second, rules.holidays())).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "FR {0} {1} allowed={2}")
  @CsvSource({
    "2026-03-02, 12:59:59, true",
    "2026-03-02, 13:00:00, false",
    "2026-03-02, 14:00:00, true",
    "2026-03-07, 11:00:00, false", // Saturday
    "2026-05-14, 11:00:00, false" // Ascension 2026 (Easter + 39)
  })
  void frenchCallingHours(LocalDate day, String time, boolean allowed) {
    ProfileRules rules = Profile.forCode("FR").rules();
    int second = java.time.LocalTime.parse(time).toSecondOfDay();
    assertThat(rules.callingHours().allows(day, second, rules.holidays())).isEqualTo(allowed);
  }

  @Test
  void aNewCountryIsADataFile() throws IOException, URISyntaxException {
    Path file = Path.of(getClass().getResource("XX-test.json").toURI());
    Profile xx = Profile.named(file.toString());
    assertThat(xx.code()).isEqualTo("XX");
    assertThat(xx.region()).isEqualTo("DE");
    assertThat(xx.checkValidity()).isEqualTo(Duration.ofDays(20));
    ProfileRules rules = xx.rules();
    assertThat(rules.callingHours().byWeekday().get(DayOfWeek.SUNDAY)).isEmpty();
    assertThat(rules.callingHours().allows(LocalDate.of(2026, 3, 2), 12 * 3600 + 30 * 60, rules.holidays()))
        .as("Monday lunch break").isFalse();
    assertThat(rules.holidays().isHoliday(LocalDate.of(2026, 4, 3))).as("Good Friday = Easter - 2").isTrue();
    assertThat(rules.holidays().isHoliday(LocalDate.of(2017, 10, 31))).isTrue();
    assertThat(rules.holidays().isHoliday(LocalDate.of(2018, 10, 31))).as("until 2017").isFalse();
    assertThat(rules.callingHours().allows(LocalDate.of(2026, 10, 3), 11 * 3600, rules.holidays()))
        .as("holiday hours").isTrue();
    assertThat(rules.isAllowedCallerIdPrefix(49700123456L)).isTrue();
    assertThat(rules.frequencyCap()).isEqualTo(new FrequencyCap(2, Duration.ofDays(7), Duration.ZERO));
    assertThat(rules.contractGrace()).isEqualTo(Duration.ofDays(10));
  }

  @Test
  void severalZonesNarrowByPrefix() {
    ZoneMap us = Profile.forCode("US").rules().zones();
    assertThat(us.zonesOf(12135550100L)).containsExactly(ZoneId.of("America/Los_Angeles"));
    assertThat(us.zonesOf(12125550100L)).containsExactly(ZoneId.of("America/New_York"));
    assertThat(us.zonesOf(15415550100L)).hasSize(7);
    assertThat(Profile.forCode("IT").rules().zones().zonesOf(393331234567L))
        .containsExactly(ZoneId.of("Europe/Rome"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "{|not valid JSON at line",
    "[]|a profile is a JSON object",
    "{\"code\":\"XX\",\"register\":\"r\",\"region\":\"DE\",\"zone\":\"Mars/Base\",\"check_validity_days\":1}|unknown time zone 'Mars/Base'",
    "{\"code\":\"XX\",\"register\":\"r\",\"region\":\"DE\",\"zone\":\"UTC\"}|field check_validity_days: missing",
    "{\"code\":\"XX\",\"register\":\"r\",\"region\":\"DE\",\"zone\":\"UTC\",\"check_validity_days\":1,\"calling_hours\":{\"MONDAY\":[\"20:00-09:00\"]}}|must start before it ends",
    "{\"code\":\"XX\",\"register\":\"r\",\"region\":\"DE\",\"zone\":\"UTC\",\"check_validity_days\":1,\"calling_hours\":{\"MOONDAY\":[]}}|unknown key 'MOONDAY'",
    "{\"code\":\"XX\",\"register\":\"r\",\"region\":\"DE\",\"zone\":\"UTC\",\"check_validity_days\":1,\"holidays\":[{\"date\":\"02-30\"}]}|is not a date MM-DD",
    "{\"code\":\"XX\",\"register\":\"r\",\"region\":\"DE\",\"zone\":\"UTC\",\"check_validity_days\":1,\"holidays\":[{\"date\":\"01-01\",\"easter\":1}]}|either",
    "{\"code\":\"XX\",\"register\":\"r\",\"region\":\"DE\",\"zone\":\"UTC\",\"check_validity_days\":1,\"caller_id\":{\"allowed_prefixes\":[\"0844\"]}}|not an E.164 prefix",
    "{\"code\":\"XX\",\"register\":\"r\",\"region\":\"DE\",\"zone\":\"UTC\",\"check_validity_days\":-3}|0 or more"
  })
  void aMalformedProfileFileIsRefusedWithItsField(String json, String message) throws IOException {
    Path file = Files.writeString(temporary.resolve("bad.json"), json);
    assertThatThrownBy(() -> Profile.named(file.toString()))
        .isInstanceOfSatisfying(DncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROFILE_MALFORMED))
        .hasMessageContaining("bad.json")
        .hasMessageContaining(message);
  }

  @Test
  void aMissingProfileFileOrUnknownCodeIsNamed() {
    assertThatThrownBy(() -> Profile.named(temporary.resolve("none.json").toString()))
        .isInstanceOfSatisfying(DncException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND));
    assertThatThrownBy(() -> Profile.named("ZZ"))
        .isInstanceOfSatisfying(DncException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("IT, US, UK, FR, CA");
  }
}
