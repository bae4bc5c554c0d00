package org.opendnc.audit;

import java.util.Arrays;

/**
 * Call records held column by column (a few dozen bytes per call, no object per call), in file
 * order. Built by {@link CallRecordReader} or {@link Builder}; read-only afterwards, so any number
 * of threads may read it.
 */
public final class CallRecords {

  final int size;
  final String[] callIds;
  final int[] operators;
  /** E.164; {@link CallerIds#WITHHELD} (0) or {@link CallerIds#UNUSABLE} (-1). */
  final long[] callers;
  final long[] callees;
  /** Epoch nanoseconds. */
  final long[] started;
  /** Seconds; -1 when not given. */
  final int[] durations;
  final int[] outcomes;
  final int[] campaigns;
  /** Interned ISO 3166 alpha-2 codes, upper case; -1 when not known. */
  final int[] origins;
  final Names operatorNames;
  final Names outcomeNames;
  final Names campaignNames;
  final Names countryNames;

  private CallRecords(Builder b) {
    size = b.size;
    callIds = Arrays.copyOf(b.callIds, size);
    operators = Arrays.copyOf(b.operators, size);
    callers = Arrays.copyOf(b.callers, size);
    callees = Arrays.copyOf(b.callees, size);
    started = Arrays.copyOf(b.started, size);
    durations = Arrays.copyOf(b.durations, size);
    outcomes = Arrays.copyOf(b.outcomes, size);
    campaigns = Arrays.copyOf(b.campaigns, size);
    origins = Arrays.copyOf(b.origins, size);
    operatorNames = b.operatorNames;
    outcomeNames = b.outcomeNames;
    campaignNames = b.campaignNames;
    countryNames = b.countryNames;
  }

  /** The number of calls. */
  public int size() {
    return size;
  }

  public String callId(int i) {
    return callIds[i];
  }

  public String operator(int i) {
    return operatorNames.name(operators[i]);
  }

  public long callee(int i) {
    return callees[i];
  }

  /** The caller ID as E.164; 0 when withheld, -1 when not a number. */
  public long caller(int i) {
    return callers[i];
  }

  public java.time.Instant startedAt(int i) {
    return Times.toInstant(started[i]);
  }

  public String campaign(int i) {
    return campaignNames.name(campaigns[i]);
  }

  public String outcome(int i) {
    return outcomeNames.name(outcomes[i]);
  }

  public String originCountry(int i) {
    return countryNames.name(origins[i]);
  }

  /** The distinct operators named by the calls. */
  public java.util.List<String> operatorList() {
    java.util.List<String> list = new java.util.ArrayList<>(operatorNames.size());
    for (int i = 0; i < operatorNames.size(); i++) {
      list.add(operatorNames.name(i));
    }
    return list;
  }

  /** Builds call records one call at a time. Not thread-safe. */
  public static final class Builder {
    private int size;
    private String[] callIds = new String[1024];
    private int[] operators = new int[1024];
    private long[] callers = new long[1024];
    private long[] callees = new long[1024];
    private long[] started = new long[1024];
    private int[] durations = new int[1024];
    private int[] outcomes = new int[1024];
    private int[] campaigns = new int[1024];
    private int[] origins = new int[1024];
    private final Names operatorNames = new Names();
    private final Names outcomeNames = new Names();
    private final Names campaignNames = new Names();
    private final Names countryNames = new Names();

    /**
     * Adds a call.
     *
     * @param caller E.164, 0 when withheld, -1 when not a number
     * @param durationSeconds -1 when unknown
     * @param outcome campaign, originCountry may be {@code null}
     */
    public Builder add(String callId, String operator, long caller, long callee, java.time.Instant startedAt,
        int durationSeconds, String outcome, String campaign, String originCountry) {
      return add(callId, operator, caller, callee, Times.toNanos(startedAt), durationSeconds, outcome,
          campaign, originCountry);
    }

    Builder add(String callId, String operator, long caller, long callee, long startedNanos,
        int durationSeconds, String outcome, String campaign, String originCountry) {
      if (size == callIds.length) {
        grow();
      }
      callIds[size] = callId;
      operators[size] = operatorNames.intern(operator);
      callers[size] = caller;
      callees[size] = callee;
      started[size] = startedNanos;
      durations[size] = durationSeconds;
      outcomes[size] = outcome == null ? -1 : upperCaseId(outcome, rawOutcomes, outcomeNames);
      campaigns[size] = campaign == null ? -1 : campaignNames.intern(campaign);
      origins[size] = originCountry == null ? -1 : upperCaseId(originCountry, rawCountries, countryNames);
      size++;
      return this;
    }

    private final java.util.HashMap<String, Integer> rawOutcomes = new java.util.HashMap<>();
    private final java.util.HashMap<String, Integer> rawCountries = new java.util.HashMap<>();

    /** The id of the upper-case form of {@code text}, without upper-casing every row. */
    private static int upperCaseId(String text, java.util.HashMap<String, Integer> raw, Names names) {
      Integer id = raw.get(text);
      if (id == null) {
        id = names.intern(text.toUpperCase(java.util.Locale.ROOT));
        raw.put(text, id);
      }
      return id;
    }

    private void grow() {
      int capacity = size + (size >> 1);
      callIds = Arrays.copyOf(callIds, capacity);
      operators = Arrays.copyOf(operators, capacity);
      callers = Arrays.copyOf(callers, capacity);
      callees = Arrays.copyOf(callees, capacity);
      started = Arrays.copyOf(started, capacity);
      durations = Arrays.copyOf(durations, capacity);
      outcomes = Arrays.copyOf(outcomes, capacity);
      campaigns = Arrays.copyOf(campaigns, capacity);
      origins = Arrays.copyOf(origins, capacity);
    }

    public int size() {
      return size;
    }

    public CallRecords build() {
      return new CallRecords(this);
    }
  }
}
