package org.opendnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.Keys;
import org.opendnc.engine.LedgerKeys;
import org.opendnc.engine.LedgerReplay;
import org.opendnc.ledger.NoteSigner;
import org.opendnc.ledger.TransparencyLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dnc ledger}: transparency logs (RFC 6962 trees, C2SP checkpoints and tiles). */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = {
      "Transparency logs: RFC 6962 Merkle trees with C2SP signed checkpoints, served as tlog-tiles.",
      "See docs/ledger.md."
    },
    subcommands = {
      LedgerCommand.Replay.class,
      LedgerCommand.Key.class,
      LedgerCommand.Keygen.class,
      LedgerCommand.Mirror.class,
      LedgerImportCommand.class,
      LedgerProveCommand.class,
      LedgerVerifyCommand.class
    })
final class LedgerCommand {
  @ParentCommand Dnc root;

  /** {@code dnc ledger replay}: builds a log from a file of entries and prints its checkpoint. */
  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = {
        "Builds a log from ENTRIES, one entry per line (its raw bytes without the newline), and",
        "prints the signed checkpoint, byte for byte as other tlog implementations (e.g. Tessera) do."
      })
  static final class Replay implements Callable<Integer> {
    @ParentCommand LedgerCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ENTRIES", description = "The entries file.")
    Path entries;

    @Option(names = "--origin", required = true, paramLabel = "ORIGIN",
        description = "The log's origin line, e.g. example.com/log.")
    String origin;

    @Option(names = "--signer-key", paramLabel = "KEY", defaultValue = "${env:DNC_LEDGER_SIGNER_KEY}",
        description = {
          "Note signer key PRIVATE+KEY+<name>+<id>+<key> (or env DNC_LEDGER_SIGNER_KEY; '@FILE' reads",
          "it from a file). Default: the register's key in --data, named after --origin."
        })
    String signerKey;

    @Option(names = "--tiles", paramLabel = "DIR",
        description = "Also write the log as tlog-tiles files (checkpoint, tile/...) into DIR.")
    Path tiles;

    @Override
    public Integer call() {
      NoteSigner signer = signerKey != null
          ? LedgerKeys.signer(signerKey)
          : LedgerKeys.registerSigner(Keys.registerKey(parent.root.dataDir), origin);
      TransparencyLog log = LedgerReplay.replay(entries, origin, signer);
      PrintWriter out = spec.commandLine().getOut();
      out.print(log.checkpointNote());
      out.flush();
      if (tiles != null) {
        long written = LedgerReplay.writeTiles(log, tiles);
        spec.commandLine().getErr().printf("dnc: wrote the checkpoint and %,d tiles and bundles to %s%n",
            written, tiles);
      }
      return 0;
    }
  }

  /** {@code dnc ledger key}: the register's key as a log verifier key. */
  @Command(name = "key", mixinStandardHelpOptions = true,
      description = "Prints the register's Ed25519 key as the verifier key of the log ORIGIN (for --key).")
  static final class Key implements Callable<Integer> {
    @ParentCommand LedgerCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--origin", required = true, paramLabel = "ORIGIN",
        description = "The log's origin (the key's name), e.g. example.com/log.")
    String origin;

    @Override
    public Integer call() {
      NoteSigner signer = LedgerKeys.registerSigner(Keys.registerKey(parent.root.dataDir), origin);
      spec.commandLine().getOut().println(signer.verifier().verifierKey());
      return 0;
    }
  }

  /** {@code dnc ledger keygen}: a new note key pair. */
  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = {
        "Prints a new Ed25519 note key named NAME: the signer key (keep it secret), then the",
        "verifier key (publish it)."
      })
  static final class Keygen implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The key's name, e.g. example.com/log.")
    String name;

    @Override
    public Integer call() {
      NoteSigner signer;
      try {
        signer = NoteSigner.generate(name);
      } catch (IllegalArgumentException e) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT,
            "'" + name + "' cannot name a key: " + e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(signer.signerKey());
      out.println(signer.verifier().verifierKey());
      spec.commandLine().getErr().println("dnc: the first line is the signer key: keep it secret.");
      return 0;
    }
  }

  /** {@code dnc ledger mirror}: copies a tiled log served over HTTP into a directory. */
  @Command(name = "mirror", mixinStandardHelpOptions = true,
      description = {
        "Copies the tlog-tiles log at URL (e.g. https://register.example/ledger/) into DIR: its",
        "checkpoint's tiles and entry bundles, then the checkpoint. With --key, audits the copy",
        "end to end as 'dnc ledger verify mirror' does."
      })
  static final class Mirror implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The log's URL prefix.")
    java.net.URI url;

    @Parameters(index = "1", paramLabel = "DIR", description = "The mirror's directory (created if needed).")
    Path directory;

    @Option(names = "--key", paramLabel = "KEY", description = LedgerVerifyCommand.KEY_HELP)
    String key;

    @Override
    public Integer call() {
      if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, "'" + url + "' is not an http(s) URL.");
      }
      long copied;
      try {
        copied = new org.opendnc.ledger.TileDirectory(directory)
            .copyFrom(new org.opendnc.ledger.HttpTileSource(url));
      } catch (java.io.IOException | IllegalStateException e) {
        throw new DncException(ErrorCode.INPUT_UNREADABLE, url + ": cannot mirror the log: "
            + e.getMessage() + ". Check the URL (it ends with the log's prefix, e.g. /ledger/).", e);
      }
      spec.commandLine().getErr().printf("dnc: copied the checkpoint and %,d tiles and bundles into %s%n",
          copied, directory);
      if (key == null) {
        return 0;
      }
      return LedgerVerifyCommand.report(spec,
          org.opendnc.engine.LedgerCheck.mirror(directory, org.opendnc.engine.LedgerKeys.verifier(key)),
          "The mirror is a faithful copy of the log.");
    }
  }
}
