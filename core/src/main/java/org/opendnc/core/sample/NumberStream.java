package org.opendnc.core.sample;

/**
 * The register's rows as a pure function of (seed, row index): which rows are malformed or
 * duplicates, and which number each row carries. A list regenerates it to pick registered numbers
 * without reading the register file back.
 */
final class NumberStream {
  static final int NORMAL = 0;
  static final int DUPLICATE = 1;
  static final int MALFORMED = 2;

  /** Out of a million rows: 100 malformed (0.01%), 1,000 duplicates (0.1%). */
  private static final long MALFORMED_PER_MILLION = 100;
  private static final long DUPLICATE_PER_MILLION = 1_000;
  private static final long DUPLICATE_WINDOW_ROWS = 1_000_000;

  final NumberPlan plan;
  final long count;
  private final long key;
  private final Permutation permutation;

  NumberStream(NumberPlan plan, long seed, long count, long freshNumbers) {
    if (count < 0 || freshNumbers < 0) {
      throw new IllegalArgumentException("row counts must not be negative");
    }
    if (count + freshNumbers > plan.size()) {
      throw new IllegalArgumentException(
          "the numbering plan holds " + plan.size() + " numbers, " + (count + freshNumbers) + " wanted");
    }
    this.plan = plan;
    this.count = count;
    this.key = Mix.mix64(seed ^ 0x5265676973746572L);
    this.permutation = new Permutation(plan.size(), Mix.mix64(seed ^ 0x5065726D75746EL));
  }

  long hash(long row) {
    return Mix.row(key, row);
  }

  int kind(long row) {
    long draw = Mix.below(hash(row), 1_000_000);
    if (draw < MALFORMED_PER_MILLION) {
      return MALFORMED;
    }
    return draw < MALFORMED_PER_MILLION + DUPLICATE_PER_MILLION ? DUPLICATE : NORMAL;
  }

  /** The packed number of a normal row (its own number, distinct from every other normal row). */
  long ownNumber(long row) {
    return plan.numberAt(permutation.apply(row));
  }

  /** The packed number a duplicate row repeats: the one of an earlier normal row. */
  long repeatedNumber(long row) {
    long hash = Mix.mix64(hash(row) ^ 0x4475706CL);
    long earlier = row - 1 - Mix.below(hash, Math.max(1, Math.min(row, DUPLICATE_WINDOW_ROWS)));
    while (earlier >= 0 && kind(earlier) != NORMAL) {
      earlier--;
    }
    return ownNumber(Math.max(0, earlier));
  }

  /** The packed number of a row that is normal or a duplicate. */
  long number(long row) {
    return kind(row) == DUPLICATE ? repeatedNumber(row) : ownNumber(row);
  }

  /**
   * The registered number a list row takes: the number of register row {@code picks(listRow)}, so
   * distinct list rows (fewer than count) pick distinct rows; a row that is not normal hands over to
   * the previous normal one.
   *
   * @param picks a permutation of [0, count), fixed for one list
   */
  long registeredNumber(long listRow, Permutation picks) {
    long row = picks.apply(listRow % count);
    for (long walked = 0; kind(row) != NORMAL && walked < count; walked++) {
      row = row == 0 ? count - 1 : row - 1;
    }
    return ownNumber(row);
  }

  /** The {@code index}-th number that no row of the register carries. */
  long freshNumber(long index) {
    return plan.numberAt(permutation.apply(count + index));
  }
}
