package org.opendnc.engine.citizen;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.opendnc.store.SmsOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development SMS gateway: sends nothing, but stores each message in the store's outbox (for
 * the admin page) and writes it to the log. Shows one-time codes in clear: never use it where
 * real citizens' numbers are registered.
 */
public final class OutboxSmsGateway implements SmsGateway {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSmsGateway.class);

  private final SmsOutbox outbox;
  private final Clock clock;

  public OutboxSmsGateway(SmsOutbox outbox, Clock clock) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void send(long toE164, String text) {
    outbox.add(toE164, text, clock.instant());
    LOG.info("SMS outbox (development gateway, not sent) to +{}: {}", toE164, text);
  }

  /** The newest messages, newest first: what the admin page shows. */
  public List<SmsOutbox.Message> latest(int limit) {
    return outbox.latest(limit);
  }
}
