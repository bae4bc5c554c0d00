package org.opendnc.investigate.sample;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The inputs beside the case folder: register export, calls, switches, honeypots, commissions, turnover. */
final class SideInputs {
  private final Random random;
  private final ZoneId zone;
  private final List<CaseWorld.Holder> firms;
  private final long population;
  private final CaseWorld.Settings settings;
  // fastutil's map of primitives: tens of millions of registrations in a large world, 21-43 bytes
  // each at the default load factor, not a HashMap<Long, Long>'s ~80.
  private final Long2LongOpenHashMap registrations = new Long2LongOpenHashMap();
  private final Set<String> reversePods = new HashSet<>();
  private final Map<String, Long> reversePerFirm = new LinkedHashMap<>();
  private final Map<String, Double> commissionsPerFirm = new LinkedHashMap<>();
  private final Map<String, long[]> callsPerFirm = new LinkedHashMap<>();

  SideInputs(Random random, ZoneId zone, List<CaseWorld.Holder> firms, long population, CaseWorld.Settings settings) {
    this.random = random;
    this.zone = zone;
    this.firms = firms;
    this.population = population;
    this.settings = settings;
  }

  /** Registration epoch seconds by number (no entry: not registered). */
  Long2LongOpenHashMap registrations() {
    return registrations;
  }

  Set<String> reversePods() {
    return reversePods;
  }

  Map<String, Long> reversePerFirm() {
    return reversePerFirm;
  }

  Map<String, Double> commissionsPerFirm() {
    return commissionsPerFirm;
  }

  /** Per firm: {calls, calls while opposed, distinct numbers called while opposed}. */
  Map<String, long[]> callsPerFirm() {
    return callsPerFirm;
  }

  private long secondOf(int day) {
    return LocalDate.ofEpochDay(day).atStartOfDay(zone).toEpochSecond() + 8 * 3600 + random.nextInt(12 * 3600);
  }

  CaseWorld.Paths write(Path root) throws IOException {
    CaseWorld.Paths paths = CaseWorld.paths(root);
    // Register: a quarter of the persons in the case, plus others.
    try (BufferedWriter out = Files.newBufferedWriter(paths.register(), StandardCharsets.UTF_8)) {
      out.write("number,registered_at,channel\n");
      java.util.BitSet seen = new java.util.BitSet();
      for (CaseWorld.Holder h : firms) {
        for (int i = 0; i < h.size; i++) {
          if (!seen.get(h.person[i])) {
            seen.set(h.person[i]);
            if (random.nextDouble() < 0.25) {
              register(out, CaseWorld.number(h.person[i]));
            }
          }
        }
      }
      for (int i = 0; i < 1000; i++) {
        register(out, CaseWorld.number((int) Math.floorMod(random.nextLong(), population)));
      }
    }
    // Calls: each firm calls some of its valid numbers in the last six months.
    try (BufferedWriter out = Files.newBufferedWriter(paths.calls(), StandardCharsets.UTF_8)) {
      out.write("call_id,operator,caller_id,callee,started_at,duration_s,outcome,campaign,origin_country\n");
      int id = 0;
      for (CaseWorld.Holder h : firms) {
        long[] counts = new long[3];
        Set<Long> opposedNumbers = new HashSet<>();
        int calls = Math.min(2000, h.size / 2);
        for (int k = 0; k < calls; k++) {
          int i = random.nextInt(h.size);
          if (h.invalid[i]) {
            continue;
          }
          long number = CaseWorld.number(h.person[i]);
          long at = secondOf(CaseWorld.SEIZURE_DAY - 1 - random.nextInt(180));
          long registered = registrations.getOrDefault(number, Long.MAX_VALUE);
          counts[0]++;
          if (registered <= at) {
            counts[1]++;
            opposedNumbers.add(number);
          }
          out.write("c" + (++id) + "," + h.name + ",+390844123456,+" + number + "," + Instant.ofEpochSecond(at) + ","
              + random.nextInt(300) + ",ANSWERED,camp-" + (k % 7) + ",IT\n");
        }
        counts[2] = opposedNumbers.size();
        callsPerFirm.put(h.name, counts);
      }
    }
    writeSwitches(paths.switches());
    try (BufferedWriter out = Files.newBufferedWriter(paths.honeypots(), StandardCharsets.UTF_8)) {
      out.write("number\n");
      for (int i = 0; i < settings.honeypots(); i++) {
        out.write("+" + CaseWorld.number((int) (population + 1 + i)) + "\n");
      }
    }
    try (BufferedWriter out = Files.newBufferedWriter(paths.commissions(), StandardCharsets.UTF_8)) {
      out.write("supplier,commission_eur\n");
      for (int s = 0; s < CaseWorld.SUPPLIERS.length; s++) {
        out.write(CaseWorld.SUPPLIERS[s] + "," + (40 + 10 * s) + "\n");
      }
    }
    try (BufferedWriter out = Files.newBufferedWriter(paths.turnover(), StandardCharsets.UTF_8)) {
      out.write("firm,turnover_eur\n");
      for (int f = 0; f < firms.size(); f++) {
        out.write(firms.get(f).name + "," + (f % 2 == 0 ? 1_200_000_000L + f * 1_000_000L : 8_000_000L + f) + "\n");
      }
    }
    return paths;
  }

  private void register(BufferedWriter out, long number) throws IOException {
    if (registrations.containsKey(number)) {
      return;
    }
    long at = secondOf(CaseWorld.START_DAY + random.nextInt(CaseWorld.SEIZURE_DAY - CaseWorld.START_DAY));
    registrations.put(number, at);
    out.write("+" + number + "," + Instant.ofEpochSecond(at) + ",WEB\n");
  }

  private void writeSwitches(Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("pod,from_supplier,to_supplier,requested_at,agent_firm,agent_id\n");
      String[] s = CaseWorld.SUPPLIERS;
      for (int p = 0; p < settings.supplyPoints(); p++) {
        String pod = String.format(Locale.ROOT, "IT001E%08d", 10_000_000 + p);
        int firm = random.nextInt(firms.size());
        String firmName = firms.get(firm).name;
        String agent = firmName + "-ag" + random.nextInt(6);
        int a = random.nextInt(s.length);
        int b = (a + 1 + random.nextInt(s.length - 1)) % s.length;
        int day = CaseWorld.START_DAY + 400 + random.nextInt(900);
        int kind = p % 10; // 0-1: reverse within 90 days; 2: back after the window; 3: on to a third supplier; else one switch
        line(out, pod, s[a], s[b], day, firmName, agent);
        if (kind <= 1) {
          int back = day + 5 + random.nextInt(80);
          boolean otherFirm = random.nextDouble() < 0.2;
          String backFirm = otherFirm ? firms.get((firm + 1) % firms.size()).name : firmName;
          String backAgent = otherFirm ? backFirm + "-ag" + random.nextInt(6) : agent;
          line(out, pod, s[b], s[a], back, backFirm, backAgent);
          reversePods.add(pod);
          reversePerFirm.merge(firmName, 1L, Long::sum);
          if (!backFirm.equals(firmName)) {
            reversePerFirm.merge(backFirm, 1L, Long::sum);
          }
          commissionsPerFirm.merge(firmName, 40.0 + 10 * b, Double::sum);
          commissionsPerFirm.merge(backFirm, 40.0 + 10 * a, Double::sum);
        } else if (kind == 2) {
          line(out, pod, s[b], s[a], day + 100 + random.nextInt(100), firmName, agent);
        } else if (kind == 3) {
          int c = (b + 1) % s.length == a ? (b + 2) % s.length : (b + 1) % s.length;
          line(out, pod, s[b], s[c], day + 10 + random.nextInt(50), firmName, agent);
        }
      }
    }
  }

  private void line(BufferedWriter out, String pod, String from, String to, int day, String firm, String agent) throws IOException {
    out.write(pod + "," + from + "," + to + "," + LocalDate.ofEpochDay(day) + "T10:00:00," + firm + "," + agent + "\n");
  }

}
