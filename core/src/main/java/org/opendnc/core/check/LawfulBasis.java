package org.opendnc.core.check;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Why an opposed number may still be called by one operator: a consent or a contract of the
 * consent ledger, named by its record id and its leaf index in the register's transparency log.
 *
 * @param reason {@link Reason#CONSENT} or {@link Reason#CONTRACT}
 * @param recordId the ledger record's id
 * @param leafIndex the record's leaf in the log
 */
public record LawfulBasis(Reason reason, String recordId, long leafIndex) {
  public LawfulBasis {
    Objects.requireNonNull(recordId, "recordId");
    if (reason != Reason.CONSENT && reason != Reason.CONTRACT) {
      throw new IllegalArgumentException("a lawful basis is a CONSENT or a CONTRACT, not " + reason);
    }
  }

  /** The bytes written in a list check's {@code record_id} column. */
  byte[] recordIdBytes() {
    return recordId.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * What an operator holds, looked up by number during one check, at one time. Implementations
   * are safe to call from several threads at once and do not touch a database.
   */
  @FunctionalInterface
  public interface Lookup {
    /** The basis for calling {@code e164} despite its opposition, or {@code null} when there is none. */
    LawfulBasis find(long e164);
  }
}
