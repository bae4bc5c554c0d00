package org.opendnc.server.portal;

import java.util.List;
import org.opendnc.engine.consent.LedgerImport;

/**
 * What the operator's ledger page shows after a file was recorded: the counts, exact, and the
 * first rejected rows (line, reason code, every reason).
 *
 * @param kind {@code consents}, {@code withdrawals} or {@code contracts}
 */
public record LedgerOutcome(String kind, long rows, long recorded, long duplicates, long rejected,
    List<LedgerImport.Reject> rejects) {
  public LedgerOutcome {
    rejects = List.copyOf(rejects);
  }
}
