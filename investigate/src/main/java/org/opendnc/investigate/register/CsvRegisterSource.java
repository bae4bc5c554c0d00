package org.opendnc.investigate.register;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.investigate.ingest.DateReader;

/**
 * A CSV export of the register: {@code number} and {@code registered_at} (the import format, each
 * row a REGISTER), or an event export with {@code number, type, operator, at}. Rows that cannot be
 * read are counted and named in {@link #describe()}.
 */
public final class CsvRegisterSource implements RegisterSource {
  private final Path file;
  private final NumberParser parser;
  private final ZoneId zone;
  private long events;
  private long unreadable;
  private String firstUnreadable;

  public CsvRegisterSource(Path file, NumberParser parser, ZoneId zone) {
    this.file = file;
    this.parser = parser;
    this.zone = zone;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "register export %s, %,d events%s", file.getFileName(), events,
        unreadable == 0 ? "" : String.format(Locale.ROOT, ", %,d unreadable rows (first: %s)", unreadable, firstUnreadable));
  }

  @Override
  public Loaded load(long[] sortedNumbers) {
    RegisterLoader loader = new RegisterLoader(sortedNumbers);
    DateReader dates = DateReader.dayFirst(zone);
    try (CsvReader<CsvRecord> csv = CsvReader.builder().allowMissingFields(true).allowExtraFields(true)
        .ofCsvRecord(file, StandardCharsets.UTF_8)) {
      int number = -1;
      int at = -1;
      int type = -1;
      int operator = -1;
      long sequence = 0;
      boolean header = true;
      for (CsvRecord record : csv) {
        List<String> fields = record.getFields();
        if (header) {
          header = false;
          for (int i = 0; i < fields.size(); i++) {
            switch (fields.get(i).strip().toLowerCase(Locale.ROOT)) {
              case "number", "numero", "e164", "phone", "telefono", "msisdn" -> number = i;
              case "registered_at", "at", "event_at", "data" -> at = i;
              case "type", "event", "tipo" -> type = i;
              case "operator", "operatore" -> operator = i;
              default -> { }
            }
          }
          if (number < 0 || at < 0) {
            throw new DncException(ErrorCode.COLUMN_NOT_FOUND, file + ": a register export needs the columns number and"
                + " registered_at (or at); found " + fields + ".");
          }
          continue;
        }
        long line = record.getStartingLineNumber();
        long e164 = number < fields.size() ? parser.parseE164(fields.get(number)) : 0;
        long seconds = at < fields.size() ? dates.read(fields.get(at)) : DateReader.BLANK;
        EventType eventType = EventType.REGISTER;
        String named = null;
        try {
          if (type >= 0 && type < fields.size() && !fields.get(type).isBlank()) {
            eventType = EventType.valueOf(fields.get(type).strip().toUpperCase(Locale.ROOT));
          }
          if (eventType.namesOperator()) {
            named = operator >= 0 && operator < fields.size() ? fields.get(operator).strip() : "";
            if (named.isEmpty()) {
              throw new IllegalArgumentException("no operator");
            }
          }
        } catch (IllegalArgumentException e) {
          eventType = null;
        }
        if (e164 == 0 || seconds == DateReader.BLANK || seconds == DateReader.UNREADABLE || eventType == null) {
          unreadable++;
          if (firstUnreadable == null) {
            firstUnreadable = "line " + line;
          }
          continue;
        }
        loader.accept(new RegisterEvent(++sequence, e164, eventType, named, Instant.ofEpochSecond(seconds), Channel.IMPORT, null));
        events++;
      }
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": cannot read the register export: " + e.getMessage());
    }
    Loaded loaded = loader.finish();
    // An export need not be in time order: each history is put in time order, then numbered.
    for (var entry : loaded.histories().entrySet()) {
      List<RegisterEvent> events = new java.util.ArrayList<>(entry.getValue());
      events.sort(java.util.Comparator.comparing(RegisterEvent::at).thenComparingLong(RegisterEvent::sequence));
      for (int i = 0; i < events.size(); i++) {
        events.set(i, events.get(i).withSequence(i + 1L));
      }
      entry.setValue(events);
    }
    return loaded;
  }

  @Override
  public void close() {}
}
