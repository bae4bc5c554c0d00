package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.engine.citizen.OutboxSmsGateway;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.SmsOutbox;

/**
 * The development SMS outbox for the register's staff: the messages (one-time codes in clear) the
 * development gateway kept instead of sending. Absent when a real gateway sends the messages.
 */
final class SmsOutboxApi {

  private final CitizenGateway citizens;
  private final AuditTrail audit;

  SmsOutboxApi(CitizenGateway citizens, AuditTrail audit) {
    this.citizens = citizens;
    this.audit = audit;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/admin/sms-outbox", this::outbox, Access.ADMIN);
  }

  record MessageView(long id, String to, String body, Instant createdAt) {
    static MessageView of(SmsOutbox.Message message) {
      return new MessageView(message.id(), CitizenApi.number(message.toE164()), message.body(),
          message.createdAt());
    }
  }

  record OutboxView(List<MessageView> messages) {}

  private void outbox(Context ctx) {
    ctx.json(new OutboxView(read(ctx, OperatorApi.limitParameter(ctx)).stream()
        .map(MessageView::of).toList()));
  }

  /**
   * The newest messages, newest first; the read is audited (it shows codes). The API and the
   * portal's outbox page both come here.
   *
   * @throws DncException NOT_FOUND when a real gateway sends the messages
   */
  List<SmsOutbox.Message> read(Context ctx, int limit) {
    OutboxSmsGateway outbox = citizens.developmentOutbox().orElseThrow(() -> new DncException(
        ErrorCode.NOT_FOUND, "this server sends SMS through a real gateway; there is no"
            + " development outbox."));
    List<SmsOutbox.Message> messages = outbox.latest(limit);
    Actor actor = OperatorApi.actor(ctx);
    audit.record(AuditEntry.of(Instant.now(), actor.type(), actor.name(), "SMS_OUTBOX_READ", null,
        messages.size(), null, AuditEntry.OK, actor.requestId(), null), null);
    return messages;
  }
}
