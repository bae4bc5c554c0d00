package org.opendnc.core.register;

/** How a register event reached the register. */
public enum Channel {
  WEB,
  PHONE,
  EMAIL,
  API,
  /** A bulk file imported by the register's staff. */
  IMPORT,
  /** A signed bulk file from a telecom carrier (unlisted fixed numbers). */
  CARRIER
}
