package org.opendnc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.MirrorProofs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dnc ledger prove}: proofs computed from a mirrored tiled log. */
@Command(name = "prove", mixinStandardHelpOptions = true,
    description = "Computes proofs from a tiled log in a directory (tlog-tiles), for its checkpoint.",
    subcommands = {LedgerProveCommand.Inclusion.class, LedgerProveCommand.Consistency.class})
final class LedgerProveCommand {

  static void write(CommandSpec spec, Path output, String text) {
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
      return;
    }
    try {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DncException(ErrorCode.OUTPUT_UNWRITABLE, output + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** {@code dnc ledger prove inclusion}. */
  @Command(name = "inclusion", mixinStandardHelpOptions = true,
      description = "Prints the c2sp.org/tlog-proof of entry INDEX: index, inclusion proof and checkpoint.")
  static final class Inclusion implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The tiled log's directory.")
    Path directory;

    @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The entry's index.")
    long index;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the proof here (default: stdout).")
    Path output;

    @Override
    public Integer call() {
      write(spec, output, MirrorProofs.inclusion(directory, index));
      return 0;
    }
  }

  /** {@code dnc ledger prove consistency}. */
  @Command(name = "consistency", mixinStandardHelpOptions = true,
      description = "Prints the consistency proof (base64 hashes, one a line) from the tree of OLD entries to the checkpoint's.")
  static final class Consistency implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The tiled log's directory.")
    Path directory;

    @Option(names = "--old-size", required = true, paramLabel = "OLD", description = "The older tree's size.")
    long oldSize;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the proof here (default: stdout).")
    Path output;

    @Override
    public Integer call() {
      write(spec, output, MirrorProofs.consistency(directory, oldSize));
      return 0;
    }
  }
}
