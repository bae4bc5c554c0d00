package org.opendnc.store;

import java.time.Instant;
import java.util.List;

/**
 * The development SMS gateway's outbox: messages that a real gateway would have sent, kept for
 * the log and the admin page. It holds one-time codes in clear: development only. Thread-safe.
 */
public interface SmsOutbox {

  /** A message as stored; {@code id} ascends with the order of {@link #add}. */
  record Message(long id, long toE164, String body, Instant createdAt) {}

  /** Stores a message durably. */
  void add(long toE164, String body, Instant createdAt);

  /** The newest messages, newest first, at most {@code limit}. */
  List<Message> latest(int limit);
}
