package org.opendnc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killing the process during an import loses no committed run, and re-running completes it, in
 * runs again.
 */
class ImportCrashTest {
  static final int RUN = 50_000;
  static final int NUMBERS = 6 * RUN;
  /** The child is killed after this many acknowledged runs (the next may be in flight). */
  static final int RUNS_BEFORE_KILL = 2;

  @TempDir Path dir;

  /** The child process: imports the file in runs of {@link #RUN}, printing each durable commit. */
  public static void main(String[] args) {
    try (Register register = Register.open(RegisterConfig.embedded(Path.of(args[0])), line -> {})) {
      new RegisterImport(register, Clock.systemUTC())
          .runRows(RUN)
          .onCommit(n -> {
            System.out.println("committed " + n);
            System.out.flush();
          })
          .run(Path.of(args[1]), Path.of(args[0]).resolve("rejects.csv"), null);
      System.out.println("done");
    }
  }

  @Test
  void killedImportKeepsEveryCommittedRunAndReRunningCompletesIt() throws Exception {
    Path csv = dir.resolve("register.csv");
    Random random = new Random(7);
    java.util.Set<Long> unique = new java.util.HashSet<>();
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("number\n");
      while (unique.size() < NUMBERS) {
        long n = 393_330_000_000L + random.nextInt(9_999_999);
        if (unique.add(n)) {
          w.write("+" + n + "\n");
        }
      }
    }
    Path data = dir.resolve("data");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ImportCrashTest.class.getName(), data.toString(), csv.toString())
            .redirectErrorStream(true)
            .start();
    long acknowledged = 0;
    int runs = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("committed ")) {
          acknowledged = Long.parseLong(line.substring(10));
          if (++runs == RUNS_BEFORE_KILL) {
            child.destroyForcibly(); // SIGKILL while the next run is being read or appended
            break;
          }
        }
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(acknowledged).as("the child acknowledged runs before it was killed").isEqualTo(RUNS_BEFORE_KILL * (long) RUN);

    try (Register register = Register.open(RegisterConfig.embedded(data), line -> {})) {
      long kept = register.store().events().count();
      assertThat(kept).isGreaterThanOrEqualTo(acknowledged).isLessThanOrEqualTo(NUMBERS);
      assertThat(kept % RUN).as("no half run").isZero();
      assertThat(register.view().registeredCount()).isEqualTo(kept);

      RegisterImport.Result rerun =
          new RegisterImport(register, Clock.systemUTC()).runRows(RUN).run(csv, dir.resolve("r.csv"), null);
      assertThat(rerun.alreadyRegistered()).isEqualTo(kept);
      assertThat(rerun.registered()).isEqualTo(NUMBERS - kept);
      assertThat(register.store().events().count()).isEqualTo(NUMBERS);
      assertThat(register.view().registeredCount()).isEqualTo(NUMBERS);
    }
  }
}
