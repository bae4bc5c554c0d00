package org.opendnc.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;

/**
 * Consents and contracts read from files (CSV, or JSON lines for {@code .jsonl}/{@code .ndjson}),
 * held in memory by operator and number. Immutable once loaded, so thread-safe. The formats are in
 * docs/audit.md; unusable rows are reported to {@link Rejects}, never dropped silently.
 */
public final class FileConsentEvidence implements ConsentEvidence {

  /** The consent file's header. */
  public static final String CONSENT_COLUMNS = "consent_id,operator,number,given_at,withdrawn_at";
  /** The contract file's header. */
  public static final String CONTRACT_COLUMNS = "contract_id,operator,number,start,end";

  private static final ObjectMapper JSON = new ObjectMapper();

  /*
   * Entries are kept in columns, chained per (operator, number): a Long2IntOpenHashMap from the packed key
   * (number << 13 | operator id) to the newest entry, and a "next" column. No object per entry
   * until asked for; lookups are one hash probe (the audit asks for millions of calls).
   */

  private static final int OPERATOR_BITS = 13;

  private final Names operators = new Names();
  private final Entries consents = new Entries();
  private final Entries contracts = new Entries();
  private long consentCount;
  private long contractCount;

  /** (id, from, until) entries chained by key. */
  private static final class Entries {
    final Long2IntOpenHashMap heads = DenseIndexes.map(1024);
    String[] ids = new String[1024];
    long[] from = new long[1024];
    long[] until = new long[1024];
    int[] next = new int[1024];
    int size;

    void add(long key, String id, long fromNanos, long untilNanos) {
      if (size == ids.length) {
        int capacity = size * 2;
        ids = java.util.Arrays.copyOf(ids, capacity);
        from = java.util.Arrays.copyOf(from, capacity);
        until = java.util.Arrays.copyOf(until, capacity);
        next = java.util.Arrays.copyOf(next, capacity);
      }
      ids[size] = id;
      from[size] = fromNanos;
      until[size] = untilNanos;
      next[size] = heads.get(key);
      heads.put(key, size);
      size++;
    }

    int head(long key) {
      return heads.get(key);
    }
  }

  private long key(String operator, long e164, boolean add) {
    int id = add ? operators.intern(operator) : operators.find(operator);
    if (id < 0 || e164 <= 0 || e164 >= (1L << (63 - OPERATOR_BITS))) {
      return -1;
    }
    if (id >= (1 << OPERATOR_BITS)) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, "more than " + (1 << OPERATOR_BITS)
          + " operators in the consent and contract files: audit them in parts.");
    }
    return (e164 << OPERATOR_BITS) | id;
  }

  private FileConsentEvidence() {}

  /**
   * Loads the files; either may be {@code null}.
   *
   * @param zone the zone of times written without offset
   * @throws DncException when a file cannot be read as a whole
   */
  public static FileConsentEvidence load(Path consentFile, Path contractFile, NumberParser parser,
      ZoneId zone, Rejects consentRejects, Rejects contractRejects) {
    FileConsentEvidence evidence = new FileConsentEvidence();
    if (consentFile != null) {
      evidence.read(consentFile, CONSENT_COLUMNS, consentRejects, row -> {
        long number = evidence.number(row, consentRejects, parser);
        if (number == 0) {
          return;
        }
        long given = evidence.time(row, "given_at", true, zone, consentRejects);
        long withdrawn = evidence.time(row, "withdrawn_at", false, zone, consentRejects);
        if (given == Times.INVALID || withdrawn == Times.INVALID - 1) {
          return;
        }
        evidence.consents.add(evidence.key(row.operator, number, true), row.id, given,
            withdrawn == Times.INVALID ? Long.MAX_VALUE : withdrawn);
        evidence.consentCount++;
      });
    }
    if (contractFile != null) {
      evidence.read(contractFile, CONTRACT_COLUMNS, contractRejects, row -> {
        long number = evidence.number(row, contractRejects, parser);
        if (number == 0) {
          return;
        }
        long start = evidence.time(row, "start", true, zone, contractRejects);
        long end = evidence.time(row, "end", false, zone, contractRejects);
        if (start == Times.INVALID || end == Times.INVALID - 1) {
          return;
        }
        if (end != Times.INVALID && end < start) {
          contractRejects.add(row.line, "END_BEFORE_START", "contract " + row.id + " ends before it starts");
          return;
        }
        evidence.contracts.add(evidence.key(row.operator, number, true), row.id, start,
            end == Times.INVALID ? Long.MAX_VALUE : end);
        evidence.contractCount++;
      });
    }
    return evidence;
  }

  public long consentCount() {
    return consentCount;
  }

  public long contractCount() {
    return contractCount;
  }

  @Override
  public List<Consent> consentsOf(String operator, long e164) {
    long key = key(operator, e164, false);
    int entry = key < 0 ? -1 : consents.head(key);
    if (entry < 0) {
      return List.of();
    }
    List<Consent> found = new ArrayList<>(2);
    for (; entry >= 0; entry = consents.next[entry]) {
      found.add(new Consent(consents.ids[entry], Times.toInstant(consents.from[entry]),
          consents.until[entry] == Long.MAX_VALUE ? null : Times.toInstant(consents.until[entry])));
    }
    return found;
  }

  @Override
  public List<Contract> contractsOf(String operator, long e164) {
    long key = key(operator, e164, false);
    int entry = key < 0 ? -1 : contracts.head(key);
    if (entry < 0) {
      return List.of();
    }
    List<Contract> found = new ArrayList<>(2);
    for (; entry >= 0; entry = contracts.next[entry]) {
      found.add(new Contract(contracts.ids[entry], Times.toInstant(contracts.from[entry]),
          contracts.until[entry] == Long.MAX_VALUE ? null : Times.toInstant(contracts.until[entry])));
    }
    return found;
  }

  /** One row of either file, by column name. */
  private static final class Row {
    long line;
    String id;
    String operator;
    final Map<String, String> fields = new HashMap<>();
  }

  private interface RowSink {
    void accept(Row row);
  }

  private void read(Path file, String columns, Rejects rejects, RowSink sink) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String idColumn = columns.substring(0, columns.indexOf(','));
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      readJsonLines(file, idColumn, rejects, sink);
      return;
    }
    try (CsvInput csv = CsvInput.open(file, columns)) {
      String[] names = columns.split(",");
      int[] positions = new int[names.length];
      for (int i = 0; i < names.length; i++) {
        positions[i] = i < 4 ? csv.required(columns, names[i]) : csv.column(names[i]);
      }
      csv.forEach(record -> {
        Row row = new Row();
        row.line = record.getStartingLineNumber();
        for (int i = 0; i < names.length; i++) {
          row.fields.put(names[i], CsvInput.field(record, positions[i]));
        }
        accept(row, idColumn, rejects, sink);
      });
    }
  }

  private void readJsonLines(Path file, String idColumn, Rejects rejects, RowSink sink) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      long line = 0;
      boolean any = false;
      while ((text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        any = true;
        JsonNode node;
        try {
          node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
          rejects.add(line, "MALFORMED_JSON", "not a JSON object: " + e.getOriginalMessage());
          continue;
        }
        if (node == null || !node.isObject()) {
          rejects.add(line, "MALFORMED_JSON", "not a JSON object");
          continue;
        }
        Row row = new Row();
        row.line = line;
        node.fields().forEachRemaining(entry -> row.fields.put(entry.getKey(),
            entry.getValue().isNull() || entry.getValue().asText().isBlank() ? null : entry.getValue().asText().strip()));
        accept(row, idColumn, rejects, sink);
      }
      if (!any) {
        throw new DncException(ErrorCode.INPUT_EMPTY, file + ": the file is empty; expected one JSON object per line.");
      }
    } catch (NoSuchFileException e) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such file.");
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": cannot read the file: " + e.getMessage(), e);
    }
  }

  private static void accept(Row row, String idColumn, Rejects rejects, RowSink sink) {
    row.id = row.fields.get(idColumn);
    if (row.id == null) {
      row.id = row.fields.get("id");
    }
    if (row.id == null) {
      rejects.add(row.line, "MISSING_ID", idColumn + " is empty");
      return;
    }
    row.operator = row.fields.get("operator");
    if (row.operator == null) {
      rejects.add(row.line, "MISSING_OPERATOR", "operator is empty (" + row.id + ")");
      return;
    }
    sink.accept(row);
  }

  private long number(Row row, Rejects rejects, NumberParser parser) {
    String text = row.fields.get("number");
    long number = text == null ? NumberParser.INVALID : parser.parseE164(text);
    if (number == NumberParser.INVALID) {
      rejects.add(row.line, "INVALID_NUMBER", "number '" + (text == null ? "" : text)
          + "' is not a valid telephone number (" + row.id + ")");
    }
    return number;
  }

  /** The time, {@link Times#INVALID} when absent and optional, INVALID - 1 after a reported error. */
  private long time(Row row, String column, boolean required, ZoneId zone, Rejects rejects) {
    String text = row.fields.get(column);
    if (text == null) {
      if (required) {
        rejects.add(row.line, "MISSING_TIME", column + " is empty (" + row.id + ")");
        return Times.INVALID;
      }
      return Times.INVALID;
    }
    long t = Times.parseLenient(text, zone);
    if (t == Times.INVALID) {
      rejects.add(row.line, "INVALID_TIME", column + " '" + text
          + "' is not an ISO-8601 time (2026-03-02T10:15:30+01:00) or date (2026-03-02) (" + row.id + ")");
      return required ? Times.INVALID : Times.INVALID - 1;
    }
    return t;
  }

}
