package org.opendnc.engine.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.opendnc.core.check.LawfulBasis;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.LedgerKeys;
import org.opendnc.ledger.CanonicalJson;
import org.opendnc.ledger.Checkpoint;
import org.opendnc.ledger.LogStorage;
import org.opendnc.ledger.NoteSigner;
import org.opendnc.ledger.Tiles;
import org.opendnc.ledger.TlogProof;
import org.opendnc.ledger.TransparencyLog;
import org.opendnc.store.LedgerRecord;
import org.opendnc.store.LedgerRecords;
import org.opendnc.store.RegisterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The register's consent ledger: consents, withdrawals, contracts and list transfers, each
 * committed as one leaf of the register's own transparency log, and the lawful bases that checks
 * honour. Thread-safe; one process opens a given store's ledger at a time.
 */
public final class ConsentLedger implements AutoCloseable {

  /*
   * A record is a JSON object (its fields below, decision 0018) written as canonical JSON (RFC
   * 8785, CanonicalJson). The log's entry for it is SHA-256(salt || canonical JSON) with 32 random
   * bytes of salt: the public log (tiles, entry bundles) shows 32 unlinkable bytes per record, and
   * the record with its salt stays in the store (ledger_records), so its holder can prove it.
   *
   * Write path: record() validates, then, under appendLock, appends the entry to the log (which
   * gives the leaf index) and keeps the row in `pending` by index. The integrator thread calls
   * integrate() at least every second (at once when woken by an append); the store writes the
   * entries, the tiles, the signed checkpoint AND the pending rows of those entries in ONE
   * transaction (LedgerRecords.Source), so a crash leaves both or neither: no acknowledged record
   * is lost and no leaf lacks its record. Only after the integration are records applied to the
   * Holdings that checks read, and are the callers waiting on them answered. A caller that times
   * out is told so (its record may still be integrated later: the answer was not an
   * acknowledgement).
   *
   * Reading the pending rows takes appendLock once: every entry in the batch was appended by a
   * thread holding appendLock, which put its row before releasing it.
   */

  private static final Logger LOG = LoggerFactory.getLogger(ConsentLedger.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The most entries one integration takes, so that checkpoints keep coming under load. */
  static final int MAX_ENTRIES_PER_INTEGRATION = 50_000;
  /** How long a caller waits for its record to be integrated before it is told to retry later. */
  static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);
  /** The longest time between two integrations. */
  static final Duration INTEGRATION_INTERVAL = Duration.ofSeconds(1);

  private final TransparencyLog log;
  private final LedgerRecords records;
  private final RegisterStore store;
  private final NumberParser parser;
  private final LedgerSettings settings;
  private final Clock clock;
  private final Holdings holdings;
  private final SecureRandom random = new SecureRandom();
  private final Object appendLock = new Object();
  private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
  /** Records appended but not yet applied to the holdings, by {@link #dedupeKey}. */
  private final ConcurrentHashMap<String, Logged> pendingByContent = new ConcurrentHashMap<>();
  private final Object integrated = new Object();
  private final Thread integrator;
  private volatile boolean closed;
  private volatile Duration integrationTimeout = INTEGRATION_TIMEOUT;
  private volatile boolean wake;

  /** A record appended but not yet integrated: its stored row and its fields. */
  private record Pending(LedgerRecord row, Map<String, Object> fields, String dedupeKey) {}

  private ConsentLedger(TransparencyLog log, RegisterStore store, NumberParser parser,
      LedgerSettings settings, Clock clock, Holdings holdings) {
    this.log = log;
    this.store = store;
    this.records = store.ledgerRecords();
    this.parser = parser;
    this.settings = settings;
    this.clock = clock;
    this.holdings = holdings;
    this.integrator = Thread.ofPlatform().daemon().name("consent-ledger-integrator").unstarted(this::integrateLoop);
  }

  /**
   * Opens the ledger kept in {@code store}: the log (origin from its stored checkpoint, else from
   * {@code settings}), signed by the register's key; loads every record into the lawful bases and
   * starts the integrator.
   *
   * @param register where to hook the register's events (latest REGISTER/RENEW of numbers with a
   *     consent); called once with the listener
   * @throws DncException LEDGER_TAMPERED if the stored log does not match its checkpoint
   */
  public static ConsentLedger open(RegisterStore store, org.opendnc.core.receipt.RegisterKey key,
      NumberParser parser, LedgerSettings settings, Clock clock,
      Consumer<Consumer<List<RegisterEvent>>> register) {
    String origin = storedOrigin(store.ledger()).orElse(settings.origin());
    NoteSigner signer = LedgerKeys.registerSigner(key, origin);
    Holdings holdings = new Holdings(e164 -> latestOpposition(store, e164));
    register.accept(events -> {
      for (RegisterEvent event : events) {
        holdings.registerEvent(event.e164(),
            event.type() == EventType.REGISTER || event.type() == EventType.RENEW, event.at());
      }
    });
    ConsentLedger[] self = new ConsentLedger[1];
    TransparencyLog log;
    try {
      log = TransparencyLog.open(store.ledgerRecords().logStorage((from, count) -> self[0].rowsFor(from, count)),
          origin, signer, clock, TransparencyLog.DEFAULT_TILE_CACHE_TILES);
    } catch (IllegalStateException e) {
      throw new DncException(ErrorCode.LEDGER_TAMPERED, "the consent ledger cannot be opened: "
          + e.getMessage() + ". Run 'dnc ledger verify store' for details.", e);
    }
    ConsentLedger ledger = new ConsentLedger(log, store, parser, settings, clock, holdings);
    self[0] = ledger;
    store.ledgerRecords().forEach(row -> {
      try {
        ledger.apply(row.leafIndex(), ledger.parse(row.record()));
      } catch (RuntimeException e) {
        LOG.warn("ledger record {} at leaf {} cannot be read ({}); 'dnc ledger verify store' reports it",
            row.recordId(), row.leafIndex(), e.getMessage());
      }
    });
    ledger.integrator.start();
    return ledger;
  }

  private static Optional<String> storedOrigin(LogStorage storage) {
    String note = storage.head().checkpoint();
    return note == null ? Optional.empty() : Optional.of(note.substring(0, note.indexOf('\n')));
  }

  private static Instant latestOpposition(RegisterStore store, long e164) {
    Instant latest = null;
    for (RegisterEvent event : store.events().history(e164)) {
      if ((event.type() == EventType.REGISTER || event.type() == EventType.RENEW)
          && (latest == null || event.at().isAfter(latest))) {
        latest = event.at();
      }
    }
    return latest;
  }

  public TransparencyLog log() {
    return log;
  }

  /** The log's tlog-tiles resources ({@code checkpoint}, tiles, entry bundles), for serving. */
  public Tiles tiles() {
    return new Tiles(log);
  }

  /** The ledger's clock's current time. */
  Instant now() {
    return clock.instant();
  }

  /**
   * How long a caller waits for its records to be integrated before {@link LedgerIntegrationPending}
   * (default 30 s). Thread-safe.
   */
  public void integrationTimeout(Duration timeout) {
    this.integrationTimeout = java.util.Objects.requireNonNull(timeout, "timeout");
  }

  public LedgerSettings settings() {
    return settings;
  }

  /**
   * What {@code operator} holds at time {@code at}, for a check; {@code null} when it holds no
   * consent or contract (the check then adds no columns). Reads memory only.
   */
  public LawfulBasis.Lookup lookupFor(String operator, Instant at) {
    return holdings.lookupFor(operator, at);
  }

  // ---- Recording -------------------------------------------------------------------------------

  /** A logged record: its id, leaf and canonical JSON. */
  public record Logged(String recordId, String kind, long leafIndex, String record, Instant loggedAt,
      boolean possiblyBackdated) {}

  /**
   * Records a consent given to {@code operator}. Durable, logged and honoured by checks when this
   * returns.
   *
   * @throws LedgerRecordRejected with every reason when the consent is malformed
   */
  public Logged recordConsent(String operator, JsonNode body) {
    Prepared prepared = prepareConsent(operator, body, clock.instant());
    return commit(List.of(prepared)).get(0);
  }

  /** Records a withdrawal of one of {@code operator}'s consents (see {@link #recordConsent}). */
  public Logged recordWithdrawal(String operator, JsonNode body) {
    return commit(List.of(prepareWithdrawal(operator, body, clock.instant()))).get(0);
  }

  /** Records a contract of {@code operator} with a number's subscriber (see {@link #recordConsent}). */
  public Logged recordContract(String operator, JsonNode body) {
    return commit(List.of(prepareContract(operator, body, clock.instant()))).get(0);
  }

  /** The outcome of {@link #record}: the record logged now, or the one already logged with the same content. */
  public record Recorded(Logged logged, boolean created) {}

  /**
   * Records a consent, withdrawal or contract of {@code operator} unless it already holds one with
   * the same content (decision 0020: sending the same record twice logs it once). Durable, logged
   * and honoured by checks when this returns.
   *
   * @param kind {@code consent}, {@code withdrawal} or {@code contract}
   * @throws LedgerRecordRejected with every reason when the record is malformed
   */
  public Recorded record(String kind, String operator, JsonNode body) {
    Prepared prepared = prepare(kind, operator, body, clock.instant());
    return commitOnce(List.of(prepared)).get(0);
  }

  /**
   * The record already logged for {@code operator} with the same content as {@code prepared}
   * (ledger fields aside), or null. A withdrawal duplicates any earlier withdrawal of its consent.
   * Reads memory, and the store only for records of the same number.
   */
  Logged duplicateOf(Prepared prepared) {
    Logged appended = pendingByContent.get(dedupeKey(prepared));
    if (appended != null) {
      return appended;
    }
    List<String> candidates = new ArrayList<>();
    switch (prepared.kind()) {
      case "consent" -> holdings.consentsOf(prepared.operator(), prepared.e164())
          .forEach(c -> candidates.add(c.id()));
      case "contract" -> holdings.contractsOf(prepared.operator(), prepared.e164())
          .forEach(c -> candidates.add(c.id()));
      case "withdrawal" -> {
        String consentId = (String) prepared.fields().get("consent_id");
        if (holdings.withdrawnAt(consentId) != null) {
          return withdrawalOf(consentId);
        }
        return null;
      }
      default -> {
        return null;
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    String wanted = contentKey(prepared.fields());
    for (String id : candidates) {
      Optional<LedgerRecord> row = records.find(id);
      if (row.isPresent() && contentKey(parse(row.get().record())).equals(wanted)) {
        return logged(row.get());
      }
    }
    return null;
  }

  private Logged withdrawalOf(String consentId) {
    Logged[] found = new Logged[1];
    Holdings.Consent consent = holdings.consent(consentId);
    if (consent == null) {
      return null;
    }
    for (LedgerRecord row : records.ofSubject(consent.operator(), consent.e164())) {
      if ("withdrawal".equals(row.kind()) && consentId.equals(parse(row.record()).get("consent_id"))) {
        found[0] = logged(row);
        break;
      }
    }
    return found[0];
  }

  private Logged logged(LedgerRecord row) {
    Map<String, Object> fields = parse(row.record());
    return new Logged(row.recordId(), row.kind(), row.leafIndex(), row.record(), row.loggedAt(),
        Boolean.TRUE.equals(fields.get("possibly_backdated")));
  }

  /**
   * What makes two records the same (decision 0020): a withdrawal's consent; a consent's or
   * contract's operator, number and content.
   */
  static String dedupeKey(Prepared prepared) {
    return "withdrawal".equals(prepared.kind())
        ? "withdrawal " + prepared.operator() + " " + prepared.fields().get("consent_id")
        : prepared.kind() + " " + prepared.operator() + " " + prepared.e164() + " " + contentKey(prepared.fields());
  }

  /**
   * Appends the records of {@code batch} that are not already logged or appended (decision 0020),
   * waits until they are integrated, and returns each with whether it was logged now. The check
   * and the append happen under the append lock, so two callers sending the same record at once
   * log it once. Consents, withdrawals and contracts only.
   */
  List<Recorded> commitOnce(List<Prepared> batch) {
    if (closed) {
      throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, "the consent ledger is closed.");
    }
    List<Recorded> answers = new ArrayList<>(batch.size());
    long last = -1;
    synchronized (appendLock) {
      Instant loggedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      for (Prepared prepared : batch) {
        Logged existing = duplicateOf(prepared);
        if (existing != null) {
          answers.add(new Recorded(existing, false));
          continue;
        }
        Logged logged = append(prepared, loggedAt, dedupeKey(prepared));
        answers.add(new Recorded(logged, true));
        last = logged.leafIndex();
      }
    }
    wake();
    if (last >= 0) {
      awaitIntegrated(last, answers.stream().filter(Recorded::created).map(Recorded::logged).toList());
    }
    return answers;
  }

  /** A record's content without the fields the ledger adds, as canonical JSON. */
  static String contentKey(Map<String, Object> fields) {
    Map<String, Object> content = new java.util.TreeMap<>(fields);
    for (String own : List.of("type", "record_id", "operator", "logged_at", "possibly_backdated")) {
      content.remove(own);
    }
    return CanonicalJson.write(content);
  }

  /**
   * Where a record of {@code operator} stands before it is integrated: its leaf index when it is
   * appended but not yet in a checkpoint, else empty (not pending, or another operator's).
   */
  public Optional<Long> pendingLeaf(String recordId, String operator) {
    for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
      LedgerRecord row = entry.getValue().row();
      if (row.recordId().equals(recordId) && row.operator().equals(operator)) {
        return Optional.of(entry.getKey());
      }
    }
    return Optional.empty();
  }

  /** A record validated and ready to be appended. */
  record Prepared(String kind, String operator, long e164, Map<String, Object> fields, String id) {
    Prepared(String kind, String operator, long e164, Map<String, Object> fields) {
      this(kind, operator, e164, fields, null);
    }
  }

  Prepared prepare(String kind, String operator, JsonNode body, Instant now) {
    return switch (kind) {
      case "consent" -> prepareConsent(operator, body, now);
      case "withdrawal" -> prepareWithdrawal(operator, body, now);
      case "contract" -> prepareContract(operator, body, now);
      default -> throw new IllegalArgumentException("no such record kind: " + kind);
    };
  }

  private Prepared prepareConsent(String operator, JsonNode body, Instant now) {
    RecordForms forms = new RecordForms(parser, now);
    requireObject(body, forms);
    long[] e164 = new long[1];
    Map<String, Object> fields = forms.consent(body, e164);
    if (!forms.problems().isEmpty()) {
      throw new LedgerRecordRejected("the consent", forms.problems());
    }
    Instant givenAt = Instant.parse((String) fields.get("given_at"));
    fields.put("possibly_backdated", Duration.between(givenAt, now).compareTo(settings.backdatedAfter()) > 0);
    return new Prepared("consent", operator, e164[0], fields);
  }

  private Prepared prepareWithdrawal(String operator, JsonNode body, Instant now) {
    RecordForms forms = new RecordForms(parser, now);
    requireObject(body, forms);
    String consentId = forms.text(body, "consent_id", true);
    Instant at = forms.instant(body, "withdrawn_at", false, true);
    String method = forms.text(body, "method", false);
    Holdings.Consent consent = consentId == null ? null : holdings.consent(consentId);
    if (consentId != null && (consent == null || !consent.operator().equals(operator))) {
      forms.problem("consent_id", "'" + consentId + "' is not a consent of operator " + operator);
    }
    if (!forms.problems().isEmpty()) {
      throw new LedgerRecordRejected("the withdrawal", forms.problems());
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("consent_id", consentId);
    fields.put("subject", "+" + consent.e164());
    fields.put("withdrawn_at", (at == null ? now.truncatedTo(ChronoUnit.MILLIS) : at).toString());
    if (method != null) {
      fields.put("method", method);
    }
    return new Prepared("withdrawal", operator, consent.e164(), fields);
  }

  private Prepared prepareContract(String operator, JsonNode body, Instant now) {
    RecordForms forms = new RecordForms(parser, now);
    requireObject(body, forms);
    long e164 = forms.number(body, "number");
    Instant start = forms.instant(body, "start", true, false);
    Instant end = forms.instant(body, "end", false, false);
    String reference = forms.text(body, "reference", false);
    if (start != null && end != null && end.isBefore(start)) {
      forms.problem("end", "is before start");
    }
    if (!forms.problems().isEmpty()) {
      throw new LedgerRecordRejected("the contract", forms.problems());
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("subject", "+" + e164);
    fields.put("start", start.toString());
    if (end != null) {
      fields.put("end", end.toString());
    }
    if (reference != null) {
      fields.put("reference", reference);
    }
    return new Prepared("contract", operator, e164, fields);
  }

  private static void requireObject(JsonNode body, RecordForms forms) {
    if (body == null || !body.isObject()) {
      throw new LedgerRecordRejected("the record", List.of("body: must be a JSON object"));
    }
  }

  /**
   * Appends prepared records (consecutive leaves), waits until they are integrated and applied,
   * and returns them in order.
   */
  List<Logged> commit(List<Prepared> batch) {
    if (closed) {
      throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, "the consent ledger is closed.");
    }
    List<Logged> logged = new ArrayList<>(batch.size());
    Instant loggedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long last = -1;
    synchronized (appendLock) {
      for (Prepared prepared : batch) {
        Logged one = append(prepared, loggedAt, null);
        logged.add(one);
        last = one.leafIndex();
      }
    }
    wake();
    if (last >= 0) {
      awaitIntegrated(last, logged);
    }
    return logged;
  }

  /** Appends one record to the log (caller holds appendLock) and keeps its row until integrated. */
  private Logged append(Prepared prepared, Instant loggedAt, String dedupeKey) {
    Map<String, Object> fields = new LinkedHashMap<>();
    String id = prepared.id() != null ? prepared.id() : idPrefix(prepared.kind()) + UUID.randomUUID();
    fields.put("type", prepared.kind());
    fields.put("record_id", id);
    fields.put("operator", prepared.operator());
    fields.put("logged_at", loggedAt.toString());
    fields.putAll(prepared.fields());
    String canonical = CanonicalJson.write(fields);
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    long leaf = log.append(commitment(salt, canonical));
    LedgerRecord row = new LedgerRecord(leaf, id, prepared.kind(), prepared.operator(),
        prepared.e164(), salt, canonical, loggedAt);
    Logged logged = new Logged(id, prepared.kind(), leaf, canonical, loggedAt,
        Boolean.TRUE.equals(fields.get("possibly_backdated")));
    pending.put(leaf, new Pending(row, fields, dedupeKey));
    if (dedupeKey != null) {
      pendingByContent.put(dedupeKey, logged);
    }
    return logged;
  }

  private static String idPrefix(String kind) {
    return switch (kind) {
      case "consent" -> "c-";
      case "withdrawal" -> "w-";
      case "contract" -> "k-";
      default -> "t-";
    };
  }

  /** The log's entry for a record: SHA-256(salt || canonical JSON as UTF-8). */
  public static byte[] commitment(byte[] salt, String canonicalJson) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return sha.digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<LedgerRecord> rowsFor(long from, int count) {
    synchronized (appendLock) {
      // Every entry of the batch was appended under appendLock, which put its row first.
    }
    List<LedgerRecord> rows = new ArrayList<>(count);
    for (long leaf = from; leaf < from + count; leaf++) {
      Pending p = pending.get(leaf);
      if (p == null) {
        throw new IllegalStateException("entry " + leaf + " of the consent ledger has no record");
      }
      rows.add(p.row());
    }
    return rows;
  }

  private void wake() {
    wake = true;
    synchronized (integrated) {
      integrated.notifyAll();
    }
  }

  private void awaitIntegrated(long leaf, List<Logged> appended) {
    Duration timeout = integrationTimeout;
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (integrated) {
      while (log.size() <= leaf || pending.containsKey(leaf)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          throw new LedgerIntegrationPending(appended, "the record was appended but not integrated"
              + " within " + timeout.toMillis() + " ms (the database may be slow or unavailable); it is"
              + " integrated as soon as it can be: fetch it by its id before sending it again.");
        }
        try {
          integrated.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted while logging the record");
        }
      }
    }
  }

  private void integrateLoop() {
    while (true) {
      synchronized (integrated) {
        if (!wake && !closed) {
          try {
            integrated.wait(INTEGRATION_INTERVAL.toMillis());
          } catch (InterruptedException e) {
            return;
          }
        }
        wake = false;
      }
      try {
        integrateNow();
      } catch (RuntimeException e) {
        LOG.warn("integrating the consent ledger failed; retrying: {}", e.getMessage());
        try {
          Thread.sleep(200);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
      if (closed && log.pendingCount() == 0) {
        return;
      }
    }
  }

  /**
   * Integrates what is queued now (the integrator does this at least every second) and applies
   * the newly logged records to the lawful bases.
   *
   * @return the latest checkpoint
   */
  public synchronized Checkpoint integrateNow() {
    long before = log.size();
    Checkpoint checkpoint = log.pendingCount() == 0 ? log.checkpoint()
        : log.integrate(MAX_ENTRIES_PER_INTEGRATION);
    for (long leaf = before; leaf < checkpoint.size(); leaf++) {
      Pending p = pending.get(leaf);
      if (p != null) {
        apply(leaf, p.fields());
        pending.remove(leaf);
        if (p.dedupeKey() != null) {
          pendingByContent.remove(p.dedupeKey());
        }
      }
    }
    synchronized (integrated) {
      integrated.notifyAll();
    }
    if (log.pendingCount() > 0) {
      wake = true;
    }
    return checkpoint;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> parse(String canonical) {
    try {
      return JSON.readValue(canonical, Map.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("not JSON: " + e.getMessage(), e);
    }
  }

  /** Applies one logged record to the lawful bases. */
  @SuppressWarnings("unchecked")
  private void apply(long leaf, Map<String, Object> fields) {
    String type = (String) fields.get("type");
    String id = (String) fields.get("record_id");
    String operator = (String) fields.get("operator");
    switch (type) {
      case "consent" -> {
        Map<String, Object> received = (Map<String, Object>) fields.get("received");
        holdings.addConsent(new Holdings.Consent(id, leaf, operator, e164Of(fields),
            Instant.parse((String) fields.get("given_at")), instantOrNull(fields.get("valid_until")),
            List.copyOf((List<String>) fields.get("recipients")),
            received == null ? null : (String) received.get("consent_id"),
            received == null ? null : (String) received.get("transfer_id"),
            received == null ? null : Instant.parse((String) fields.get("logged_at")),
            Boolean.TRUE.equals(fields.get("possibly_backdated"))));
      }
      case "withdrawal" -> holdings.withdraw((String) fields.get("consent_id"),
          Instant.parse((String) fields.get("withdrawn_at")));
      case "contract" -> holdings.addContract(new Holdings.Contract(id, leaf, operator, e164Of(fields),
          Instant.parse((String) fields.get("start")), instantOrNull(fields.get("end"))));
      case "transfer" -> holdings.transferCompleted(id);
      default -> LOG.warn("ledger record {} has an unknown type {}", id, type);
    }
  }

  private static long e164Of(Map<String, Object> fields) {
    return Long.parseLong(((String) fields.get("subject")).substring(1));
  }

  private static Instant instantOrNull(Object value) {
    return value == null ? null : Instant.parse((String) value);
  }

  // ---- Transfers -------------------------------------------------------------------------------

  /** One row of a transfer: accepted (with the consent it rests on and the one the recipient got) or refused. */
  public record TransferRow(int row, String input, boolean accepted, String consentId,
      String receivedConsentId, Long receivedLeafIndex, String reason, String detail) {}

  /** The outcome of a transfer: its record (absent when no row was accepted) and one line per row. */
  public record TransferReport(String transferId, Long leafIndex, String from, String to,
      Instant transferredAt, int acceptedRows, int refusedRows, List<TransferRow> rows) {}

  /**
   * Transfers consents of {@code from} to {@code to}, row by row: each row is a consent id or a
   * number. A row is accepted only for a consent that {@code from} holds, valid and not withdrawn
   * now, not flagged as possibly backdated, naming {@code to} or one of its categories as a
   * recipient, and not recorded by {@code from} itself with a time before it received the number
   * by a transfer (decision 0018). Accepted rows give {@code to} a received consent each (same
   * subject, time, evidence and recipients) and the transfer one record; refused rows get a reason.
   *
   * @param byConsentId whether the rows are consent ids (else numbers)
   * @throws LedgerRecordRejected when the transfer as a whole is malformed (unknown recipient,
   *     sender as recipient, no rows)
   */
  public TransferReport transfer(String from, String to, List<String> rows, boolean byConsentId) {
    List<String> problems = new ArrayList<>();
    if (to == null || to.isBlank()) {
      problems.add("to: missing (the operator receiving the list)");
    } else if (to.equals(from)) {
      problems.add("to: a transfer goes to another operator, not to " + from);
    } else if (store.accounts().operator(to).isEmpty()) {
      problems.add("to: no operator '" + to + "'");
    }
    if (rows.isEmpty()) {
      problems.add("rows: no consent id or number given");
    }
    if (!problems.isEmpty()) {
      throw new LedgerRecordRejected("the transfer", problems);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Set<String> recipientNames = new LinkedHashSet<>();
    recipientNames.add("operator:" + to);
    for (String category : records.categories(to)) {
      recipientNames.add("category:" + category);
    }
    String transferId = "t-" + UUID.randomUUID();
    List<TransferRow> report = new ArrayList<>();
    List<Holdings.Consent> accepted = new ArrayList<>();
    List<Integer> acceptedRows = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      String input = rows.get(i) == null ? "" : rows.get(i).strip();
      List<Holdings.Consent> candidates;
      if (byConsentId) {
        Holdings.Consent consent = holdings.consent(input);
        if (consent == null || !consent.operator().equals(from)) {
          report.add(refused(i + 1, input, null, "UNKNOWN_CONSENT", "no consent " + input + " of " + from));
          continue;
        }
        candidates = List.of(consent);
      } else {
        long e164 = parser.parseE164(input);
        if (e164 == NumberParser.INVALID) {
          report.add(refused(i + 1, input, null, "INVALID_NUMBER", "not a telephone number"));
          continue;
        }
        candidates = holdings.consentsOf(from, e164);
        if (candidates.isEmpty()) {
          report.add(refused(i + 1, input, null, "NO_CONSENT", from + " holds no consent for +" + e164));
          continue;
        }
      }
      String key = byConsentId ? input : "+" + candidates.get(0).e164();
      if (!seen.add(key)) {
        report.add(refused(i + 1, input, null, "DUPLICATE", "already in this transfer"));
        continue;
      }
      TransferRow refusal = null;
      Holdings.Consent chosen = null;
      for (Holdings.Consent consent : candidates) {
        TransferRow why = transferRefusal(i + 1, input, consent, from, to, now, recipientNames);
        if (why == null) {
          chosen = consent;
          break;
        }
        refusal = refusal == null ? why : refusal;
      }
      if (chosen == null) {
        report.add(refusal);
        continue;
      }
      accepted.add(chosen);
      acceptedRows.add(report.size());
      report.add(null); // filled once logged
    }
    if (accepted.isEmpty()) {
      return new TransferReport(null, null, from, to, now, 0, report.size(), report);
    }
    List<Prepared> batch = new ArrayList<>();
    List<String> sourceIds = new ArrayList<>();
    for (Holdings.Consent source : accepted) {
      Map<String, Object> original = parse(records.find(source.id()).orElseThrow().record());
      Map<String, Object> fields = new LinkedHashMap<>(original);
      for (String own : List.of("type", "record_id", "operator", "logged_at")) {
        fields.remove(own);
      }
      Map<String, Object> received = new LinkedHashMap<>();
      received.put("from", from);
      received.put("transfer_id", transferId);
      received.put("consent_id", source.id());
      fields.put("received", received);
      batch.add(new Prepared("consent", to, source.e164(), fields));
      sourceIds.add(source.id());
    }
    Map<String, Object> transfer = new LinkedHashMap<>();
    transfer.put("to", to);
    transfer.put("transferred_at", now.toString());
    transfer.put("consent_ids", sourceIds);
    transfer.put("refused_rows", (long) (report.size() - accepted.size()));
    // The transfer's record comes last: received consents count only once it is logged, so a
    // transfer cut by a crash between two integrations leaves inert, explained leaves.
    batch.add(new Prepared("transfer", from, 0, transfer, transferId));
    List<Logged> logged = commit(batch);
    for (int k = 0; k < accepted.size(); k++) {
      int at = acceptedRows.get(k);
      Logged copy = logged.get(k);
      report.set(at, new TransferRow(at + 1, rows.get(at).strip(), true, accepted.get(k).id(),
          copy.recordId(), copy.leafIndex(), "ACCEPTED", null));
    }
    Logged transferLogged = logged.get(logged.size() - 1);
    return new TransferReport(transferLogged.recordId(), transferLogged.leafIndex(), from, to, now,
        accepted.size(), report.size() - accepted.size(), report);
  }

  private TransferRow transferRefusal(int row, String input, Holdings.Consent consent, String from,
      String to, Instant now, Set<String> recipientNames) {
    if (!holdings.isComplete(consent)) {
      return refused(row, input, consent.id(), "NO_CONSENT", "the transfer that brought " + consent.id() + " was not completed");
    }
    if (holdings.isWithdrawn(consent, now)) {
      return refused(row, input, consent.id(), "CONSENT_WITHDRAWN", "consent " + consent.id() + " was withdrawn");
    }
    if (consent.givenAt().isAfter(now)) {
      return refused(row, input, consent.id(), "CONSENT_NOT_YET_GIVEN", "consent " + consent.id() + " is given later");
    }
    if (consent.validUntil() != null && !now.isBefore(consent.validUntil())) {
      return refused(row, input, consent.id(), "CONSENT_EXPIRED", "consent " + consent.id() + " expired " + consent.validUntil());
    }
    if (consent.backdated()) {
      return refused(row, input, consent.id(), "CONSENT_POSSIBLY_BACKDATED",
          "consent " + consent.id() + " was logged long after its claimed time");
    }
    for (Holdings.Consent held : holdings.consentsOf(to, consent.e164())) {
      if (consent.id().equals(held.parentId()) && holdings.isComplete(held)) {
        return refused(row, input, consent.id(), "ALREADY_TRANSFERRED",
            "consent " + consent.id() + " was already transferred to " + to + " as " + held.id());
      }
    }
    if (consent.recipients().stream().noneMatch(recipientNames::contains)) {
      return refused(row, input, consent.id(), "RECIPIENT_NOT_NAMED",
          "consent " + consent.id() + " names " + consent.recipients() + ", not " + recipientNames);
    }
    if (consent.parentId() == null) {
      // Laundering guard: the sender's own consent for a number it received by a transfer must
      // have been collected after that transfer.
      for (Holdings.Consent other : holdings.consentsOf(from, consent.e164())) {
        if (other.receivedAt() != null && holdings.isComplete(other)
            && consent.givenAt().isBefore(other.receivedAt())) {
          return refused(row, input, consent.id(), "PREDATES_ACQUISITION",
              "consent " + consent.id() + " claims " + consent.givenAt() + ", before " + from
                  + " received the number by transfer " + other.transferId() + " at " + other.receivedAt());
        }
      }
    }
    return null;
  }

  private static TransferRow refused(int row, String input, String consentId, String reason, String detail) {
    return new TransferRow(row, input, false, consentId, null, null, reason, detail);
  }

  // ---- Reading ---------------------------------------------------------------------------------

  /** A record with what proves it: its salt, its entry, and an inclusion proof to the latest checkpoint. */
  public record Proven(LedgerRecord record, byte[] entry, String tlogProof, String checkpoint) {}

  /**
   * A record {@code operator} may see (it recorded it, or received it) with its inclusion proof.
   *
   * @return empty when there is no such record or it is another operator's (the same answer)
   */
  public Optional<Proven> fetch(String recordId, String operator) {
    Optional<LedgerRecord> found = records.find(recordId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    LedgerRecord record = found.get();
    boolean visible = record.operator().equals(operator)
        || ("transfer".equals(record.kind()) && operator.equals(parse(record.record()).get("to")));
    if (!visible || record.leafIndex() >= log.size()) {
      return Optional.empty();
    }
    String note = log.checkpointNote();
    Checkpoint checkpoint = log.checkpoint();
    List<byte[]> proof = log.inclusionProof(record.leafIndex(), checkpoint.size());
    String tlogProof = new TlogProof(null, record.leafIndex(), proof, note).format();
    return Optional.of(new Proven(record, commitment(record.salt(), record.record()), tlogProof, note));
  }

  /** One of an operator's records as its ledger page lists it: integrated, or still pending. */
  public record Listed(LedgerRecord record, boolean integrated) {}

  /**
   * The records {@code operator} recorded (for a transfer: sent) with a leaf below
   * {@code beforeLeaf}, newest first, at most {@code limit}: those integrated (from the store,
   * one indexed page) and those appended but not yet integrated (held here until they are).
   */
  public List<Listed> ofOperator(String operator, long beforeLeaf, int limit) {
    java.util.TreeMap<Long, Listed> newest = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    for (Pending p : pending.values()) {
      LedgerRecord row = p.row();
      if (row.operator().equals(operator) && row.leafIndex() < beforeLeaf) {
        newest.put(row.leafIndex(), new Listed(row, false));
      }
    }
    long size = log.size();
    for (LedgerRecord row : records.ofOperator(operator, beforeLeaf, limit)) {
      // Stored with its entry: integrated once the log's size covers it (the same instant but for
      // the integration's last step); a stored row replaces the pending one of its leaf.
      newest.put(row.leafIndex(), new Listed(row, row.leafIndex() < size));
    }
    return newest.values().stream().limit(limit).toList();
  }

  /** Audits the ledger as stored (see {@link LedgerStoreAudit}). */
  public LedgerStoreAudit.Report audit() {
    return LedgerStoreAudit.run(store.ledger(), records, log.verifier());
  }

  /** Sets an operator's category (register staff). */
  public void addCategory(String operator, String category) {
    records.addCategory(operator, category);
  }

  /**
   * Stops the integrator after integrating what is queued (callers waiting are answered).
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    wake();
    try {
      integrator.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }
}
