package org.opendnc.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opendnc.server.Accounts;
import org.opendnc.server.Actor;
import org.opendnc.store.RegisterStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dnc admin}: the register staff's portal accounts. */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "The register staff's portal accounts.",
    subcommands = AdminCommand.ResetPassword.class)
final class AdminCommand {
  @ParentCommand Dnc root;

  /** {@code dnc admin reset-password [USERNAME]}. */
  @Command(name = "reset-password", mixinStandardHelpOptions = true,
      description = "Gives an account a new one-time password (creates the first admin if there is none).")
  static final class ResetPassword implements Callable<Integer> {
    @ParentCommand AdminCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "USERNAME", defaultValue = Accounts.FIRST_ADMIN,
        description = "The account (default: ${DEFAULT-VALUE}).")
    String username;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (RegisterStore store = parent.root.openStore()) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        Optional<String> created = Accounts.FIRST_ADMIN.equals(username)
            ? accounts.bootstrapAdmin(Actor.commandLine()) : Optional.empty();
        String password = created.orElseGet(() -> accounts.resetPassword(username, Actor.commandLine()));
        out.println((created.isPresent() ? "Created account " : "New one-time password for ") + username + ":");
        out.println("  " + password);
        out.println("Shown only now; it must be changed at the next login.");
      }
      return 0;
    }
  }
}
