package org.opendnc.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs {@code dnc --data DATA ARGS...} in this JVM and keeps what it printed, for the CLI tests. */
final class CliRun {
  private CliRun() {}

  /** The exit code and what the command printed on standard output and standard error. */
  record Result(int exit, String out, String err) {}

  static Result run(Path data, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--data";
    all[1] = data.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int exit = Dnc.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new Result(exit, out.toString(), err.toString());
  }
}
