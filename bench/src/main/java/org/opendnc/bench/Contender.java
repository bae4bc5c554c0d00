package org.opendnc.bench;

import java.nio.file.Path;

/**
 * One way of checking a call list against the register, measured as a whole process: list file in,
 * result file out (every input row kept, plus the columns e164, verdict and reason).
 *
 * <p>Instances are used from one thread. {@link #prepare} is called once, untimed, before any check;
 * {@link #close} releases what prepare built.
 */
public interface Contender extends AutoCloseable {
  /** The verdicts written in the result's verdict column. */
  String CALLABLE = "CALLABLE";
  String BLOCKED = "BLOCKED";
  String INVALID = "INVALID";

  /** The counts of one check; {@code rows == callable + blocked + invalid}. */
  record Result(long rows, long callable, long blocked, long invalid) {
    public Result {
      if (rows != callable + blocked + invalid) {
        throw new IllegalStateException("counts do not add up: " + rows + " rows, " + callable + " callable, "
            + blocked + " blocked, " + invalid + " invalid");
      }
    }
  }

  String name();

  /** Loads the register (a file written by SampleData.writeRegister). Untimed. */
  void prepare(Path registerCsv) throws Exception;

  /** Checks a list, writing the result to {@code output} (replaced if present). Timed. */
  Result check(Path listCsv, Path output) throws Exception;

  /**
   * Whether numbers are validated as libphonenumber does. Contenders that only normalise text (the
   * SQL peers) may call a malformed number callable or invalid differently; they must still agree on
   * which rows are blocked.
   */
  default boolean validatesNumbers() {
    return true;
  }

  /** Threads, processes, memory: whatever explains the figures. */
  default String notes() {
    return "";
  }

  @Override
  default void close() throws Exception {}
}
