package org.opendnc.audit;

import java.util.Arrays;

/**
 * Call records held column by column (a few dozen bytes per call, no object per call), in file
 * order. Built by {@link CallRecordReader} or {@link Builder}; read-only afterwards, so any number
 * of threads may read it.
 */
public final class CallRecords {

  final int size;
  /** The call ids' UTF-8 bytes, one after the other: no object per call for the collector. */
  final byte[] idBytes;
  /** Call i's id is idBytes[idStarts[i], idStarts[i + 1]). */
  final int[] idStarts;
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
    idBytes = Arrays.copyOf(b.idBytes, b.idLength);
    idStarts = Arrays.copyOf(b.idStarts, size + 1);
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

  /** Call {@code i}'s id (a new String each time). */
  public String callId(int i) {
    return new String(idBytes, idStarts[i], idStarts[i + 1] - idStarts[i], java.nio.charset.StandardCharsets.UTF_8);
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
    private byte[] idBytes = new byte[16 * 1024];
    private int idLength;
    private int[] idStarts = new int[1025];
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
      if (size == operators.length) {
        grow();
      }
      appendId(callId);
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

    private void appendId(String callId) {
      int length = callId.length();
      boolean ascii = true;
      for (int i = 0; i < length && ascii; i++) {
        ascii = callId.charAt(i) < 0x80;
      }
      byte[] bytes = ascii ? null : callId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int needed = ascii ? length : bytes.length;
      if ((long) idLength + needed > Integer.MAX_VALUE - 16) {
        throw new org.opendnc.core.error.DncException(org.opendnc.core.error.ErrorCode.INPUT_UNREADABLE,
            "the call ids take more than 2 GiB: audit the file in parts.");
      }
      if (idLength + needed > idBytes.length) {
        idBytes = Arrays.copyOf(idBytes, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(idLength + needed,
            (long) idBytes.length * 2)));
      }
      if (ascii) {
        for (int i = 0; i < length; i++) {
          idBytes[idLength + i] = (byte) callId.charAt(i);
        }
      } else {
        System.arraycopy(bytes, 0, idBytes, idLength, needed);
      }
      idLength += needed;
      idStarts[size + 1] = idLength;
    }

    /** Adds a call whose names were interned already (by {@link #names}). */
    void addInterned(String callId, int operator, long caller, long callee, long startedNanos, int durationSeconds,
        int outcome, int campaign, int originCountry) {
      if (size == operators.length) {
        grow();
      }
      appendId(callId);
      operators[size] = operator;
      callers[size] = caller;
      callees[size] = callee;
      started[size] = startedNanos;
      durations[size] = durationSeconds;
      outcomes[size] = outcome;
      campaigns[size] = campaign;
      origins[size] = originCountry;
      size++;
    }

    /** Interns an operator, outcome (upper case), campaign or country (upper case); thread-safe. */
    int internOperator(String name) {
      return operatorNames.intern(name);
    }

    int internOutcome(String name) {
      return name == null ? -1 : outcomeNames.intern(name.toUpperCase(java.util.Locale.ROOT));
    }

    int internCampaign(String name) {
      return name == null ? -1 : campaignNames.intern(name);
    }

    int internCountry(String name) {
      return name == null ? -1 : countryNames.intern(name.toUpperCase(java.util.Locale.ROOT));
    }

    private void grow() {
      int capacity = size + (size >> 1);
      idStarts = Arrays.copyOf(idStarts, capacity + 1);
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
