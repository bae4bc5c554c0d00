package org.opendnc.server;

import java.util.Objects;
import org.opendnc.store.AuditEntry.ActorType;

/**
 * Who performs an account action, for the audit log.
 *
 * @param type the kind of actor
 * @param name the username, operator id or a description such as {@code cli/alice}
 * @param requestId the HTTP request id, or {@code null} outside a request
 */
public record Actor(ActorType type, String name, String requestId) {
  public Actor {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
  }

  /** The register's staff at the command line of the machine (named by the OS user). */
  public static Actor commandLine() {
    return new Actor(ActorType.ADMIN, "cli/" + System.getProperty("user.name", "unknown"), null);
  }
}
