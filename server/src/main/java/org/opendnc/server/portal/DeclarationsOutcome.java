package org.opendnc.server.portal;

import java.util.List;

/**
 * What an operator's declarations page shows after an action: a sentence, and for a list upload
 * the rows that were not imported.
 *
 * @param rejected how many rows were not imported (the list may show fewer)
 */
public record DeclarationsOutcome(String notice, long rejected, List<Reject> rejects) {

  /** A row that was not imported: its line, reason code and what was wrong. */
  public record Reject(long line, String reason, String detail) {}

  public DeclarationsOutcome {
    rejects = List.copyOf(rejects);
  }

  /** An outcome with nothing to list. */
  public static DeclarationsOutcome of(String notice) {
    return new DeclarationsOutcome(notice, 0, List.of());
  }
}
