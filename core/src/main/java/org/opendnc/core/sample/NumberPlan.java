package org.opendnc.core.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers a profile can generate: a list of ranges (national prefix + subscriber length), each
 * with a capacity proportional to how common such numbers are. Every position in [0, size) names one
 * distinct valid number.
 */
final class NumberPlan {
  /*
   * Position p is found by binary search over the ranges' cumulative capacities; the offset inside
   * the range is spread over the range's whole subscriber space by a stride (size / capacity), so
   * capped ranges still look uniform. A generated number is carried as a packed long,
   * subscriber << 16 | range, to avoid allocation on the hot path.
   */
  enum Kind {
    MOBILE,
    FIXED,
    NANP
  }

  static final class Range {
    final Kind kind;
    final byte[] prefix;
    final int subscriberLength;
    final byte[] firstDigits;
    final long capacity;
    final long stride;
    final long e164Base;
    final long restModulus;

    Range(Kind kind, int countryCode, String prefix, int subscriberLength, String firstDigits, double capacity) {
      this.kind = kind;
      this.prefix = prefix.getBytes(StandardCharsets.US_ASCII);
      this.subscriberLength = subscriberLength;
      this.firstDigits = firstDigits.getBytes(StandardCharsets.US_ASCII);
      this.restModulus = pow10(subscriberLength - 1);
      long space = this.firstDigits.length * restModulus;
      this.capacity = Math.max(1, Math.min(space, (long) capacity));
      this.stride = space / this.capacity;
      this.e164Base =
          (countryCode * pow10(prefix.length()) + Long.parseLong(prefix)) * pow10(subscriberLength);
    }

    long subscriber(long offset) {
      long value = offset * stride;
      long first = firstDigits[(int) (value / restModulus)] - '0';
      return first * restModulus + value % restModulus;
    }
  }

  private final Range[] ranges;
  private final long[] starts;
  private final long size;

  private NumberPlan(List<Range> ranges) {
    this.ranges = ranges.toArray(Range[]::new);
    this.starts = new long[this.ranges.length];
    long total = 0;
    for (int i = 0; i < this.ranges.length; i++) {
      starts[i] = total;
      total += this.ranges[i].capacity;
    }
    this.size = total;
  }

  long size() {
    return size;
  }

  Range range(long packed) {
    return ranges[(int) (packed & 0xFFFF)];
  }

  static long subscriber(long packed) {
    return packed >>> 16;
  }

  /** The packed number at {@code position} in [0, size). */
  long numberAt(long position) {
    int low = 0;
    int high = ranges.length - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (starts[middle] <= position) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return ranges[low].subscriber(position - starts[low]) << 16 | low;
  }

  long e164(long packed) {
    return range(packed).e164Base + subscriber(packed);
  }

  static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------
  // Italy: mobiles 3xx + 7 digits in assigned prefixes (weights roughly follow operators' sizes);
  // fixed lines 0 + area code + subscriber, NSN of 6 to 11 digits, about 30% of all numbers.

  private static final String MOBILE_PREFIXES_HEAVY =
      "320,324,327,328,329,330,331,333,334,335,336,337,338,339,340,342,343,345,346,347,348,349,"
          + "380,388,389,391,392,393,351";
  private static final String MOBILE_PREFIXES_LIGHT =
      "344,350,360,366,368,370,371,373,375,377,378,379,383";

  /** Area code, subscriber length, relative weight. */
  private static final Object[][] ITALIAN_AREAS = {
    {"02", 8, 14.0}, {"02", 7, 1.5}, {"02", 6, 0.2},
    {"06", 8, 14.0}, {"06", 7, 1.5}, {"06", 6, 0.2},
    {"011", 7, 5.0}, {"011", 6, 0.5}, {"010", 7, 3.0}, {"010", 6, 0.5},
    {"081", 7, 6.0}, {"081", 6, 0.5}, {"051", 7, 3.0}, {"051", 6, 0.4},
    {"055", 7, 3.0}, {"055", 6, 0.4}, {"091", 7, 3.0}, {"070", 7, 2.0}, {"070", 6, 0.3},
    {"095", 7, 2.0}, {"080", 7, 3.0}, {"040", 7, 1.5}, {"045", 7, 2.0}, {"049", 7, 2.0},
    {"035", 7, 2.0}, {"030", 7, 2.0}, {"071", 7, 1.0}, {"075", 7, 1.0}, {"050", 7, 1.0},
    {"089", 7, 1.5}, {"090", 7, 1.0}, {"079", 7, 0.8}, {"011", 8, 0.1},
    {"0422", 6, 1.0}, {"0422", 5, 0.3}, {"0541", 6, 0.8}, {"0541", 5, 0.3},
    {"0331", 6, 1.0}, {"0584", 6, 0.5}, {"0823", 6, 0.8}, {"0432", 6, 0.8},
    {"0471", 6, 0.6}, {"0521", 6, 0.8}, {"0187", 6, 0.5}, {"0961", 6, 0.5},
    {"0971", 6, 0.4}, {"0862", 6, 0.4}, {"0776", 6, 0.3}, {"0471", 7, 0.05},
    {"0432", 4, 0.05}, {"0862", 5, 0.1}, {"0776", 3, 0.02}, {"0584", 2, 0.01},
  };

  static NumberPlan italy() {
    List<Range> ranges = new ArrayList<>();
    double mobileTotal = 0;
    for (String prefix : MOBILE_PREFIXES_HEAVY.split(",")) {
      ranges.add(new Range(Kind.MOBILE, 39, prefix, 7, "0123456789", 1e7));
      mobileTotal += 1e7;
    }
    for (String prefix : MOBILE_PREFIXES_LIGHT.split(",")) {
      ranges.add(new Range(Kind.MOBILE, 39, prefix, 7, "0123456789", 2e6));
      mobileTotal += 2e6;
    }
    double fixedTotal = mobileTotal * 30 / 70;
    double weights = 0;
    for (Object[] area : ITALIAN_AREAS) {
      weights += (Double) area[2];
    }
    for (Object[] area : ITALIAN_AREAS) {
      double capacity = fixedTotal * (Double) area[2] / weights;
      ranges.add(new Range(Kind.FIXED, 39, (String) area[0], (Integer) area[1], "2345789", capacity));
    }
    return new NumberPlan(ranges);
  }

  // ---------------------------------------------------------------------------------------------
  // North America (+1): real area codes of the United States, NXX 2-9xx, four-digit line number.

  private static final String US_AREA_CODES =
      "201,202,203,205,206,207,208,209,210,212,213,214,215,216,217,218,219,224,225,228,229,231,234,"
          + "239,240,248,251,252,253,254,256,260,262,267,269,270,276,281,301,302,303,304,305,307,308,"
          + "309,310,312,313,314,315,316,317,318,319,320,321,323,325,330,334,336,337,339,347,351,352,"
          + "360,361,385,386,401,402,404,405,406,407,408,409,410,412,413,414,415,417,419,423,424,425,"
          + "430,432,434,435,440,443,469,478,479,480,484,501,502,503,504,505,507,508,509,510,512,513,"
          + "515,516,517,518,520,530,540,541,551,559,561,562,563,567,570,571,573,574,575,580,585,586,"
          + "601,602,603,605,606,607,608,609,610,612,614,615,616,617,618,619,620,623,626,630,631,636,"
          + "646,650,651,660,661,662,678,682,701,702,703,704,706,707,708,712,713,714,715,716,717,718,"
          + "719,720,724,727,731,732,734,740,754,757,760,763,765,770,772,773,774,775,781,785,786,801,"
          + "802,803,804,805,806,808,810,812,813,814,815,816,817,818,828,830,831,832,843,845,847,848,"
          + "850,856,857,858,859,860,862,863,864,865,870,901,903,904,906,907,908,909,910,912,913,914,"
          + "915,916,917,918,919,920,925,928,931,936,937,940,941,947,949,951,952,954,956,970,971,972,"
          + "973,978,979,980,985,989";

  static NumberPlan unitedStates() {
    List<Range> ranges = new ArrayList<>();
    for (String areaCode : US_AREA_CODES.split(",")) {
      ranges.add(new Range(Kind.NANP, 1, areaCode, 7, "23456789", 8e6));
    }
    return new NumberPlan(ranges);
  }
}
