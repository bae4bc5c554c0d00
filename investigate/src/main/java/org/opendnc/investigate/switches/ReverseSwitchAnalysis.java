package org.opendnc.investigate.switches;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.investigate.ingest.DateReader;

/**
 * Finds reverse switches in energy switching records (CSV: pod, from_supplier, to_supplier,
 * requested_at, agent_firm, agent_id): a supply point moved A -> B and, as its next switch, back
 * B -> A within the window.
 */
public final class ReverseSwitchAnalysis {
  /*
   * The switches of each supply point are put in time order; each pair of consecutive switches
   * s1 = A -> B, s2 = B -> A with s2 no more than windowDays after s1 is one reverse switch. A
   * point switched A -> B -> A -> B -> A yields two. Supplier names are compared without case or
   * surrounding spaces. Commissions: the rate of the supplier each leg moved the point to, paid to
   * the firm of that leg (the rate file's firm column, when present, overrides per firm).
   */

  /** The result: the reverse switches, counts per firm and agent, and unreadable rows. */
  public record Result(List<ReverseSwitch> reverseSwitches, Map<String, FirmSwitches> byFirm, long switches,
      long unreadableRows, List<String> unreadableExamples) {}

  /** One firm's reverse switches (legs it made), its agents involved and its commissions at stake. */
  public record FirmSwitches(long reverseSwitches, Map<String, Long> byAgent, double commissionEur) {}

  private record Switch(String pod, String from, String to, long at, String firm, String agent) {}

  private final ZoneId zone;
  private final int windowDays;
  private final Map<String, Double> rates;
  private final Map<String, Double> firmRates;

  /**
   * @param rates commission in EUR per switch by supplier (lower case), may be empty
   * @param firmRates the same keyed "firm|supplier" (lower case), may be empty
   */
  public ReverseSwitchAnalysis(ZoneId zone, int windowDays, Map<String, Double> rates, Map<String, Double> firmRates) {
    this.zone = zone;
    this.windowDays = windowDays;
    this.rates = rates;
    this.firmRates = firmRates;
  }

  /** Reads a commission file: CSV with supplier and commission_eur, optionally firm. */
  public static Map<String, Map<String, Double>> readCommissions(Path file) {
    Map<String, Double> rates = new HashMap<>();
    Map<String, Double> firmRates = new HashMap<>();
    List<String[]> rows = readRows(file, List.of("supplier", "commission_eur"), List.of("firm"));
    for (String[] row : rows) {
      double value;
      try {
        value = Double.parseDouble(row[1].strip().replace(',', '.'));
      } catch (NumberFormatException e) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, file + ": commission '" + row[1] + "' is not a number.");
      }
      String supplier = row[0].strip().toLowerCase(Locale.ROOT);
      if (row[2] == null || row[2].isBlank()) {
        rates.put(supplier, value);
      } else {
        firmRates.put(row[2].strip().toLowerCase(Locale.ROOT) + "|" + supplier, value);
      }
    }
    return Map.of("rates", rates, "firmRates", firmRates);
  }

  public Result run(Path file) {
    DateReader dates = DateReader.dayFirst(zone);
    Map<String, List<Switch>> byPod = new HashMap<>();
    long total = 0;
    long unreadable = 0;
    List<String> examples = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such switching-records file.");
    }
    try (CsvReader<CsvRecord> csv = CsvReader.builder().allowMissingFields(true).allowExtraFields(true)
        .ofCsvRecord(file, StandardCharsets.UTF_8)) {
      int[] columns = null;
      for (CsvRecord record : csv) {
        List<String> f = record.getFields();
        if (columns == null) {
          columns = columns(file, f, List.of("pod", "from_supplier", "to_supplier", "requested_at", "agent_firm", "agent_id"));
          continue;
        }
        String pod = get(f, columns[0]);
        long at = dates.read(get(f, columns[3]));
        if (pod.isBlank() || get(f, columns[1]).isBlank() || get(f, columns[2]).isBlank()
            || at == DateReader.BLANK || at == DateReader.UNREADABLE) {
          unreadable++;
          if (examples.size() < 20) {
            examples.add("line " + record.getStartingLineNumber() + ": pod, suppliers and requested_at are needed");
          }
          continue;
        }
        total++;
        byPod.computeIfAbsent(pod.strip(), k -> new ArrayList<>()).add(new Switch(pod.strip(), get(f, columns[1]).strip(),
            get(f, columns[2]).strip(), at, get(f, columns[4]).strip(), get(f, columns[5]).strip()));
      }
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": cannot read the switching records: " + e.getMessage());
    }
    List<ReverseSwitch> found = new ArrayList<>();
    Map<String, long[]> firmCounts = new TreeMap<>();
    Map<String, Map<String, Long>> agents = new TreeMap<>();
    Map<String, Double> commissions = new TreeMap<>();
    for (List<Switch> switches : byPod.values()) {
      switches.sort(Comparator.comparingLong(Switch::at));
      for (int i = 0; i + 1 < switches.size(); i++) {
        Switch out = switches.get(i);
        Switch back = switches.get(i + 1);
        boolean reverses = same(out.to(), back.from()) && same(back.to(), out.from());
        long days = ChronoUnit.DAYS.between(date(out.at()), date(back.at()));
        if (!reverses || days > windowDays) {
          continue;
        }
        List<String> legFirms = out.firm().equals(back.firm()) ? List.of(out.firm()) : List.of(out.firm(), back.firm());
        List<String> legAgents = out.agent().equals(back.agent()) ? List.of(out.agent()) : List.of(out.agent(), back.agent());
        double outCommission = rate(out.firm(), out.to());
        double backCommission = rate(back.firm(), back.to());
        found.add(new ReverseSwitch(out.pod(), legFirms, out.from(), out.to(), date(out.at()), date(back.at()), legAgents,
            outCommission + backCommission));
        for (Switch leg : List.of(out, back)) {
          agents.computeIfAbsent(leg.firm(), k -> new TreeMap<>()).merge(leg.agent(), 1L, Long::sum);
        }
        for (String firm : legFirms) {
          firmCounts.computeIfAbsent(firm, k -> new long[1])[0]++;
        }
        commissions.merge(out.firm(), outCommission, Double::sum);
        commissions.merge(back.firm(), backCommission, Double::sum);
      }
    }
    found.sort(Comparator.comparing(ReverseSwitch::firstDate).thenComparing(ReverseSwitch::pod));
    Map<String, FirmSwitches> byFirm = new LinkedHashMap<>();
    for (var entry : firmCounts.entrySet()) {
      byFirm.put(entry.getKey(), new FirmSwitches(entry.getValue()[0], agents.getOrDefault(entry.getKey(), Map.of()),
          commissions.getOrDefault(entry.getKey(), 0.0)));
    }
    return new Result(found, byFirm, total, unreadable, examples);
  }

  private double rate(String firm, String supplier) {
    String s = supplier.toLowerCase(Locale.ROOT);
    Double specific = firmRates.get(firm.toLowerCase(Locale.ROOT) + "|" + s);
    return specific != null ? specific : rates.getOrDefault(s, 0.0);
  }

  private LocalDate date(long epochSecond) {
    return java.time.Instant.ofEpochSecond(epochSecond).atZone(zone).toLocalDate();
  }

  private static boolean same(String a, String b) {
    return a.strip().equalsIgnoreCase(b.strip());
  }

  private static String get(List<String> fields, int index) {
    return index >= 0 && index < fields.size() ? fields.get(index) : "";
  }

  private static int[] columns(Path file, List<String> header, List<String> wanted) {
    int[] columns = new int[wanted.size()];
    for (int w = 0; w < wanted.size(); w++) {
      columns[w] = -1;
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).strip().replace("\uFEFF", "").equalsIgnoreCase(wanted.get(w))) {
          columns[w] = i;
        }
      }
      if (columns[w] < 0 && w < 4) {
        throw new DncException(ErrorCode.COLUMN_NOT_FOUND, file + ": no column '" + wanted.get(w) + "'; the columns needed are "
            + wanted + ", found " + header + ".");
      }
    }
    return columns;
  }

  private static List<String[]> readRows(Path file, List<String> required, List<String> optional) {
    if (!Files.isRegularFile(file)) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such file.");
    }
    List<String[]> rows = new ArrayList<>();
    try (CsvReader<CsvRecord> csv = CsvReader.builder().allowMissingFields(true).allowExtraFields(true)
        .ofCsvRecord(file, StandardCharsets.UTF_8)) {
      int[] columns = null;
      List<String> all = new ArrayList<>(required);
      all.addAll(optional);
      for (CsvRecord record : csv) {
        List<String> f = record.getFields();
        if (columns == null) {
          columns = new int[all.size()];
          for (int w = 0; w < all.size(); w++) {
            columns[w] = -1;
            for (int i = 0; i < f.size(); i++) {
              if (f.get(i).strip().replace("\uFEFF", "").equalsIgnoreCase(all.get(w))) {
                columns[w] = i;
              }
            }
            if (columns[w] < 0 && w < required.size()) {
              throw new DncException(ErrorCode.COLUMN_NOT_FOUND, file + ": no column '" + all.get(w) + "'; expected "
                  + required + " (optional " + optional + ").");
            }
          }
          continue;
        }
        String[] row = new String[all.size()];
        for (int w = 0; w < all.size(); w++) {
          row[w] = columns[w] < 0 ? null : get(f, columns[w]);
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file + ": cannot be read: " + e.getMessage());
    }
    return rows;
  }

  /** Reads a two-column CSV (firm, value) such as the turnover file: firm -> number. */
  public static Map<String, Double> readFirmValues(Path file, String valueColumn) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String[] row : readRows(file, List.of("firm", valueColumn), List.of())) {
      try {
        values.put(row[0].strip().toLowerCase(Locale.ROOT), Double.parseDouble(row[1].strip().replace("_", "")));
      } catch (NumberFormatException e) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, file + ": '" + row[1] + "' for firm " + row[0]
            + " is not a number (write e.g. 12500000.50).");
      }
    }
    return values;
  }
}
