package org.opendnc.engine.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * Bulk import of an operator's ledger records from CSV or JSON lines: consents, withdrawals,
 * contracts or transfer rows. Every row is recorded, found a duplicate, or rejected with its line
 * number and reasons. Not thread-safe (one import per instance); the ledger itself is.
 */
public final class LedgerImport {

  /*
   * Rows are read one at a time and validated with the same forms as the API (RecordForms); valid
   * rows are appended in batches of BATCH_ROWS and the import waits for each batch's integration
   * (one checkpoint covers many rows), so memory stays bounded and a crash loses at most the batch
   * in flight (whose rows are then not acknowledged: re-running the import finds the others as
   * duplicates). A withdrawal names a consent by its id, which the register gives when it logs the
   * consent: a file of withdrawals therefore names consents logged before it.
   *
   * CSV: a header line; a column named a.b fills the member b of object a (notice.version,
   * evidence.ip, evidence.double_opt_in.confirmed_at, ...); the list members purposes, recipients
   * and consent_ids take several values separated by '|'; an empty cell is an absent member.
   * Separator ',' or ';' (found from the header line).
   *
   * Transfers: each row names the recipient (to, or the import's default) and one consent_id or
   * one number; the rows of one recipient form one transfer (decision 0018's rule, row by row).
   */

  /** The records one integration of an import takes at most. */
  static final int BATCH_ROWS = 5_000;
  /** The longest line or field read. */
  static final int MAX_LINE_CHARS = 1 << 16;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LIST_FIELDS = Set.of("purposes", "recipients", "consent_ids");

  /** What is imported. */
  public enum Kind {
    CONSENTS("consent"), WITHDRAWALS("withdrawal"), CONTRACTS("contract"), TRANSFERS("transfer");

    private final String record;

    Kind(String record) {
      this.record = record;
    }

    /** The record kind of each row ({@code consent}, ...). */
    public String record() {
      return record;
    }

    /** The kind named {@code consents}, {@code withdrawals}, ... (case-insensitive). */
    public static Kind parse(String name) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, "'" + name
            + "' is not a kind of record: use consents, withdrawals, contracts or transfers.");
      }
    }
  }

  /** How the rows are written. */
  public enum Format {
    CSV, JSON_LINES;

    /**
     * The format of a file: by its name ({@code .csv}; {@code .jsonl}, {@code .ndjson}), else by
     * its first non-blank character ({@code '{'} for JSON lines).
     */
    public static Format detect(String fileName, byte[] head) {
      String name = fileName.toLowerCase(Locale.ROOT);
      if (name.endsWith(".csv")) {
        return CSV;
      }
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
        return JSON_LINES;
      }
      for (byte b : head) {
        if (b == '{') {
          return JSON_LINES;
        }
        if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != (byte) 0xEF && b != (byte) 0xBB
            && b != (byte) 0xBF) {
          return CSV;
        }
      }
      return CSV;
    }
  }

  /**
   * A row not recorded. {@code code} is {@code RECORD_INVALID} (with {@code reasons} per field),
   * {@code DUPLICATE} (already logged as {@code recordId}), or a transfer refusal code.
   */
  public record Reject(long line, String code, List<String> reasons, String recordId) {}

  /**
   * What an import did: rows read (blank lines aside), records logged now, rows already logged
   * (duplicates), rows rejected; for transfers, the transfers logged.
   */
  public record Report(String kind, long rows, long recorded, long duplicates, long rejected,
      List<String> transferIds) {}

  private final ConsentLedger ledger;
  private final String operator;
  private final Kind kind;
  private final String defaultRecipient;
  private final Consumer<Reject> rejects;
  private long rows;
  private long recorded;
  private long duplicates;
  private long rejected;
  private final List<Row> batch = new ArrayList<>();
  /** Rows not recorded while a batch is open, given out in line order when it is logged. */
  private final List<Reject> heldRejects = new ArrayList<>();
  private boolean flushing;
  private final List<TransferInput> transferRows = new ArrayList<>();
  private final List<String> transferIds = new ArrayList<>();

  private record Row(long line, ConsentLedger.Prepared prepared) {}

  private record TransferInput(long line, String to, String value, boolean byConsentId) {}

  /**
   * @param defaultRecipient for transfers, the operator receiving rows that name none; may be null
   * @param rejects receives every row not recorded, in line order (transfer rows: by recipient)
   */
  public LedgerImport(ConsentLedger ledger, String operator, Kind kind, String defaultRecipient,
      Consumer<Reject> rejects) {
    this.ledger = ledger;
    this.operator = operator;
    this.kind = kind;
    this.defaultRecipient = defaultRecipient == null || defaultRecipient.isBlank() ? null : defaultRecipient.strip();
    this.rejects = rejects;
  }

  /**
   * Imports every row of {@code in} (UTF-8) and returns the counts. Rows are logged batch by batch
   * as they are read: when this throws, the rows before were logged (and a re-run finds them as
   * duplicates).
   *
   * @throws DncException INPUT_EMPTY (no row), MALFORMED_CSV (with the line), INPUT_UNREADABLE
   */
  public Report run(InputStream in, Format format) {
    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
    try {
      if (format == Format.CSV) {
        readCsv(new BufferedReader(reader, 1 << 16));
      } else {
        readJsonLines(new BufferedReader(reader, 1 << 16));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, "the rows cannot be read: " + e.getMessage(), e);
    }
    if (rows == 0) {
      throw new DncException(ErrorCode.INPUT_EMPTY, "no rows to import: send a header line and one "
          + kind.record() + " per row (CSV), or one JSON object per line (JSON lines).");
    }
    flush();
    if (kind == Kind.TRANSFERS) {
      transfer();
    }
    return new Report(kind.name().toLowerCase(Locale.ROOT), rows, recorded, duplicates, rejected,
        List.copyOf(transferIds));
  }

  private void readJsonLines(BufferedReader reader) throws IOException {
    long line = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      rows++;
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        reject(line, List.of("line: not a JSON object (" + e.getOriginalMessage() + ")"));
        continue;
      }
      if (node == null || !node.isObject()) {
        reject(line, List.of("line: must be one JSON object"));
        continue;
      }
      accept(line, node);
    }
  }

  private void readCsv(Reader reader) {
    CsvReader<CsvRecord> csv = CsvReader.builder().allowExtraFields(true).allowMissingFields(true)
        .detectBomHeader(true).maxBufferSize(MAX_LINE_CHARS)
        .fieldSeparator(separator(reader)).ofCsvRecord(reader);
    var iterator = csv.iterator();
    List<String> header = null;
    while (true) {
      CsvRecord record;
      try {
        if (!iterator.hasNext()) {
          break;
        }
        record = iterator.next();
      } catch (CsvParseException e) {
        flush();
        throw new DncException(ErrorCode.MALFORMED_CSV, e.getMessage() + ". Check the quotes around"
            + " that line; the rows before it were imported, and importing the file again after the"
            + " fix records only the rest (the others are found as duplicates).", e);
      }
      if (header == null) {
        header = record.getFields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        continue;
      }
      if (record.getFields().stream().allMatch(String::isBlank)) {
        continue;
      }
      rows++;
      accept(record.getStartingLineNumber(), objectOf(header, record.getFields()));
    }
  }

  /** ',' unless the header line has more ';' than ','. Reads ahead with mark/reset. */
  private static char separator(Reader reader) {
    if (!reader.markSupported()) {
      return ',';
    }
    try {
      reader.mark(MAX_LINE_CHARS);
      int commas = 0;
      int semicolons = 0;
      for (int i = 0, c = reader.read(); c != -1 && c != '\n' && i < MAX_LINE_CHARS; i++, c = reader.read()) {
        commas += c == ',' ? 1 : 0;
        semicolons += c == ';' ? 1 : 0;
      }
      reader.reset();
      return semicolons > commas ? ';' : ',';
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CSV row as the JSON object the API takes (see the class comment). */
  static ObjectNode objectOf(List<String> header, List<String> fields) {
    ObjectNode object = JSON.createObjectNode();
    for (int i = 0; i < header.size() && i < fields.size(); i++) {
      String value = fields.get(i).strip();
      String name = header.get(i);
      if (value.isEmpty() || name.isEmpty()) {
        continue;
      }
      String[] path = name.split("\\.");
      ObjectNode parent = object;
      for (int k = 0; k < path.length - 1; k++) {
        JsonNode child = parent.get(path[k]);
        parent = child instanceof ObjectNode o ? o : parent.putObject(path[k]);
      }
      String leaf = path[path.length - 1];
      if (LIST_FIELDS.contains(leaf)) {
        ArrayNode values = parent.putArray(leaf);
        for (String item : value.split("\\|")) {
          if (!item.isBlank()) {
            values.add(item.strip());
          }
        }
      } else {
        parent.put(leaf, value);
      }
    }
    return object;
  }

  private void accept(long line, JsonNode body) {
    if (kind == Kind.TRANSFERS) {
      acceptTransferRow(line, body);
      return;
    }
    ConsentLedger.Prepared prepared;
    try {
      prepared = ledger.prepare(kind.record(), operator, body, ledger.now());
    } catch (LedgerRecordRejected e) {
      reject(line, e.reasons());
      return;
    }
    ConsentLedger.Logged existing = ledger.duplicateOf(prepared);
    if (existing != null) {
      duplicate(line, existing.recordId());
      return;
    }
    batch.add(new Row(line, prepared));
    if (batch.size() >= BATCH_ROWS) {
      flush();
    }
  }

  private void acceptTransferRow(long line, JsonNode body) {
    List<String> problems = new ArrayList<>();
    String to = text(body, "to");
    if (to == null) {
      to = defaultRecipient;
    }
    if (to == null) {
      problems.add("to: missing (the operator receiving the consent)");
    }
    String consentId = text(body, "consent_id");
    String number = text(body, "number");
    if (consentId == null && number == null) {
      problems.add("consent_id: missing (give a consent_id or a number)");
    } else if (consentId != null && number != null) {
      problems.add("number: give a consent_id or a number, not both");
    }
    if (!problems.isEmpty()) {
      reject(line, problems);
      return;
    }
    transferRows.add(new TransferInput(line, to, consentId != null ? consentId : number, consentId != null));
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull() || !node.isValueNode()) {
      return null;
    }
    String text = node.asText().strip();
    return text.isEmpty() ? null : text;
  }

  private void transfer() {
    Map<String, List<TransferInput>> groups = new LinkedHashMap<>();
    for (TransferInput row : transferRows) {
      groups.computeIfAbsent(row.to() + (row.byConsentId() ? " ids" : " numbers"), g -> new ArrayList<>()).add(row);
    }
    for (List<TransferInput> group : groups.values()) {
      ConsentLedger.TransferReport report;
      try {
        report = ledger.transfer(operator, group.get(0).to(),
            group.stream().map(TransferInput::value).toList(), group.get(0).byConsentId());
      } catch (LedgerRecordRejected e) {
        for (TransferInput row : group) {
          reject(row.line(), e.reasons());
        }
        continue;
      }
      if (report.transferId() != null) {
        transferIds.add(report.transferId());
      }
      for (ConsentLedger.TransferRow row : report.rows()) {
        long line = group.get(row.row() - 1).line();
        if (row.accepted()) {
          recorded++;
        } else if ("ALREADY_TRANSFERRED".equals(row.reason())) {
          duplicates++;
          rejects.accept(new Reject(line, "DUPLICATE", List.of(row.detail()), row.consentId()));
        } else {
          rejected++;
          rejects.accept(new Reject(line, row.reason(), List.of(row.detail()), row.consentId()));
        }
      }
    }
  }

  private void flush() {
    if (batch.isEmpty()) {
      release();
      return;
    }
    // Duplicates within the batch (or sent meanwhile by someone else) are found under the append
    // lock and come back as not created.
    List<ConsentLedger.Recorded> results = ledger.commitOnce(batch.stream().map(Row::prepared).toList());
    flushing = true;
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).created()) {
        recorded++;
      } else {
        duplicate(batch.get(i).line(), results.get(i).logged().recordId());
      }
    }
    flushing = false;
    batch.clear();
    release();
  }

  private void reject(long line, List<String> reasons) {
    rejected++;
    hold(new Reject(line, ErrorCode.RECORD_INVALID.name(), List.copyOf(reasons), null));
  }

  private void hold(Reject reject) {
    if (batch.isEmpty()) {
      rejects.accept(reject);
      return;
    }
    heldRejects.add(reject);
    if (heldRejects.size() >= BATCH_ROWS && !flushing) {
      flush();
    }
  }

  private void release() {
    heldRejects.sort(java.util.Comparator.comparingLong(Reject::line));
    heldRejects.forEach(rejects);
    heldRejects.clear();
  }

  private void duplicate(long line, String recordId) {
    duplicates++;
    hold(new Reject(line, "DUPLICATE",
        List.of("already logged as " + recordId + " (earlier, or from an earlier line): not logged again"), recordId));
  }
}
