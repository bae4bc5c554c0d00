package org.opendnc.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opendnc.server.Accounts;
import org.opendnc.server.Actor;
import org.opendnc.store.RegisterStore;
import picocli.CommandLine.Command;
import org.opendnc.store.User;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dnc admin}: the register staff's portal accounts. */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "The register staff's and the regulator's portal accounts.",
    subcommands = {AdminCommand.ResetPassword.class, AdminCommand.CreateUser.class})
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

  /** {@code dnc admin create-user USERNAME [--role REGULATOR|ADMIN]}. */
  @Command(name = "create-user", mixinStandardHelpOptions = true,
      description = "Creates a staff portal account with a one-time password: a REGULATOR (call audits,"
          + " investigations, the complaints dashboard) or an ADMIN. Operators' accounts are made in the"
          + " admin portal or with POST /api/v1/admin/users.")
  static final class CreateUser implements Callable<Integer> {
    @ParentCommand AdminCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USERNAME", description = "The new account's login name.")
    String username;

    @Option(names = "--role", defaultValue = "REGULATOR", paramLabel = "ROLE",
        description = "REGULATOR or ADMIN (default: ${DEFAULT-VALUE}).")
    String role;

    @Override
    public Integer call() {
      User.Role chosen = switch (role.toUpperCase(java.util.Locale.ROOT)) {
        case "REGULATOR" -> User.Role.REGULATOR;
        case "ADMIN" -> User.Role.ADMIN;
        default -> throw new org.opendnc.core.error.DncException(org.opendnc.core.error.ErrorCode.INVALID_ARGUMENT,
            "--role must be REGULATOR or ADMIN, got '" + role + "'. Operators' accounts belong to an operator:"
                + " make them in the admin portal.");
      };
      PrintWriter out = spec.commandLine().getOut();
      try (RegisterStore store = parent.root.openStore()) {
        String password = new Accounts(store, Clock.systemUTC()).createUser(username, chosen, null,
            Actor.commandLine());
        out.println("Created " + chosen + " account " + username + ":");
        out.println("  " + password);
        out.println("Shown only now; it must be changed at the next login.");
      }
      return 0;
    }
  }
}
