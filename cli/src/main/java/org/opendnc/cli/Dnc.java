package org.opendnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.store.RegisterStore;
import org.opendnc.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code dnc} command: OpenDNC's command line. */
@Command(
    name = "dnc",
    mixinStandardHelpOptions = true,
    version = "OpenDNC 0.1.0",
    description = "OpenDNC: the telephone opposition (do-not-call) register and its enforcement.",
    subcommands = {
      DemoCommand.class,
      RegisterCommand.class,
      ScrubCommand.class,
      KeyCommand.class,
      ReceiptCommand.class,
      LedgerCommand.class,
      ServeCommand.class,
      OperatorCommand.class,
      AdminCommand.class,
      AuditCommand.class,
      ComplaintsCommand.class,
      InvestigateCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  verification failed (receipt signature or hash; ledger checkpoint, proof or mirror)",
      "  2  wrong command-line usage",
      "  3  bad input file (missing, unreadable, binary, empty, no phone column, malformed CSV,",
      "     malformed checkpoint or proof)",
      "  4  the data directory, database or signing key cannot be used",
      "  5  internal error (a bug: please report it with --debug output)",
      "  6  refused by the service (authentication, permission, quota, rate limit)"
    })
public final class Dnc {
  @Option(
      names = "--data",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      defaultValue = "${env:DNC_DATA:-data}",
      description = "Data directory: signing key, index snapshot, and the SQLite database (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--db",
      scope = ScopeType.INHERIT,
      paramLabel = "JDBC_URL",
      defaultValue = "${env:DNC_DB}",
      description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost/dnc (default: SQLite in --data).")
  String databaseUrl;

  @Option(names = "--db-user", scope = ScopeType.INHERIT, defaultValue = "${env:DNC_DB_USER}",
      description = "Database user (or env DNC_DB_USER).")
  String databaseUser;

  @Option(names = "--db-password", scope = ScopeType.INHERIT, defaultValue = "${env:DNC_DB_PASSWORD}",
      description = "Database password (better: env DNC_DB_PASSWORD).")
  String databasePassword;

  @Option(names = "--profile", scope = ScopeType.INHERIT, defaultValue = "IT",
      description = "Jurisdiction profile: IT, US, UK, FR, CA, or a profile file *.json (default: ${DEFAULT-VALUE}).")
  String profile;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean debug;

  RegisterConfig config() {
    return new RegisterConfig(dataDir, databaseUrl, databaseUser, databasePassword, profile);
  }

  /** Opens the register, printing its notices (snapshot rebuilt, events replayed) to stderr. */
  Register openRegister(PrintWriter err) {
    return Register.open(config(), line -> err.println("dnc: " + line));
  }

  /** Opens only the register's database (no index): enough for accounts and keys. */
  RegisterStore openStore() {
    try {
      return databaseUrl == null
          ? RegisterStore.openSqlite(dataDir)
          : RegisterStore.open(databaseUrl, databaseUser, databasePassword);
    } catch (StoreException e) {
      throw new DncException(ErrorCode.STORE_UNAVAILABLE, e.getMessage(), e);
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line on the standard streams and returns the exit code. */
  public static int run(String... args) {
    return run(
        new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8),
        args);
  }

  /** Runs the command line writing to the given streams and returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    Dnc root = new Dnc();
    CommandLine cmd = new CommandLine(root).setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter errors = commandLine.getErr();
          if (e instanceof DncException d) {
            errors.println("dnc: error " + d.code() + ": " + d.getMessage());
            if (root.debug) {
              e.printStackTrace(err);
            }
            errors.flush();
            return d.code().exitCode();
          }
          errors.println("dnc: internal error " + ErrorCode.INTERNAL + ": " + e);
          if (root.debug) {
            e.printStackTrace(err);
          } else {
            errors.println("dnc: run again with --debug for the stack trace, and please report it.");
          }
          errors.flush();
          return ErrorCode.INTERNAL.exitCode();
        });
    return cmd.execute(args);
  }
}
