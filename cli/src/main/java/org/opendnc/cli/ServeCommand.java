package org.opendnc.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.opendnc.server.Actor;
import org.opendnc.server.Server;
import org.opendnc.server.ServerConfig;
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
      "Serves the register over HTTP: the API under /api/v1 (docs at /api/docs), /health/live,",
      "/health/ready and /metrics. On first start it creates the admin account and prints its",
      "one-time password. Ctrl-C or SIGTERM stops it gracefully: requests in flight finish."
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
        trustProxy, Duration.ofSeconds(30));
    Server server = Server.start(root.config(), config, line -> err.println("dnc: " + line));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "opendnc-shutdown"));
    server.accounts().bootstrapAdmin(Actor.commandLine()).ifPresent(password -> {
      out.println("First start: created the admin account. Log in with");
      out.println("  username: " + org.opendnc.server.Accounts.FIRST_ADMIN);
      out.println("  password: " + password);
      out.println("This one-time password is shown only now and must be changed at the first login.");
      out.println("(Lost it? Stop the server and run: dnc admin reset-password)");
    });
    out.println("OpenDNC is serving the register at " + server.url());
    out.println("  API docs: " + server.url().resolve("/api/docs") + "   health: "
        + server.url().resolve("/health/ready"));
    out.println("  operators' keys: dnc operator create NAME   stop: Ctrl-C");
    out.flush();
    server.awaitClosed();
    return 0;
  }
}
