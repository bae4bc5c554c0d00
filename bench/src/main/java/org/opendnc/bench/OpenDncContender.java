package org.opendnc.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * OpenDNC itself: the slot for the engine's check. The engine is wired in through {@link Engine}, so
 * this module does not depend on its API before it exists; see CheckBenchmark#openDnc.
 */
public final class OpenDncContender implements Contender {
  /** Loads the register into whatever the engine checks against (its index). Untimed. */
  @FunctionalInterface
  public interface Engine {
    Checker load(Path registerCsv) throws Exception;
  }

  /** One prepared register: checks a list file into a result file. Timed. */
  @FunctionalInterface
  public interface Checker {
    Result check(Path listCsv, Path output) throws Exception;
  }

  private final Engine engine;
  private final String notes;
  private Checker checker;

  /**
   * @param engine loads the register; must not be null
   * @param notes threads and memory of the engine's check, printed with the results
   */
  public OpenDncContender(Engine engine, String notes) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.notes = notes;
  }

  @Override
  public String name() {
    return "opendnc";
  }

  @Override
  public void prepare(Path registerCsv) throws Exception {
    checker = engine.load(registerCsv);
  }

  @Override
  public Result check(Path listCsv, Path output) throws Exception {
    if (checker == null) {
      throw new IllegalStateException("prepare was not called");
    }
    return checker.check(listCsv, output);
  }

  @Override
  public String notes() {
    return notes;
  }

  @Override
  public void close() throws Exception {
    if (checker instanceof AutoCloseable closeable) {
      closeable.close();
    }
    checker = null;
  }
}
