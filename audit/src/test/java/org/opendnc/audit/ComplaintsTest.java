package org.opendnc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.store.Complaint;
import org.opendnc.store.OperatorListStore.CallingNumber;
import org.opendnc.store.RegisterStore;

class ComplaintsTest {

  @TempDir Path dir;

  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void ftcOpenDataIsReadWithEveryBadRowReported() throws IOException {
    Path file = Files.writeString(dir.resolve("ftc.csv"), """
        Company_Phone_Number,Created_Date,Violation_Date,Consumer_City,Consumer_State,Consumer_Area_Code,Subject,Recorded_Message_Or_Robocall
        2025550188,2026-09-23 00:02:35,2026-09-22 18:15:00,Washington,District of Columbia,202,"Reducing your debt (credit cards, mortgage, student loans)",Y
        2025550188,2026-09-23 00:02:35,2026-09-22 18:15:00,Washington,District of Columbia,202,"Reducing your debt (credit cards, mortgage, student loans)",Y
        202555018,2026-09-23 01:00:00,2026-09-22 18:00:00,Austin,Texas,512,Imposters,N
        ,2026-09-23 01:00:00,,Austin,Texas,512,Other,
        3125550100,2026-09-23 01:00:00,,Chicago,Illinois,312,Dropped call or no message,
        3125550100,not a date,,Chicago,Illinois,312,Other,N
        3125550100,2026-09-23 01:00:00,2026-09-22 10:00:00,Chicago,Illinois,312,Other,maybe
        3125550100,2026-09-23 01:00:00,2026-09-22 10:00:00,Chicago,Illinois,31,Other,N
        """);
    List<Complaint> read = new ArrayList<>();
    Rejects rejects = new Rejects(dir.resolve("ftc.rejects.csv"));
    new ComplaintReader(NumberParser.forRegion("US"), NEW_YORK).read(file, rejects, read::add);
    rejects.close();

    assertThat(read).hasSize(3);
    Complaint first = read.get(0);
    assertThat(first.callerE164()).isEqualTo(12025550188L);
    assertThat(first.at()).isEqualTo(Instant.parse("2026-09-22T22:15:00Z"));
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-09-23T04:02:35Z"));
    assertThat(first.subject()).isEqualTo("Reducing your debt (credit cards, mortgage, student loans)");
    assertThat(first.robocall()).isEqualTo("Y");
    assertThat(first.consumerAreaCode()).isEqualTo("202");
    assertThat(read.get(1).id()).as("a repeated row is a second complaint").isNotEqualTo(first.id());
    assertThat(read.get(2).at()).as("no Violation_Date: the creation date")
        .isEqualTo(Instant.parse("2026-09-23T05:00:00Z"));
    assertThat(rejects.first()).extracting(RejectedRow::line, RejectedRow::reason).containsExactly(
        tuple(4L, "INVALID_CALLER_ID"), tuple(5L, "MISSING_CALLER_ID"), tuple(7L, "INVALID_TIME"),
        tuple(8L, "INVALID_FLAG"), tuple(9L, "INVALID_AREA_CODE"));
    assertThat(dir.resolve("ftc.rejects.csv")).content().contains("4,INVALID_CALLER_ID,");

    List<Complaint> again = new ArrayList<>();
    new ComplaintReader(NumberParser.forRegion("US"), NEW_YORK).read(file, new Rejects(null), again::add);
    assertThat(again).extracting(Complaint::id).isEqualTo(read.stream().map(Complaint::id).toList());
  }

  @Test
  void aFileOfNeitherFormatIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("x.csv"), "a,b\n1,2\n");
    assertThatThrownBy(() -> new ComplaintReader(NumberParser.forRegion("IT"), NEW_YORK).read(file, new Rejects(null), c -> {}))
        .isInstanceOfSatisfying(DncException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND))
        .hasMessageContaining("x.csv line 1");
  }

  @Test
  void nativeComplaintsAreImportedOnceAndMatchedToTheLikelyCaller() throws IOException {
    Path complaints = Files.writeString(dir.resolve("complaints.csv"), """
        number_called,caller_id,called_at,company,offer,text
        333 111 1111,06 1234 5678,2026-03-10T10:30:00+01:00,Luce Srl,energy contract,"Called twice, rude"
        333 222 2222,06 1234 5678,2026-03-10T15:00:00+01:00,,fibre,
        333 333 3333,02 9999 0000,2026-03-10T10:00:00+01:00,Gas Spa,gas,
        333 444 4444,,2026-03-10T10:05:00+01:00,,,anonymous call
        333 555 5555,06 1234 5678,2026-03-10 11:00,,,local time
        12,06 1234 5678,2026-03-10T10:00:00+01:00,,,
        """);
    Path calls = Files.writeString(dir.resolve("calls.csv"), """
        call_id,operator,caller_id,callee,started_at
        k1,acme,06 1234 5678,333 111 1111,2026-03-10T09:45:00+01:00
        k2,acme,06 1234 5678,333 111 1111,2026-03-10T12:31:00+01:00
        k3,beta,06 1234 5678,333 999 9999,2026-03-10T14:00:00+01:00
        k4,beta,06 1234 5678,333 888 8888,2026-03-10T15:30:00+01:00
        k5,gamma,06 1234 5678,333 777 7777,2026-03-10T11:00:00+01:00
        """);
    NumberParser parser = NumberParser.forRegion("IT");
    ZoneId rome = ZoneId.of("Europe/Rome");
    try (RegisterStore store = RegisterStore.openSqlite(dir.resolve("data"))) {
      store.operatorLists().declareCallingNumber("gas-co", 390299990000L, Instant.parse("2025-01-01T00:00:00Z"));
      Complaints.ImportResult first = Complaints.importFile(store.complaints(), complaints, parser, rome,
          dir.resolve("complaints.rejects.csv"));
      assertThat(first.added()).isEqualTo(5);
      assertThat(first.rejects().first()).extracting(RejectedRow::line, RejectedRow::reason)
          .containsExactly(tuple(7L, "INVALID_NUMBER"));
      Complaints.ImportResult second = Complaints.importFile(store.complaints(), complaints, parser, rome, null);
      assertThat(second.added()).isZero();
      assertThat(second.alreadyStored()).isEqualTo(5);

      Complaints.MatchResult result = Complaints.match(store, calls, parser, Duration.ofHours(2),
          dir.resolve("matches.csv"), new Rejects(null));
      assertThat(result.complaints()).isEqualTo(5);
      assertThat(dir.resolve("matches.csv")).content().contains(",CALLER_AND_NUMBER,acme,acme,1,k1");
      assertThat(result.matches()).extracting(m -> m.complaint().calledE164(), m -> m.kind(), m -> m.likelyOperator(),
          m -> m.callIds()).containsExactly(
              tuple(393333333333L, ComplaintMatcher.Kind.DECLARED_CALLER, "gas-co", List.of()),
              tuple(393334444444L, ComplaintMatcher.Kind.NONE, null, List.of()),
              tuple(393331111111L, ComplaintMatcher.Kind.CALLER_AND_NUMBER, "acme", List.of("k1")),
              tuple(393335555555L, ComplaintMatcher.Kind.NONE, null, List.of()),
              tuple(393332222222L, ComplaintMatcher.Kind.NONE, null, List.of()));
    }
  }

  @Test
  void withoutTheComplainantsNumberEveryCallInTheWindowCountsAndTheBusiestOperatorIsNamed() {
    TestingScenario s = new TestingScenario("US");
    String[][] rows = {
      {"a1", "acme", "2026-09-22T17:00:00-04:00", "(202) 555-0100"},
      {"a2", "acme", "2026-09-22T18:30:00-04:00", "(312) 555-0100"},
      {"b1", "beta", "2026-09-22T19:00:00-04:00", "(202) 555-0101"},
      {"b2", "beta", "2026-09-22T19:30:00-04:00", "(202) 555-0102"},
      {"x", "acme", "2026-09-22T23:00:00-04:00", "(202) 555-0103"}};
    for (String[] row : rows) {
      s.call(row[0], row[1], "(202) 555-0188", row[3], row[2], null, null);
    }
    ComplaintMatcher matcher = new ComplaintMatcher(s.calls.build(), Duration.ofHours(2), List.<CallingNumber>of());
    Complaint withArea = new Complaint("c1", "FTC", "2025550188", 12025550188L, 0, "202",
        Instant.parse("2026-09-22T22:15:00Z"), null, null, null, null, null, null, null, "ftc.csv", 2);
    Complaint withoutArea = new Complaint("c2", "FTC", "2025550188", 12025550188L, 0, null,
        Instant.parse("2026-09-22T22:15:00Z"), null, null, null, null, null, null, null, "ftc.csv", 3);
    ComplaintMatcher.Match area = matcher.match(withArea);
    assertThat(area.kind()).isEqualTo(ComplaintMatcher.Kind.CALLER_AND_AREA);
    assertThat(area.likelyOperator()).isEqualTo("beta");
    assertThat(area.callIds()).containsExactly("a1", "b1", "b2");
    assertThat(area.operators()).containsExactly("beta", "acme");
    ComplaintMatcher.Match time = matcher.match(withoutArea);
    assertThat(time.kind()).isEqualTo(ComplaintMatcher.Kind.CALLER_AND_TIME);
    assertThat(time.calls()).as("x is 2h45 later: outside the window").isEqualTo(4);
  }
  @Test
  void aComplaintAboutAWithheldNumberIsMatchedToWithheldCallsToThatLine() {
    TestingScenario s = new TestingScenario("IT");
    s.call("w1", "acme", "", "333 444 4444", "2026-03-10T10:00:00+01:00", null, null);
    s.call("w2", "beta", "anonymous", "333 444 4444", "2026-03-10T10:20:00+01:00", null, null);
    s.call("w3", "beta", "", "333 444 4444", "2026-03-10T10:40:00+01:00", null, null);
    s.call("shown", "gamma", "06 1234 5678", "333 444 4444", "2026-03-10T10:30:00+01:00", null, null);
    s.call("late", "acme", "", "333 444 4444", "2026-03-10T13:00:00+01:00", null, null);
    s.call("other", "acme", "", "333 555 5555", "2026-03-10T10:30:00+01:00", null, null);
    ComplaintMatcher matcher = new ComplaintMatcher(s.calls.build(), Duration.ofHours(2), List.<CallingNumber>of());
    Complaint withheld = new Complaint("c1", "NATIVE", null, 0, 393334444444L, null,
        Instant.parse("2026-03-10T09:30:00Z"), null, null, null, null, null, null, null, "api", 0);
    ComplaintMatcher.Match match = matcher.match(withheld);
    assertThat(match.kind()).isEqualTo(ComplaintMatcher.Kind.WITHHELD_AND_NUMBER);
    assertThat(match.callIds()).containsExactly("w1", "w2", "w3");
    assertThat(match.likelyOperator()).isEqualTo("beta");
    Complaint elsewhere = new Complaint("c2", "NATIVE", null, 0, 393336666666L, null,
        Instant.parse("2026-03-10T09:30:00Z"), null, null, null, null, null, null, null, "api", 0);
    assertThat(matcher.match(elsewhere).kind()).isEqualTo(ComplaintMatcher.Kind.NONE);
  }
}
