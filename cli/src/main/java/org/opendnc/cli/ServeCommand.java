package org.opendnc.cli;

import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.opendnc.server.Actor;
import org.opendnc.server.CitizenSettings;
import org.opendnc.server.Server;
import org.opendnc.server.ServerConfig;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dnc serve}: the register as an HTTP service until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the register over HTTP: the web portal at / (citizens, operators, the register's staff;",
      "Italian and English), the API under /api/v1 (docs at /api/docs), /health/live, /health/ready",
      "and /metrics. On first start it creates the admin account and the IVR webhook's",
      "secret and prints them once. Citizens' SMS codes go to the development outbox (the log and",
      "GET /api/v1/admin/sms-outbox), not to phones. Ctrl-C or SIGTERM stops it gracefully."
    })
final class ServeCommand implements Callable<Integer> {
  @ParentCommand Dnc root;
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; put a TLS proxy in front to serve others).")
  String host;

  @Option(names = "--max-list-mib", defaultValue = "256", paramLabel = "MIB",
      description = "Largest list a batch check accepts, in MiB (default: ${DEFAULT-VALUE}).")
  long maxListMebibytes;

  @Option(names = "--rate-per-address", defaultValue = "1000", paramLabel = "N",
      description = "Requests per second allowed from one client address (default: ${DEFAULT-VALUE}).")
  long ratePerAddress;

  @Option(names = "--rate-per-key", defaultValue = "2000", paramLabel = "N",
      description = "Requests per second allowed with one API key or session (default: ${DEFAULT-VALUE}).")
  long ratePerKey;

  @Option(names = "--trust-proxy",
      description = "Take the client address and scheme from X-Forwarded-For/-Proto (only behind your own proxy).")
  boolean trustProxy;

  @Option(names = "--ivr-secret", defaultValue = "${env:DNC_IVR_SECRET}", paramLabel = "SECRET",
      description = {"The secret the telephony platform sends to POST /api/v1/ivr/calls (Authorization: Bearer),",
          "at least 32 characters; default: $DNC_IVR_SECRET, else the one created at the first start",
          "(its SHA-256 is in DATA/ivr-webhook.sha256)."})
  String ivrSecret;

  @Option(names = "--new-ivr-secret",
      description = "Replace the stored IVR webhook secret with a new one and print it once.")
  boolean newIvrSecret;

  private CitizenSettings citizenSettings() {
    String secret = ivrSecret == null || ivrSecret.isEmpty() ? null : ivrSecret;
    if (secret != null && (secret.length() < CitizenSettings.MIN_IVR_SECRET_CHARS || !secret.equals(secret.strip()))) {
      throw new org.opendnc.core.error.DncException(org.opendnc.core.error.ErrorCode.INVALID_ARGUMENT,
          "--ivr-secret (or DNC_IVR_SECRET) must be at least " + CitizenSettings.MIN_IVR_SECRET_CHARS
              + " characters without surrounding spaces; e.g. openssl rand -base64 32.");
    }
    if (secret != null && newIvrSecret) {
      throw new org.opendnc.core.error.DncException(org.opendnc.core.error.ErrorCode.INVALID_ARGUMENT,
          "give either --ivr-secret (or DNC_IVR_SECRET) or --new-ivr-secret, not both.");
    }
    return CitizenSettings.defaults().withIvrSecret(secret).withNewIvrSecret(newIvrSecret);
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (maxListMebibytes <= 0 || ratePerAddress <= 0 || ratePerKey <= 0) {
      throw new org.opendnc.core.error.DncException(org.opendnc.core.error.ErrorCode.INVALID_ARGUMENT,
          "--max-list-mib, --rate-per-address and --rate-per-key must be positive.");
    }
    ServerConfig config = new ServerConfig(host, port, maxListMebibytes << 20,
        ServerConfig.DEFAULT_MAX_JSON_BYTES,
        new ServerConfig.RateLimits(ratePerAddress, ratePerKey,
            ServerConfig.RateLimits.defaults().loginsPerMinute()),
        trustProxy, Duration.ofSeconds(30), citizenSettings());
    Server server = Server.start(root.config(), config, line -> err.println("dnc: " + line));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      flushLogs();
    }, "opendnc-shutdown"));
    server.accounts().bootstrapAdmin(Actor.commandLine()).ifPresent(password -> {
      out.println("First start: created the admin account. Log in with");
      out.println("  username: " + org.opendnc.server.Accounts.FIRST_ADMIN);
      out.println("  password: " + password);
      out.println("This one-time password is shown only now and must be changed at the first login.");
      out.println("(Lost it? Stop the server and run: dnc admin reset-password)");
    });
    server.newIvrSecret().ifPresent(secret -> {
      out.println("Created the IVR webhook secret. Configure the telephony platform to send");
      out.println("  Authorization: Bearer " + secret);
      out.println("to " + server.url().resolve("/api/v1/ivr/calls") + " (shown only now; only its hash is kept;"
          + " replace it with --new-ivr-secret).");
    });
    out.println("OpenDNC is serving the register at " + server.url());
    out.println("  portal: " + server.url() + " (staff: " + server.url().resolve("/admin")
        + ")   API docs: " + server.url().resolve("/api/docs") + "   health: "
        + server.url().resolve("/health/ready"));
    out.println("  operators' keys: dnc operator create NAME   stop: Ctrl-C");
    out.flush();
    server.awaitClosed();
    return 0;
  }

  /** Writes out the request log's queue (an asynchronous appender) once the server has stopped. */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
      logging.stop();
    }
  }
}
