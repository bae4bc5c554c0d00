package org.opendnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.opendnc.audit.CallingNumbers.Declared;
import org.opendnc.audit.DoNotContactImport;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.Profile;
import org.opendnc.store.OperatorListStore.CallingNumber;
import org.opendnc.store.RegisterStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dnc operator calling-numbers} and {@code dnc operator dnc}: what operators declare. */
final class OperatorListsCommands {

  private OperatorListsCommands() {}

  /** {@code dnc operator calling-numbers add|list|withdraw}. */
  @Command(name = "calling-numbers", mixinStandardHelpOptions = true,
      description = "The calling numbers (caller IDs) an operator declares.",
      subcommands = {CallingNumbers.Add.class, CallingNumbers.ListNumbers.class, CallingNumbers.Withdraw.class})
  static final class CallingNumbers {
    @ParentCommand OperatorCommand parent;

    /** {@code dnc operator calling-numbers add OPERATOR NUMBER...}. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Declares calling numbers of an operator.")
    static final class Add implements Callable<Integer> {
      @ParentCommand CallingNumbers parent;
      @Spec CommandSpec spec;

      @Parameters(index = "0", paramLabel = "OPERATOR", description = "The operator id (as in call records).")
      String operator;

      @Parameters(index = "1..*", arity = "1..*", paramLabel = "NUMBER", description = "Numbers in any common form.")
      List<String> numbers;

      @Option(names = "--since", paramLabel = "INSTANT",
          description = "When the declaration took effect, ISO-8601 (default: now).")
      Instant since;

      @Override
      public Integer call() {
        Dnc root = parent.parent.root;
        PrintWriter out = spec.commandLine().getOut();
        Instant at = since != null ? since : Clock.systemUTC().instant();
        NumberParser parser = NumberParser.forRegion(Profile.named(root.profile).region());
        try (RegisterStore store = root.openStore()) {
          for (Declared declared
              : org.opendnc.audit.CallingNumbers.declare(store.operatorLists(), operator, numbers, parser, at)) {
            out.printf("%s %s for %s%s%n", declared.added() ? "Declared" : "Already declared",
                NumberParser.format(declared.e164()), operator, declared.added() ? " from " + at : "");
          }
        }
        return 0;
      }
    }

    /** {@code dnc operator calling-numbers list OPERATOR}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists an operator's declarations.")
    static final class ListNumbers implements Callable<Integer> {
      @ParentCommand CallingNumbers parent;
      @Spec CommandSpec spec;

      @Parameters(index = "0", paramLabel = "OPERATOR", description = "The operator id.")
      String operator;

      @Override
      public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (RegisterStore store = parent.parent.root.openStore()) {
          List<CallingNumber> numbers = store.operatorLists().callingNumbers(operator);
          for (CallingNumber number : numbers) {
            out.printf("%s  from %s%s%n", NumberParser.format(number.e164()), number.declaredAt(),
                number.withdrawnAt() == null ? "" : "  until " + number.withdrawnAt());
          }
          out.printf("%d declarations for %s.%n", numbers.size(), operator);
        }
        return 0;
      }
    }

    /** {@code dnc operator calling-numbers withdraw OPERATOR NUMBER}. */
    @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Ends the declaration of a calling number.")
    static final class Withdraw implements Callable<Integer> {
      @ParentCommand CallingNumbers parent;
      @Spec CommandSpec spec;

      @Parameters(index = "0", paramLabel = "OPERATOR", description = "The operator id.")
      String operator;

      @Parameters(index = "1", paramLabel = "NUMBER", description = "The declared number.")
      String number;

      @Option(names = "--at", paramLabel = "INSTANT", description = "When it ended, ISO-8601 (default: now).")
      Instant at;

      @Override
      public Integer call() {
        Dnc root = parent.parent.root;
        NumberParser parser = NumberParser.forRegion(Profile.named(root.profile).region());
        org.opendnc.audit.CallingNumbers.parse(number, parser); // an unreadable number is refused before the store is opened
        try (RegisterStore store = root.openStore()) {
          long e164;
          try {
            e164 = org.opendnc.audit.CallingNumbers.withdraw(store.operatorLists(), operator, number, parser,
                at != null ? at : Clock.systemUTC().instant());
          } catch (DncException e) {
            throw e.code() != ErrorCode.NOT_FOUND ? e : new DncException(ErrorCode.NOT_FOUND, e.getMessage()
                + " See dnc operator calling-numbers list " + operator + ".");
          }
          spec.commandLine().getOut().printf("Withdrew %s of %s.%n", NumberParser.format(e164), operator);
        }
        return 0;
      }
    }
  }

  /** {@code dnc operator dnc import FILE --operator ID}. */
  @Command(name = "dnc", mixinStandardHelpOptions = true,
      description = "An operator's internal do-not-contact list (with the dates of entry and of refusal).",
      subcommands = {DoNotContact.Import.class})
  static final class DoNotContact {
    @ParentCommand OperatorCommand parent;

    /** {@code dnc operator dnc import FILE --operator ID}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
        description = "Imports a do-not-contact list (CSV: number,added_at,refused_at); re-importing adds nothing.")
    static final class Import implements Callable<Integer> {
      @ParentCommand DoNotContact parent;
      @Spec CommandSpec spec;

      @Parameters(index = "0", paramLabel = "FILE", description = "The list (CSV with a header).")
      Path file;

      @Option(names = "--operator", required = true, paramLabel = "ID", description = "Whose list it is.")
      String operator;

      @Override
      public Integer call() {
        Dnc root = parent.parent.root;
        Profile profile = Profile.named(root.profile);
        Path rejects = root.dataDir.toAbsolutePath().resolve("rejects").resolve(file.getFileName() + ".rejects.csv");
        try (RegisterStore store = root.openStore()) {
          DoNotContactImport.Result result = DoNotContactImport.run(store.operatorLists(), operator, file,
              NumberParser.forRegion(profile.region()), profile.zone(), Clock.systemUTC(), rejects);
          spec.commandLine().getOut().printf("Imported %s for %s: %,d rows, %,d added, %,d already listed, %,d rejected.%n",
              file, operator, result.rows(), result.added(), result.alreadyListed(), result.rejects().count());
          AuditCommand.printRejects(spec.commandLine().getErr(), file, result.rejects());
        }
        return 0;
      }
    }
  }
}
