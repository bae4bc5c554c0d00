package org.opendnc.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.opendnc.server.Accounts;
import org.opendnc.server.Actor;
import org.opendnc.store.ApiKey;
import org.opendnc.store.Operator;
import org.opendnc.store.RegisterStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dnc operator}: operator accounts and their API keys. */
@Command(name = "operator", mixinStandardHelpOptions = true,
    description = "Operator accounts and API keys (also possible through the admin API), declared calling numbers and do-not-contact lists.",
    subcommands = {OperatorCommand.Create.class, OperatorCommand.ListOperators.class,
        OperatorCommand.Key.class, OperatorCommand.Revoke.class,
        OperatorListsCommands.CallingNumbers.class, OperatorListsCommands.DoNotContact.class})
final class OperatorCommand {
  @ParentCommand Dnc root;

  static void printKey(PrintWriter out, Accounts.IssuedKey issued) {
    out.println("API key:  " + issued.secret());
    out.println("key id:   " + issued.key().id());
    out.println("Shown only now: the register keeps only its SHA-256. Send it as");
    out.println("  Authorization: Bearer " + issued.key().prefix() + "...");
  }

  /** {@code dnc operator create NAME}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Creates an operator on a plan and prints its first API key (shown once).")
  static final class Create implements Callable<Integer> {
    @ParentCommand OperatorCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID",
        description = "Operator id: lowercase letters, digits, '.', '_', '-' (receipts and allowances name it).")
    String id;

    @Option(names = "--plan", paramLabel = "PLAN", defaultValue = Accounts.DEFAULT_PLAN,
        description = "Plan (yearly quota of numbers checked): trial, standard, enterprise, ... (default: ${DEFAULT-VALUE}).")
    String plan;

    @Option(names = "--name", paramLabel = "TEXT", description = "Display name (default: the id).")
    String name;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (RegisterStore store = parent.root.openStore()) {
        Accounts.NewOperator created = new Accounts(store, Clock.systemUTC())
            .createOperator(id, name, plan, Actor.commandLine());
        out.println("Created operator " + created.operator().id() + " on plan " + created.operator().plan() + ".");
        printKey(out, created.key());
      }
      return 0;
    }
  }

  /** {@code dnc operator list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the operators and their keys.")
  static final class ListOperators implements Callable<Integer> {
    @ParentCommand OperatorCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (RegisterStore store = parent.root.openStore()) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        for (Operator operator : accounts.operators()) {
          out.printf("%s  plan %s%s  (%s)%n", operator.id(), operator.plan(),
              operator.disabled() ? "  DISABLED" : "", operator.name());
          for (ApiKey key : accounts.apiKeys(operator.id())) {
            out.printf("    key %s  %s...  %s%n", key.id(), key.prefix(),
                key.active() ? "active since " + key.createdAt() : "revoked " + key.revokedAt());
          }
        }
      }
      return 0;
    }
  }

  /** {@code dnc operator key ID}. */
  @Command(name = "key", mixinStandardHelpOptions = true,
      description = "Issues another API key for an operator (shown once).")
  static final class Key implements Callable<Integer> {
    @ParentCommand OperatorCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The operator id.")
    String id;

    @Override
    public Integer call() {
      try (RegisterStore store = parent.root.openStore()) {
        printKey(spec.commandLine().getOut(),
            new Accounts(store, Clock.systemUTC()).issueKey(id, Actor.commandLine()));
      }
      return 0;
    }
  }

  /** {@code dnc operator revoke ID KEY_ID}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revokes an operator's API key (a running server stops accepting it within 30 s).")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand OperatorCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The operator id.")
    String id;

    @Parameters(index = "1", paramLabel = "KEY_ID", description = "The key id (see dnc operator list).")
    String keyId;

    @Override
    public Integer call() {
      try (RegisterStore store = parent.root.openStore()) {
        ApiKey key = new Accounts(store, Clock.systemUTC()).revokeKey(id, keyId, Actor.commandLine());
        spec.commandLine().getOut().println("Revoked key " + key.id() + " (" + key.prefix() + "...) of " + id + ".");
      }
      return 0;
    }
  }
}
