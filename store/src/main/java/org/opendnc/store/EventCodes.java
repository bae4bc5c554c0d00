package org.opendnc.store;

import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;

/**
 * The stable numeric codes under which event types and channels are stored. Never derived from
 * enum ordinals: adding a constant to an enum must not change what stored rows mean. The switches
 * are exhaustive, so a new constant does not compile until it gets a code (and a migration that
 * widens the table's CHECK constraint).
 */
final class EventCodes {

  private EventCodes() {}

  static int code(EventType type) {
    return switch (type) {
      case REGISTER -> 1;
      case RENEW -> 2;
      case ALLOW -> 3;
      case DISALLOW -> 4;
      case CANCEL -> 5;
    };
  }

  static int code(Channel channel) {
    return switch (channel) {
      case WEB -> 1;
      case PHONE -> 2;
      case EMAIL -> 3;
      case API -> 4;
      case IMPORT -> 5;
      case CARRIER -> 6;
    };
  }

  private static final EventType[] TYPES_BY_CODE = {
    null, EventType.REGISTER, EventType.RENEW, EventType.ALLOW, EventType.DISALLOW, EventType.CANCEL
  };

  private static final Channel[] CHANNELS_BY_CODE = {
    null, Channel.WEB, Channel.PHONE, Channel.EMAIL, Channel.API, Channel.IMPORT, Channel.CARRIER
  };

  static EventType type(int code) {
    if (code <= 0 || code >= TYPES_BY_CODE.length) {
      throw new IllegalStateException(
          "Unknown event type code " + code + ": the database was written by a newer OpenDNC");
    }
    return TYPES_BY_CODE[code];
  }

  static Channel channel(int code) {
    if (code <= 0 || code >= CHANNELS_BY_CODE.length) {
      throw new IllegalStateException(
          "Unknown channel code " + code + ": the database was written by a newer OpenDNC");
    }
    return CHANNELS_BY_CODE[code];
  }
}
