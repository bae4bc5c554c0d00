package org.opendnc.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.Keys;
import org.opendnc.engine.LedgerCheck;
import org.opendnc.engine.consent.LedgerStoreAudit;
import org.opendnc.store.RegisterStore;
import org.opendnc.engine.LedgerKeys;
import org.opendnc.ledger.NoteVerifier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dnc ledger verify}: offline verification of proofs and mirrors against a log's key. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verifies offline, against the log's verifier key: an entry's inclusion, two checkpoints' consistency, a mirror, the register's own stored ledger.",
    subcommands = {
      LedgerVerifyCommand.Inclusion.class,
      LedgerVerifyCommand.Consistency.class,
      LedgerVerifyCommand.Mirror.class,
      LedgerVerifyCommand.Store.class
    })
final class LedgerVerifyCommand {
  @picocli.CommandLine.ParentCommand LedgerCommand parent;

  static final String KEY_HELP = "The log's verifier key <name>+<id>+<key> (from 'dnc ledger key').";

  static int report(CommandSpec spec, LedgerCheck.Report report, String success) {
    PrintWriter out = spec.commandLine().getOut();
    report.checks().forEach(line -> out.println("ok   " + line));
    if (!report.valid()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("FAIL " + report.failure().code() + ": " + report.failure().getMessage());
      err.flush();
      return report.failure().code().exitCode();
    }
    out.println(success);
    return 0;
  }

  /** The entry whose inclusion is verified: exactly one way to give it. */
  static final class LeafOptions {
    @Option(names = "--entry", paramLabel = "TEXT", description = "The entry, as UTF-8 text.")
    String text;

    @Option(names = "--entry-file", paramLabel = "FILE", description = "The entry: the file's bytes.")
    Path file;

    @Option(names = "--leaf-hash", paramLabel = "HASH",
        description = "The entry's leaf hash SHA-256(0x00 || entry), hex or base64.")
    String hash;

    LedgerCheck.Leaf leaf() {
      if (text != null) {
        return LedgerCheck.Leaf.ofEntry(text.getBytes(StandardCharsets.UTF_8), "the entry '" + text + "'");
      }
      if (file != null) {
        return LedgerCheck.Leaf.ofEntry(LedgerCheck.readEntryFile(file), "the entry in " + file);
      }
      return LedgerCheck.Leaf.ofHash(hash);
    }
  }

  /** {@code dnc ledger verify inclusion}. */
  @Command(name = "inclusion", mixinStandardHelpOptions = true,
      description = "Verifies that an entry is in the log, with its proof, against a signed checkpoint.")
  static final class Inclusion implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--proof", required = true, paramLabel = "FILE",
        description = "A c2sp.org/tlog-proof (holds index and checkpoint), or base64 hash lines.")
    Path proof;

    @Option(names = "--checkpoint", paramLabel = "FILE",
        description = "The signed checkpoint (needed with hash lines).")
    Path checkpoint;

    @Option(names = "--index", paramLabel = "INDEX", description = "The entry's index (needed with hash lines).")
    Long index;

    @ArgGroup(exclusive = true, multiplicity = "1")
    LeafOptions leaf;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = KEY_HELP)
    String key;

    @Override
    public Integer call() {
      NoteVerifier verifier = LedgerKeys.verifier(key);
      return report(spec, LedgerCheck.inclusion(proof, checkpoint, index, leaf.leaf(), verifier),
          "The entry is in the log.");
    }
  }

  /** {@code dnc ledger verify consistency}. */
  @Command(name = "consistency", mixinStandardHelpOptions = true,
      description = "Verifies that the tree of an older checkpoint is a prefix of a newer one's.")
  static final class Consistency implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--old", required = true, paramLabel = "FILE", description = "The older signed checkpoint.")
    Path oldCheckpoint;

    @Option(names = "--new", required = true, paramLabel = "FILE", description = "The newer signed checkpoint.")
    Path newCheckpoint;

    @Option(names = "--proof", required = true, paramLabel = "FILE",
        description = "The consistency proof: base64 hashes, one a line (empty for equal sizes).")
    Path proof;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = KEY_HELP)
    String key;

    @Override
    public Integer call() {
      NoteVerifier verifier = LedgerKeys.verifier(key);
      return report(spec, LedgerCheck.consistency(oldCheckpoint, newCheckpoint, proof, verifier),
          "The newer checkpoint extends the older one.");
    }
  }

  /** {@code dnc ledger verify mirror}. */
  @Command(name = "mirror", mixinStandardHelpOptions = true,
      description = "Audits a mirrored tiled log end to end: checkpoint signature, every tile from the entries up, the root.")
  static final class Mirror implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The mirror's directory (checkpoint, tile/...).")
    Path directory;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = KEY_HELP)
    String key;

    @Override
    public Integer call() {
      NoteVerifier verifier = LedgerKeys.verifier(key);
      return report(spec, LedgerCheck.mirror(directory, verifier), "The mirror is a faithful copy of the log.");
    }
  }

  /** {@code dnc ledger verify store}: the register's own consent ledger as stored in its database. */
  @Command(name = "store", mixinStandardHelpOptions = true,
      description = {
        "Audits the consent ledger in the register's database (--data / --db): the checkpoint's",
        "signature, every entry against the signed root and the stored tiles, every record against",
        "its entry. Names each record or entry changed, e.g. by someone who dropped the triggers."
      })
  static final class Store implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand LedgerVerifyCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--key", paramLabel = "KEY",
        description = "The log's verifier key (default: the register's key in --data, named after the stored origin).")
    String key;

    @Override
    public Integer call() {
      Dnc root = parent.parent.root;
      LedgerStoreAudit.Report report;
      try (RegisterStore store = root.openStore()) {
        report = LedgerStoreAudit.run(store, key == null ? Keys.registerKey(root.dataDir) : null,
            key == null ? null : LedgerKeys.verifier(key));
      }
      PrintWriter out = spec.commandLine().getOut();
      report.lines().forEach(out::println);
      if (!report.problems().isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        report.problems().forEach(problem -> err.println("FAIL " + ErrorCode.LEDGER_TAMPERED + ": " + problem));
        err.printf("The consent ledger in the database was changed (%d problem(s)); the signed"
            + " checkpoints and any mirror keep what it was.%n", report.problems().size());
        err.flush();
        return ErrorCode.LEDGER_TAMPERED.exitCode();
      }
      out.printf("The stored consent ledger is intact: %,d entries, %,d records.%n", report.size(), report.records());
      return 0;
    }
  }
}
