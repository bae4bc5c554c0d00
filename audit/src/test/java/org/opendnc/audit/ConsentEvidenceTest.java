package org.opendnc.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendnc.audit.ConsentEvidence.Consent;
import org.opendnc.audit.ConsentEvidence.Contract;

/** The ledger's and the files' evidence together. */
class ConsentEvidenceTest {

  private static ConsentEvidence holding(String operator, long e164, List<Consent> consents, List<Contract> contracts) {
    return new ConsentEvidence() {
      @Override
      public List<Consent> consentsOf(String o, long n) {
        return o.equals(operator) && n == e164 ? consents : List.of();
      }

      @Override
      public List<Contract> contractsOf(String o, long n) {
        return o.equals(operator) && n == e164 ? contracts : List.of();
      }
    };
  }

  @Test
  void combinedEvidenceHoldsBothSourcesLedgerFirst() {
    Consent ledger = new Consent("c-1@leaf:0", Instant.parse("2026-01-01T00:00:00Z"), null);
    Consent file = new Consent("C-9", Instant.parse("2026-02-01T00:00:00Z"), null);
    Contract contract = new Contract("K-1", Instant.parse("2025-01-01T00:00:00Z"), null);
    ConsentEvidence first = holding("acme", 393331111111L, List.of(ledger), List.of());
    ConsentEvidence second = holding("acme", 393331111111L, List.of(file), List.of(contract));

    ConsentEvidence both = ConsentEvidence.combined(first, second);
    assertThat(both.consentsOf("acme", 393331111111L)).containsExactly(ledger, file);
    assertThat(both.contractsOf("acme", 393331111111L)).containsExactly(contract);
    assertThat(both.consentsOf("other", 393331111111L)).isEmpty();
    assertThat(ConsentEvidence.combined(ConsentEvidence.NONE, second)).isSameAs(second);
    assertThat(ConsentEvidence.combined(first, ConsentEvidence.NONE)).isSameAs(first);
  }
}
