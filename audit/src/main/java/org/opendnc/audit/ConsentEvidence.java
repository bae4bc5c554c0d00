package org.opendnc.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where the audit finds an operator's consents and contracts for a number: the register's consent
 * ledger ({@link LedgerConsentEvidence}) and seized or submitted files ({@link FileConsentEvidence}).
 * Implementations must be thread-safe: the audit asks from several threads.
 */
public interface ConsentEvidence {

  /** No consents and no contracts. */
  ConsentEvidence NONE = new ConsentEvidence() {
    @Override
    public List<Consent> consentsOf(String operator, long e164) {
      return List.of();
    }

    @Override
    public List<Contract> contractsOf(String operator, long e164) {
      return List.of();
    }
  };

  /** What {@code first} and {@code second} hold together (first's first); either may be {@link #NONE}. */
  static ConsentEvidence combined(ConsentEvidence first, ConsentEvidence second) {
    if (first == NONE) {
      return second;
    }
    if (second == NONE) {
      return first;
    }
    return new ConsentEvidence() {
      @Override
      public List<Consent> consentsOf(String operator, long e164) {
        return concat(first.consentsOf(operator, e164), second.consentsOf(operator, e164));
      }

      @Override
      public List<Contract> contractsOf(String operator, long e164) {
        return concat(first.contractsOf(operator, e164), second.contractsOf(operator, e164));
      }

      private static <T> List<T> concat(List<T> a, List<T> b) {
        if (a.isEmpty()) {
          return b;
        }
        if (b.isEmpty()) {
          return a;
        }
        List<T> both = new java.util.ArrayList<>(a.size() + b.size());
        both.addAll(a);
        both.addAll(b);
        return both;
      }
    };
  }

  /** Every consent {@code operator} holds for {@code e164}, in any order; never {@code null}. */
  List<Consent> consentsOf(String operator, long e164);

  /** Every contract of {@code operator} with the holder of {@code e164}; never {@code null}. */
  List<Contract> contractsOf(String operator, long e164);

  /**
   * A consent to telemarketing calls.
   *
   * @param id the consent record's id (evidence)
   * @param givenAt when it was given
   * @param withdrawnAt when it was withdrawn; {@code null} if never
   */
  record Consent(String id, Instant givenAt, Instant withdrawnAt) {
    public Consent {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(givenAt, "givenAt");
    }
  }

  /**
   * A contract between the operator and the number's holder.
   *
   * @param id the contract's id (evidence)
   * @param start when it began
   * @param end when it ended; {@code null} while active
   */
  record Contract(String id, Instant start, Instant end) {
    public Contract {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(start, "start");
    }
  }
}
