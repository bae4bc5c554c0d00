package org.opendnc.investigate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DateReaderTest {
  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  @Test
  void readsTheCommonFormsInTheCaseZone() {
    DateReader reader = DateReader.dayFirst(ROME);
    long expected = LocalDateTime.of(2023, 3, 4, 10, 11, 12).atZone(ROME).toEpochSecond();
    assertThat(reader.read("2023-03-04 10:11:12")).isEqualTo(expected);
    assertThat(reader.read("2023-03-04T10:11:12")).isEqualTo(expected);
    assertThat(reader.read("04/03/2023 10:11:12")).isEqualTo(expected);
    assertThat(reader.read("2023-03-04T09:11:12Z")).isEqualTo(expected);
    assertThat(reader.read("2023-03-04T10:11:12+01:00")).isEqualTo(expected);
    assertThat(reader.read(Long.toString(expected))).isEqualTo(expected);
    assertThat(reader.read("20230304")).isEqualTo(LocalDateTime.of(2023, 3, 4, 0, 0).atZone(ROME).toEpochSecond());
    assertThat(reader.read("")).isEqualTo(DateReader.BLANK);
    assertThat(reader.read("31/02/2023")).isEqualTo(DateReader.UNREADABLE);
    assertThat(reader.read("domani")).isEqualTo(DateReader.UNREADABLE);
  }

  @Test
  void aColumnIsReadMonthFirstOnlyWhenItProvesIt() {
    assertThat(DateReader.forSample(ROME, List.of("03/14/2023", "01/02/2023")).read("01/02/2023"))
        .isEqualTo(LocalDateTime.of(2023, 1, 2, 0, 0).atZone(ROME).toEpochSecond());
    assertThat(DateReader.forSample(ROME, List.of("14/03/2023", "01/02/2023")).read("01/02/2023"))
        .isEqualTo(LocalDateTime.of(2023, 2, 1, 0, 0).atZone(ROME).toEpochSecond());
  }

  @Test
  void theFastPathAgreesWithTheRegularExpressionsOnRandomTexts() {
    DateReader fast = DateReader.dayFirst(ROME);
    DateReader reference = fast.reference();
    Random random = new Random(5);
    String[] separators = {"-", "/", ".", " ", "T", ":", ",", "", "x"};
    for (int i = 0; i < 200_000; i++) {
      StringBuilder s = new StringBuilder();
      int parts = 1 + random.nextInt(7);
      for (int p = 0; p < parts; p++) {
        int digits = 1 + random.nextInt(4);
        int value = random.nextInt((int) Math.pow(10, digits));
        if (p == 0 && random.nextBoolean()) {
          value = 1990 + random.nextInt(40);
        }
        s.append(value);
        if (p + 1 < parts) {
          s.append(separators[random.nextInt(separators.length)]);
        }
      }
      // every DST transition day of 2020-2024 is in range of the generated years
      if (random.nextInt(5) == 0) {
        s.append(random.nextBoolean() ? "Z" : " Z");
      }
      String text = s.toString();
      assertThat(fast.read(text)).as(text).isEqualTo(reference.read(text));
    }
    for (LocalDateTime t = LocalDateTime.of(2021, 3, 27, 0, 0); t.isBefore(LocalDateTime.of(2021, 3, 29, 0, 0)); t = t.plusMinutes(17)) {
      String text = t.toString().replace('T', ' ');
      assertThat(fast.read(text)).as(text).isEqualTo(reference.read(text));
    }
    for (LocalDateTime t = LocalDateTime.of(2021, 10, 30, 0, 0); t.isBefore(LocalDateTime.of(2021, 11, 1, 0, 0)); t = t.plusMinutes(17)) {
      String text = t.toString().replace('T', ' ');
      assertThat(fast.read(text)).as(text).isEqualTo(reference.read(text));
    }
  }
}
