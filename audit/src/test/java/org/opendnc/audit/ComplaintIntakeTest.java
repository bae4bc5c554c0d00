package org.opendnc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.store.RegisterStore;

/** A citizen's complaint checked field by field, at the edges of its limits, on a real SQLite store. */
class ComplaintIntakeTest {

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path dir;

  private static ComplaintIntake.Form at(String calledAt) {
    return new ComplaintIntake.Form("333 123 4567", "", calledAt, null, null, null);
  }

  private static List<String> codes(List<ComplaintIntake.FieldError> errors) {
    return errors.stream().map(e -> e.field() + ":" + e.code()).toList();
  }

  @Test
  void theTimeMayBeFiveMinutesAheadAndAYearBackButNoMore() {
    try (RegisterStore store = RegisterStore.openSqlite(dir)) {
      ComplaintIntake intake = new ComplaintIntake(store.complaints(), NumberParser.forRegion("IT"),
          ZoneId.of("Europe/Rome"), Clock.fixed(NOW, ZoneOffset.UTC));
      assertThat(intake.validate(at(NOW.plus(Duration.ofMinutes(5)).toString()))).isEmpty();
      assertThat(codes(intake.validate(at(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1).toString()))))
          .containsExactly("called_at:TIME_IN_FUTURE");
      assertThat(intake.validate(at(NOW.minus(ComplaintIntake.OLDEST_CALL).toString()))).isEmpty();
      assertThat(codes(intake.validate(at(NOW.minus(ComplaintIntake.OLDEST_CALL).minusSeconds(1).toString()))))
          .containsExactly("called_at:TIME_TOO_OLD");
      assertThat(codes(intake.validate(at("2026-02-30T10:00")))).containsExactly("called_at:TIME_INVALID");
      assertThat(intake.validate(at("2026-11-28 10:15"))).as("a space instead of T, local time").isEmpty();
    }
  }

  @Test
  void aWithheldCallerIdIsNoErrorAndTheLongestTextsFit() {
    try (RegisterStore store = RegisterStore.openSqlite(dir)) {
      ComplaintIntake intake = new ComplaintIntake(store.complaints(), NumberParser.forRegion("IT"),
          ZoneId.of("Europe/Rome"), Clock.fixed(NOW, ZoneOffset.UTC));
      ComplaintIntake.Filed filed = intake.file(new ComplaintIntake.Form(" 333 123 4567 ", "anonimo",
          "2026-11-28T09:30:00+01:00", "c".repeat(ComplaintIntake.MAX_COMPANY_CHARS),
          "o".repeat(ComplaintIntake.MAX_OFFER_CHARS), "t".repeat(ComplaintIntake.MAX_TEXT_CHARS)), "api");
      assertThat(filed.added()).isTrue();
      assertThat(filed.complaint().callerE164()).isZero();
      assertThat(filed.complaint().calledE164()).isEqualTo(393331234567L);
      assertThat(filed.complaint().at()).isEqualTo(Instant.parse("2026-11-28T08:30:00Z"));
      assertThat(store.complaints().count()).isEqualTo(1);

      assertThatThrownBy(() -> intake.file(new ComplaintIntake.Form("333 123 4567", "+39 0844 12345 ext. 9",
          "2026-11-28T09:30", null, null, "t".repeat(ComplaintIntake.MAX_TEXT_CHARS + 1)), "api"))
          .isInstanceOfSatisfying(ComplaintIntake.Rejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(ErrorCode.COMPLAINT_INVALID);
            assertThat(codes(rejected.errors())).containsExactly("caller_id:CALLER_ID_INVALID", "text:TOO_LONG");
          });
      assertThat(store.complaints().count()).isEqualTo(1);
    }
  }
}
