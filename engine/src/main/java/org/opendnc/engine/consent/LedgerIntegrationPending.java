package org.opendnc.engine.consent;

import java.util.List;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * Records appended to the log but not integrated within the caller's wait (the database may be
 * slow or unavailable): they stay queued and are integrated when it can be done. Not an
 * acknowledgement; the ids let the caller fetch them later (202 pending_integration until then).
 */
public final class LedgerIntegrationPending extends DncException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConsentLedger.Logged> records;

  LedgerIntegrationPending(List<ConsentLedger.Logged> records, String message) {
    super(ErrorCode.SERVICE_UNAVAILABLE, message);
    this.records = List.copyOf(records);
  }

  /** The records appended, with their ids and leaf indices. */
  public List<ConsentLedger.Logged> records() {
    return records;
  }
}
