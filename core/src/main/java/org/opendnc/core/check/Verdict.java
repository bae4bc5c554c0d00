package org.opendnc.core.check;

/** Whether an operator may call a number, as a check decided it. */
public enum Verdict {
  CALLABLE,
  BLOCKED,
  INVALID
}
