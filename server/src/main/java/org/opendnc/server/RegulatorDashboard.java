package org.opendnc.server;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opendnc.audit.ReasonCode;
import org.opendnc.store.OperatorListStore.CallingNumber;
import org.opendnc.store.RegisterStore;

/**
 * The regulator's dashboard figures: complaints per week, the caller IDs and operators most
 * complained about, and the violations by reason code of the audits run here.
 */
final class RegulatorDashboard {

  /*
   * Complaints are streamed once from the store (ComplaintStore.forEach): counted per ISO week (a
   * week starts on Monday, in the register's zone), per caller ID as given (E.164 when it could be
   * read), and per operator that had declared the caller ID at the complaint's time (the
   * declarations' intervals, as ComplaintMatcher's DECLARED_CALLER). Matching complaints to call
   * records needs the calls, so it stays in the audit (dnc complaints match). The violations are
   * the sums of the stored summaries of the audit jobs that succeeded.
   */

  /** The most weeks drawn (the latest ones with complaints). */
  static final int MAX_WEEKS = 52;
  /** How many caller IDs and operators are ranked. */
  static final int TOP = 10;

  private final RegisterStore store;
  private final RegulatorJobs jobs;
  private final ZoneId zone;

  RegulatorDashboard(RegisterStore store, RegulatorJobs jobs, ZoneId zone) {
    this.store = store;
    this.jobs = jobs;
    this.zone = zone;
  }

  /** Complaints in one week (starting Monday). */
  record Week(LocalDate week, long complaints) {}

  /** A caller ID or an operator and how many complaints name it. */
  record Ranked(String name, long complaints) {}

  /** A reason code and its violations across the audits. */
  record CodeCount(String code, long violations) {}

  /**
   * The dashboard.
   *
   * @param complaints every stored complaint
   * @param audits the audits that succeeded and are summed in {@code violationsByCode}
   */
  record View(long complaints, List<Week> weeks, List<Ranked> topCallerIds,
      List<Ranked> topOperators, int audits, long auditedCalls, long violations,
      List<CodeCount> violationsByCode) {}

  View view() {
    Map<Long, List<CallingNumber>> declared = new HashMap<>();
    store.operatorLists().forEachCallingNumber(
        number -> declared.computeIfAbsent(number.e164(), k -> new ArrayList<>()).add(number));
    TreeMap<LocalDate, Long> weeks = new TreeMap<>();
    Map<String, Long> callers = new HashMap<>();
    Map<String, Long> operators = new HashMap<>();
    long[] total = new long[1];
    store.complaints().forEach(complaint -> {
      total[0]++;
      LocalDate week = LocalDate.ofInstant(complaint.at(), zone)
          .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      weeks.merge(week, 1L, Long::sum);
      String caller = complaint.callerE164() > 0 ? "+" + complaint.callerE164()
          : complaint.callerId() != null && !complaint.callerId().isBlank()
              ? complaint.callerId().strip() : null;
      if (caller != null) {
        callers.merge(caller, 1L, Long::sum);
      }
      List<CallingNumber> declarations = declared.get(complaint.callerE164());
      if (complaint.callerE164() > 0 && declarations != null) {
        declarations.stream().filter(number -> number.inForceAt(complaint.at()))
            .map(CallingNumber::operator).distinct()
            .forEach(operator -> operators.merge(operator, 1L, Long::sum));
      }
    });
    List<Week> weekList = new ArrayList<>();
    if (!weeks.isEmpty()) {
      LocalDate last = weeks.lastKey();
      LocalDate first = weeks.firstKey();
      LocalDate earliest = last.minusWeeks(MAX_WEEKS - 1);
      for (LocalDate week = first.isBefore(earliest) ? earliest : first; !week.isAfter(last);
          week = week.plusWeeks(1)) {
        weekList.add(new Week(week, weeks.getOrDefault(week, 0L)));
      }
    }
    Map<String, Long> byCode = new LinkedHashMap<>();
    for (ReasonCode code : ReasonCode.values()) {
      byCode.put(code.name(), 0L);
    }
    int audits = 0;
    long calls = 0;
    long violations = 0;
    for (RegulatorJobs.Job job : jobs.list(RegulatorJobs.Kind.AUDIT)) {
      if (job.status() != RegulatorJobs.Status.SUCCEEDED || job.summary() == null) {
        continue;
      }
      audits++;
      calls += job.summary().counts().getOrDefault("calls", 0L);
      violations += job.summary().counts().getOrDefault("violations", 0L);
      job.summary().violationsByCode().forEach((code, count) -> byCode.merge(code, count, Long::sum));
    }
    return new View(total[0], weekList, top(callers), top(operators), audits, calls, violations,
        byCode.entrySet().stream().map(e -> new CodeCount(e.getKey(), e.getValue())).toList());
  }

  private static List<Ranked> top(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP).map(e -> new Ranked(e.getKey(), e.getValue())).toList();
  }
}
