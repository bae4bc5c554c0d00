package org.opendnc.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.engine.LedgerKeys;
import org.opendnc.engine.consent.LedgerStoreAudit;
import org.opendnc.store.LedgerRecord;
import org.opendnc.store.LedgerRecords;
import org.opendnc.store.RegisterStore;

/**
 * Consents and contracts as the register's consent ledger recorded them (decision 0018): what an
 * audit uses when the operators recorded their consents with the register. Immutable once
 * loaded, so thread-safe. Evidence ids name the record and its leaf: {@code c-…@leaf:17}.
 */
public final class LedgerConsentEvidence implements ConsentEvidence {

  /*
   * The store's records are read once, in leaf order, and folded the way the ledger's own
   * Holdings fold them for checks, so a check and an audit agree on what a record means:
   * - a consent counts from its given_at, until the earliest of its valid_until, its withdrawal
   *   and the withdrawal of any consent it was transferred from (a withdrawal upstream ends the
   *   copies downstream);
   * - a consent received by a transfer counts only once the transfer's own record is logged;
   * - a contract counts from start to end (the audit applies the profile's grace after the end).
   * Records that cannot be read (never written by the register: its records are validated before
   * they are logged) are counted in unreadable() and left out rather than guessed at.
   * Memory: one small object per consent and contract, by operator and number.
   */

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Map<Long, List<Consent>>> consents = new HashMap<>();
  private final Map<String, Map<Long, List<Contract>>> contracts = new HashMap<>();
  private long consentCount;
  private long contractCount;
  private long unreadable;

  private LedgerConsentEvidence() {}

  /** A consent record as logged, before withdrawals are applied. */
  private record Logged(String id, long leaf, String operator, long e164, Instant givenAt, Instant validUntil,
      String parentId, String transferId) {}

  /**
   * Reads every record of the ledger (one pass over the store's {@code ledger_records}).
   *
   * @throws org.opendnc.store.StoreException if the store cannot be read
   */
  public static LedgerConsentEvidence load(LedgerRecords records) {
    List<Logged> logged = new ArrayList<>();
    Map<String, Logged> byId = new HashMap<>();
    Map<String, Instant> withdrawnAt = new HashMap<>();
    Set<String> transfers = new HashSet<>();
    LedgerConsentEvidence evidence = new LedgerConsentEvidence();
    records.forEach(row -> evidence.read(row, logged, byId, withdrawnAt, transfers));
    for (Logged consent : logged) {
      if (consent.transferId() != null && !transfers.contains(consent.transferId())) {
        continue;
      }
      Instant end = consent.validUntil();
      Set<String> seen = new HashSet<>();
      for (Logged c = consent; c != null && seen.add(c.id()); c = c.parentId() == null ? null : byId.get(c.parentId())) {
        Instant withdrawn = withdrawnAt.get(c.id());
        if (withdrawn != null && (end == null || withdrawn.isBefore(end))) {
          end = withdrawn;
        }
      }
      evidence.consents.computeIfAbsent(consent.operator(), o -> new HashMap<>())
          .computeIfAbsent(consent.e164(), n -> new ArrayList<>(1))
          .add(new Consent(evidenceId(consent.id(), consent.leaf()), consent.givenAt(), end));
      evidence.consentCount++;
    }
    return evidence;
  }

  private void read(LedgerRecord row, List<Logged> logged, Map<String, Logged> byId, Map<String, Instant> withdrawnAt,
      Set<String> transfers) {
    try {
      JsonNode record = JSON.readTree(row.record());
      switch (row.kind()) {
        case "consent" -> {
          JsonNode received = record.path("received");
          Logged consent = new Logged(row.recordId(), row.leafIndex(), row.operator(), subject(record),
              Instant.parse(record.path("given_at").asText()), instantOrNull(record.path("valid_until")),
              received.isObject() ? received.path("consent_id").asText(null) : null,
              received.isObject() ? received.path("transfer_id").asText(null) : null);
          logged.add(consent);
          byId.put(consent.id(), consent);
        }
        case "withdrawal" -> withdrawnAt.merge(record.path("consent_id").asText(),
            Instant.parse(record.path("withdrawn_at").asText()), (a, b) -> a.isBefore(b) ? a : b);
        case "contract" -> {
          contracts.computeIfAbsent(row.operator(), o -> new HashMap<>())
              .computeIfAbsent(subject(record), n -> new ArrayList<>(1))
              .add(new Contract(evidenceId(row.recordId(), row.leafIndex()),
                  Instant.parse(record.path("start").asText()), instantOrNull(record.path("end"))));
          contractCount++;
        }
        case "transfer" -> transfers.add(row.recordId());
        default -> unreadable++;
      }
    } catch (IOException | DateTimeParseException | NumberFormatException e) {
      unreadable++;
    }
  }

  /**
   * Checks the ledger as stored against its signed checkpoint ({@link LedgerStoreAudit}: every
   * entry against the checkpoint's root and the stored tiles, every record against its entry)
   * before an audit relies on it. An empty ledger passes. Reads the whole log once.
   *
   * @param key the register's key, which signs the ledger's checkpoints
   * @throws DncException LEDGER_TAMPERED naming the first problems found
   */
  public static void verify(RegisterStore store, RegisterKey key) {
    String checkpoint = store.ledger().head().checkpoint();
    if (checkpoint == null) {
      return;
    }
    String origin = checkpoint.substring(0, checkpoint.indexOf('\n'));
    LedgerStoreAudit.Report report = LedgerStoreAudit.run(store.ledger(), store.ledgerRecords(),
        LedgerKeys.registerSigner(key, origin).verifier());
    if (!report.problems().isEmpty()) {
      List<String> first = report.problems().subList(0, Math.min(3, report.problems().size()));
      throw new DncException(ErrorCode.LEDGER_TAMPERED, "the consent ledger in the store does not match its signed"
          + " checkpoint, so the audit does not use it (" + report.problems().size() + " problems: "
          + String.join("; ", first) + "). Audit with --no-ledger and the firm's files, and report the store to"
          + " the register's staff.");
    }
  }

  /** The evidence id of a record: its id and its leaf in the register's log. */
  static String evidenceId(String recordId, long leaf) {
    return recordId + "@leaf:" + leaf;
  }

  private static long subject(JsonNode record) {
    String subject = record.path("subject").asText();
    if (!subject.startsWith("+")) {
      throw new NumberFormatException("subject '" + subject + "' is not E.164");
    }
    return Long.parseLong(subject.substring(1));
  }

  private static Instant instantOrNull(JsonNode value) {
    return value.isMissingNode() || value.isNull() ? null : Instant.parse(value.asText());
  }

  /** Consents loaded (those received by an incomplete transfer are not counted). */
  public long consentCount() {
    return consentCount;
  }

  public long contractCount() {
    return contractCount;
  }

  /** Records that could not be read and were left out (zero for a ledger written by the register). */
  public long unreadable() {
    return unreadable;
  }

  @Override
  public List<Consent> consentsOf(String operator, long e164) {
    Map<Long, List<Consent>> held = consents.get(operator);
    List<Consent> found = held == null ? null : held.get(e164);
    return found == null ? List.of() : Collections.unmodifiableList(found);
  }

  @Override
  public List<Contract> contractsOf(String operator, long e164) {
    Map<Long, List<Contract>> held = contracts.get(operator);
    List<Contract> found = held == null ? null : held.get(e164);
    return found == null ? List.of() : Collections.unmodifiableList(found);
  }
}
