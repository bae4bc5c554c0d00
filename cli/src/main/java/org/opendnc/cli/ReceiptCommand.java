package org.opendnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.engine.Keys;
import org.opendnc.engine.ReceiptCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dnc receipt}: check receipts. */
@Command(name = "receipt", mixinStandardHelpOptions = true, description = "Signed check receipts.",
    subcommands = ReceiptCommand.Verify.class)
final class ReceiptCommand {
  @ParentCommand Dnc root;

  /** {@code dnc receipt verify}: verifies a receipt's signature and, optionally, the files' hashes. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verifies a receipt's Ed25519 signature and, with --result/--list, the files' SHA-256.")
  static final class Verify implements Callable<Integer> {
    @ParentCommand ReceiptCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RECEIPT", description = "The receipt JSON file.")
    Path receipt;

    @Option(names = "--result", paramLabel = "FILE", description = "The result CSV the receipt attests.")
    Path result;

    @Option(names = "--list", paramLabel = "FILE", description = "The list CSV that was checked.")
    Path list;

    @Option(names = "--key", paramLabel = "BASE64",
        description = "The register's public key (from 'dnc key show'); default: the key in --data.")
    String publicKey;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      PublicKey key;
      String keyId = null;
      if (publicKey != null) {
        key = Keys.publicKey(publicKey);
      } else {
        RegisterKey registerKey = Keys.registerKey(parent.root.dataDir);
        key = registerKey.publicKey();
        keyId = registerKey.keyId();
      }
      ReceiptCheck.Report report = ReceiptCheck.verify(receipt, key, keyId, result, list);
      report.checks().forEach(line -> out.println("ok   " + line));
      if (!report.valid()) {
        err.println("FAIL " + report.failure().code() + ": " + report.failure().getMessage());
        return report.failure().code().exitCode();
      }
      var r = report.receipt();
      out.printf("Receipt %s is valid: operator %s checked %,d rows on %s (register version %,d), valid until %s.%n",
          r.id(), r.operator(), r.counts().rows(), r.checkedAt(), r.registerVersion(), r.validUntil());
      return 0;
    }
  }
}
