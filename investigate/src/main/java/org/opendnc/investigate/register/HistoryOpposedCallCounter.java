package org.opendnc.investigate.register;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.register.OppositionHistory;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.investigate.ingest.DateReader;

/**
 * Judges every call on the called number's register history at the call's start
 * ({@link OppositionHistory}: registered and no ALLOW for the operator in force). Holds the calls
 * in memory (about 20 bytes each) and reads the register once.
 */
public final class HistoryOpposedCallCounter implements OpposedCallCounter {
  private static final int MAX_EXAMPLES = 500;
  private final RegisterSource register;
  private final NumberParser parser;
  private final ZoneId zone;
  private RegisterSource.Loaded loaded;

  public HistoryOpposedCallCounter(RegisterSource register, NumberParser parser, ZoneId zone) {
    this.register = register;
    this.parser = parser;
    this.zone = zone;
  }

  /** The register data read while counting (null before {@link #count}). */
  public RegisterSource.Loaded loaded() {
    return loaded;
  }

  @Override
  public OpposedCalls count(Path callRecords) {
    if (!Files.isRegularFile(callRecords)) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, callRecords + ": no such call-record file.");
    }
    List<String> operators = new ArrayList<>();
    Map<String, Integer> operatorIds = new HashMap<>();
    long[] callees = new long[1024];
    long[] starts = new long[1024];
    int[] operatorOf = new int[1024];
    List<String> callIds = new ArrayList<>();
    int count = 0;
    long unreadable = 0;
    List<String> unreadableExamples = new ArrayList<>();
    DateReader dates = DateReader.dayFirst(zone);
    try (CsvReader<CsvRecord> csv = CsvReader.builder().allowMissingFields(true).allowExtraFields(true)
        .ofCsvRecord(callRecords, StandardCharsets.UTF_8)) {
      int id = -1;
      int operator = -1;
      int callee = -1;
      int started = -1;
      boolean header = true;
      for (CsvRecord record : csv) {
        List<String> f = record.getFields();
        if (header) {
          header = false;
          for (int i = 0; i < f.size(); i++) {
            switch (f.get(i).strip().toLowerCase(Locale.ROOT)) {
              case "call_id" -> id = i;
              case "operator" -> operator = i;
              case "callee" -> callee = i;
              case "started_at" -> started = i;
              default -> { }
            }
          }
          if (operator < 0 || callee < 0 || started < 0) {
            throw new DncException(ErrorCode.COLUMN_NOT_FOUND, callRecords + ": call records need the columns operator,"
                + " callee and started_at; found " + f + ".");
          }
          continue;
        }
        long number = callee < f.size() ? parser.parseE164(f.get(callee)) : 0;
        long at = started < f.size() ? dates.read(f.get(started)) : DateReader.BLANK;
        String op = operator < f.size() ? f.get(operator).strip() : "";
        if (number == 0 || at == DateReader.BLANK || at == DateReader.UNREADABLE || op.isEmpty()) {
          unreadable++;
          if (unreadableExamples.size() < 20) {
            unreadableExamples.add("line " + record.getStartingLineNumber()
                + (number == 0 ? ": callee is not a valid number" : op.isEmpty() ? ": no operator" : ": started_at is not a time"));
          }
          continue;
        }
        if (count == callees.length) {
          callees = Arrays.copyOf(callees, count * 2);
          starts = Arrays.copyOf(starts, count * 2);
          operatorOf = Arrays.copyOf(operatorOf, count * 2);
        }
        callees[count] = number;
        starts[count] = at;
        operatorOf[count] = operatorIds.computeIfAbsent(op, k -> {
          operators.add(k);
          return operators.size() - 1;
        });
        callIds.add(id >= 0 && id < f.size() ? f.get(id) : Long.toString(record.getStartingLineNumber()));
        count++;
      }
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, callRecords + ": cannot read the call records: " + e.getMessage());
    }
    long[] distinct = Arrays.stream(callees, 0, count).sorted().distinct().toArray();
    loaded = register.load(distinct);
    long[] calls = new long[operators.size()];
    long[] opposed = new long[operators.size()];
    List<Set<Long>> numbers = new ArrayList<>();
    for (int i = 0; i < operators.size(); i++) {
      numbers.add(new HashSet<>());
    }
    List<OpposedCalls.OpposedCall> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int op = operatorOf[i];
      calls[op]++;
      List<RegisterEvent> history = loaded.histories().get(callees[i]);
      if (history != null && OppositionHistory.isOpposed(history, operators.get(op), Instant.ofEpochSecond(starts[i]))) {
        opposed[op]++;
        numbers.get(op).add(callees[i]);
        if (examples.size() < MAX_EXAMPLES) {
          examples.add(new OpposedCalls.OpposedCall(callIds.get(i), operators.get(op), callees[i], Instant.ofEpochSecond(starts[i])));
        }
      }
    }
    Map<String, OpposedCalls.OperatorCalls> byOperator = new LinkedHashMap<>();
    for (int i = 0; i < operators.size(); i++) {
      byOperator.put(operators.get(i), new OpposedCalls.OperatorCalls(calls[i], opposed[i], numbers.get(i).size()));
    }
    return new OpposedCalls(byOperator, examples, unreadable, unreadableExamples);
  }
}
