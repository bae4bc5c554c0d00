package org.opendnc.audit;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of an audit for its report: calls and violations in total, by reason code, by day,
 * by campaign and by operator, and the numbers affected.
 */
public record AuditSummary(
    String profile,
    String callsFile,
    long registerVersion,
    Instant generatedAt,
    long calls,
    long violations,
    long rejectedRows,
    long affectedNumbers,
    Map<ReasonCode, Long> byCode,
    Map<LocalDate, long[]> byDay,
    List<Group> campaigns,
    List<Group> operators,
    List<String> refusedReceipts) {

  public AuditSummary {
    refusedReceipts = List.copyOf(refusedReceipts);
  }

  /** Calls and violations of one campaign or operator. */
  public record Group(String name, long calls, long violations) {}

  /** Sums up a result; {@code rejectedRows} is the count of call records that were not audited. */
  public static AuditSummary of(AuditResult result, String callsFile, long rejectedRows, Instant generatedAt) {
    return of(result, callsFile, rejectedRows, generatedAt, List.of());
  }

  /**
   * As above; {@code refusedReceipts} are the ids of stored receipts left out because their
   * signatures did not verify against the register's key, or their stored callable sets were not
   * the ones they signed.
   */
  public static AuditSummary of(AuditResult result, String callsFile, long rejectedRows, Instant generatedAt,
      List<String> refusedReceipts) {
    CallRecords calls = result.calls();
    long minSecond = Long.MAX_VALUE;
    long maxSecond = Long.MIN_VALUE;
    for (int i = 0; i < result.size(); i++) {
      minSecond = Math.min(minSecond, Math.floorDiv(calls.started[i], 1_000_000_000L));
      maxSecond = Math.max(maxSecond, Math.floorDiv(calls.started[i], 1_000_000_000L));
    }
    ZoneOffsets zone = result.size() == 0 ? null : new ZoneOffsets(result.profile().zone(), minSecond, maxSecond);
    long violations = 0;
    long[] codes = new long[ReasonCode.values().length];
    TreeMap<LocalDate, long[]> byDay = new TreeMap<>();
    Map<Long, long[]> days = new HashMap<>();
    long[][] campaigns = new long[calls.campaignNames.size() + 1][2];
    long[][] operators = new long[calls.operatorNames.size()][2];
    LongOpenHashSet affected = new LongOpenHashSet(1024);
    long lastDayKey = 0;
    for (int i = 0; i < result.size(); i++) {
      long second = Math.floorDiv(calls.started[i], 1_000_000_000L);
      int offset = zone.offsetAt(second);
      long day = Math.floorDiv(second + offset, 86_400);
      long[] dayCounts = day == lastDayKey && i > 0 ? days.get(day) : days.computeIfAbsent(day, d -> new long[2]);
      lastDayKey = day;
      dayCounts[0]++;
      int campaign = calls.campaigns[i] + 1;
      campaigns[campaign][0]++;
      operators[calls.operators[i]][0]++;
      int mask = result.reasonMask(i);
      if (mask != 0) {
        violations++;
        dayCounts[1]++;
        campaigns[campaign][1]++;
        operators[calls.operators[i]][1]++;
        affected.add(calls.callees[i]);
        for (ReasonCode code : ReasonCode.all()) {
          if ((mask & code.bit()) != 0) {
            codes[code.ordinal()]++;
          }
        }
      }
    }
    days.forEach((day, counts) -> byDay.put(LocalDate.ofEpochDay(day), counts));
    Map<ReasonCode, Long> byCode = new EnumMap<>(ReasonCode.class);
    for (ReasonCode code : ReasonCode.values()) {
      byCode.put(code, codes[code.ordinal()]);
    }
    List<Group> campaignGroups = new ArrayList<>();
    for (int c = 0; c < campaigns.length; c++) {
      if (campaigns[c][0] > 0) {
        String name = c == 0 ? "(no campaign)" : calls.campaignNames.name(c - 1);
        campaignGroups.add(new Group(name, campaigns[c][0], campaigns[c][1]));
      }
    }
    List<Group> operatorGroups = new ArrayList<>();
    for (int o = 0; o < operators.length; o++) {
      operatorGroups.add(new Group(calls.operatorNames.name(o), operators[o][0], operators[o][1]));
    }
    Comparator<Group> worst = Comparator.comparingLong(Group::violations).reversed()
        .thenComparing(Comparator.comparingLong(Group::calls).reversed()).thenComparing(Group::name);
    campaignGroups.sort(worst);
    operatorGroups.sort(worst);
    return new AuditSummary(result.profile().code(), callsFile, result.registerVersion(), generatedAt,
        result.size(), violations, rejectedRows, affected.size(), byCode, byDay, campaignGroups, operatorGroups,
        refusedReceipts);
  }
}
