package org.opendnc.engine.citizen;

/**
 * Sends text messages to citizens' lines. Implementations must be thread-safe.
 * {@link OutboxSmsGateway} is the development gateway; a deployment plugs in a real provider.
 */
public interface SmsGateway {

  /**
   * Sends one message. Returns when the gateway accepted it.
   *
   * @param toE164 the line, E.164 as a long
   * @param text the message; it may hold a one-time code, so implementations must not log it
   *     (except the development gateway, whose purpose is to show it)
   * @throws RuntimeException if the message cannot be sent; the caller reports SMS_UNAVAILABLE
   */
  void send(long toE164, String text);
}
