package org.opendnc.engine.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.opendnc.core.check.LawfulBasis;
import org.opendnc.core.check.Reason;

/** What each operator holds in the consent ledger, by number: the structure checks read. */
final class Holdings {

  /*
   * Per operator a ConcurrentHashMap from number to an immutable Holding (its consents and
   * contracts); a write replaces the Holding (copy on write, writes serialised by the ledger's
   * integrator). A check reads the maps without locks, and only for numbers the index found
   * opposed, so an operator without records costs a null check per list and nothing per row.
   *
   * The latest REGISTER or RENEW time is kept only for numbers that some operator holds a consent
   * for (opposedAt): filled from the event log when a number first gets a consent, then kept
   * current by the register's writer before each new view is published (Register.beforeApply), so
   * a check never sees a REGISTER that opposedAt does not know yet.
   */

  /** How long after its end a contract still makes a number callable (DOMAIN.md, rule 2b). */
  static final Duration CONTRACT_GRACE = Duration.ofDays(30);
  /** The longest chain of transfers followed back to the first consent. */
  static final int MAX_TRANSFER_CHAIN = 1_000;

  /** A consent held by an operator; {@code parentId} names the consent it was transferred from. */
  record Consent(String id, long leaf, String operator, long e164, Instant givenAt, Instant validUntil,
      List<String> recipients, String parentId, String transferId, Instant receivedAt,
      boolean backdated, LawfulBasis basis) {
    Consent(String id, long leaf, String operator, long e164, Instant givenAt, Instant validUntil,
        List<String> recipients, String parentId, String transferId, Instant receivedAt, boolean backdated) {
      // The answer a check gives for it, made once: checks return it for every row it covers.
      this(id, leaf, operator, e164, givenAt, validUntil, recipients, parentId, transferId, receivedAt,
          backdated, new LawfulBasis(Reason.CONSENT, id, leaf));
    }
  }

  /** A contract between an operator and a number's subscriber; {@code end} may be null (open-ended). */
  record Contract(String id, long leaf, String operator, long e164, Instant start, Instant end, LawfulBasis basis) {
    Contract(String id, long leaf, String operator, long e164, Instant start, Instant end) {
      this(id, leaf, operator, e164, start, end, new LawfulBasis(Reason.CONTRACT, id, leaf));
    }
  }

  /** Everything one operator holds for one number. */
  record Holding(List<Consent> consents, List<Contract> contracts) {
    static final Holding EMPTY = new Holding(List.of(), List.of());

    Holding with(Consent consent) {
      List<Consent> more = new ArrayList<>(consents);
      more.add(consent);
      return new Holding(List.copyOf(more), contracts);
    }

    Holding with(Contract contract) {
      List<Contract> more = new ArrayList<>(contracts);
      more.add(contract);
      return new Holding(consents, List.copyOf(more));
    }
  }

  private final Map<String, ConcurrentHashMap<Long, Holding>> byOperator = new ConcurrentHashMap<>();
  private final Map<String, Consent> consentsById = new ConcurrentHashMap<>();
  private final Map<String, Instant> withdrawnAt = new ConcurrentHashMap<>();
  private final Set<String> transfers = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<Long, Long> opposedAtMillis = new ConcurrentHashMap<>();
  private final LongFunction<Instant> latestOpposition;

  /** @param latestOpposition a number's latest REGISTER or RENEW time from the event log, or null */
  Holdings(LongFunction<Instant> latestOpposition) {
    this.latestOpposition = latestOpposition;
  }

  void addConsent(Consent consent) {
    trackOpposition(consent.e164());
    consentsById.put(consent.id(), consent);
    byOperator.computeIfAbsent(consent.operator(), o -> new ConcurrentHashMap<>())
        .compute(consent.e164(), (n, h) -> (h == null ? Holding.EMPTY : h).with(consent));
  }

  void addContract(Contract contract) {
    byOperator.computeIfAbsent(contract.operator(), o -> new ConcurrentHashMap<>())
        .compute(contract.e164(), (n, h) -> (h == null ? Holding.EMPTY : h).with(contract));
  }

  void withdraw(String consentId, Instant at) {
    withdrawnAt.merge(consentId, at, (a, b) -> a.isBefore(b) ? a : b);
  }

  void transferCompleted(String transferId) {
    transfers.add(transferId);
  }

  Consent consent(String id) {
    return consentsById.get(id);
  }

  /** The operator's consents for a number (empty when none). */
  List<Consent> consentsOf(String operator, long e164) {
    Map<Long, Holding> holdings = byOperator.get(operator);
    Holding holding = holdings == null ? null : holdings.get(e164);
    return holding == null ? List.of() : holding.consents();
  }

  /** The operator's contracts for a number (empty when none). */
  List<Contract> contractsOf(String operator, long e164) {
    Map<Long, Holding> holdings = byOperator.get(operator);
    Holding holding = holdings == null ? null : holdings.get(e164);
    return holding == null ? List.of() : holding.contracts();
  }

  /** When the consent itself was first withdrawn, or null. */
  Instant withdrawnAt(String consentId) {
    return withdrawnAt.get(consentId);
  }

  /** Called with every appended register event before the index applies it. */
  void registerEvent(long e164, boolean opposes, Instant at) {
    if (opposes) {
      long millis = at.toEpochMilli();
      opposedAtMillis.computeIfPresent(e164, (n, old) -> Math.max(old, millis));
    }
  }

  private void trackOpposition(long e164) {
    if (opposedAtMillis.putIfAbsent(e164, Long.MIN_VALUE) == null) {
      // Tracked first, read second: a REGISTER committed after the read is applied by
      // registerEvent, one committed before it is in the history.
      Instant latest = latestOpposition.apply(e164);
      if (latest != null) {
        long millis = latest.toEpochMilli();
        opposedAtMillis.merge(e164, millis, Math::max);
      }
    }
  }

  /** The latest REGISTER or RENEW of a number with a consent, or null when it has none. */
  Instant opposedAt(long e164) {
    Long millis = opposedAtMillis.get(e164);
    return millis == null || millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
  }

  /** Whether the consent, or one it was transferred from, was withdrawn at or before {@code at}. */
  boolean isWithdrawn(Consent consent, Instant at) {
    if (withdrawnAt.isEmpty()) {
      return false;
    }
    // A transferred consent names its parent, logged before it: the chain has no cycle. The depth
    // bound only guards against a corrupt store; no allocation on this path (checks call it).
    Consent c = consent;
    for (int depth = 0; c != null && depth < MAX_TRANSFER_CHAIN; depth++) {
      Instant withdrawn = withdrawnAt.get(c.id());
      if (withdrawn != null && !withdrawn.isAfter(at)) {
        return true;
      }
      c = c.parentId() == null ? null : consentsById.get(c.parentId());
    }
    return false;
  }

  /** A consent received by a transfer counts only once the transfer's own record is logged. */
  boolean isComplete(Consent consent) {
    return consent.transferId() == null || transfers.contains(consent.transferId());
  }

  /**
   * The lookup a check at time {@code at} uses for {@code operator}, or null when the operator
   * holds nothing (its lists then keep the usual three columns).
   */
  LawfulBasis.Lookup lookupFor(String operator, Instant at) {
    ConcurrentHashMap<Long, Holding> holdings = byOperator.get(operator);
    if (holdings == null) {
      return null;
    }
    return e164 -> basis(holdings.get(e164), e164, at);
  }

  /** The lawful basis of one holding at time {@code at}: a consent first, else a contract. */
  LawfulBasis basis(Holding holding, long e164, Instant at) {
    if (holding == null) {
      return null;
    }
    Consent best = null;
    if (!holding.consents().isEmpty()) {
      Long opposed = opposedAtMillis.get(e164);
      long opposedMillis = opposed == null ? Long.MIN_VALUE : opposed;
      for (Consent consent : holding.consents()) {
        if (consent.givenAt().toEpochMilli() > opposedMillis && !consent.givenAt().isAfter(at)
            && (consent.validUntil() == null || at.isBefore(consent.validUntil()))
            && isComplete(consent) && !isWithdrawn(consent, at)
            && (best == null || consent.givenAt().isAfter(best.givenAt()))) {
          best = consent;
        }
      }
    }
    if (best != null) {
      return best.basis();
    }
    for (Contract contract : holding.contracts()) {
      if (!contract.start().isAfter(at)
          && (contract.end() == null || !at.isAfter(contract.end().plus(CONTRACT_GRACE)))) {
        return contract.basis();
      }
    }
    return null;
  }

  /** Counts, for statistics and tests. */
  Map<String, Integer> sizes() {
    Map<String, Integer> sizes = new HashMap<>();
    byOperator.forEach((operator, holdings) -> sizes.put(operator, holdings.size()));
    return sizes;
  }
}
