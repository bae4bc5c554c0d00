package org.opendnc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.engine.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dnc key}: the register's signing key. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "The register's Ed25519 signing key.",
    subcommands = KeyCommand.Show.class)
final class KeyCommand {
  @ParentCommand Dnc root;

  /** {@code dnc key show}: prints the public key that verifies receipts. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Prints the register's public key (created on first use) and its id.")
  static final class Show implements Callable<Integer> {
    @ParentCommand KeyCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RegisterKey key = Keys.registerKey(parent.root.dataDir);
      out.println("algorithm:  Ed25519");
      out.println("key id:     " + key.keyId());
      out.println("public key: " + key.publicKeyBase64());
      out.println("data dir:   " + parent.root.dataDir.toAbsolutePath());
      return 0;
    }
  }
}
