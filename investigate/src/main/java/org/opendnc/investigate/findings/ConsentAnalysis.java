package org.opendnc.investigate.findings;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.opendnc.investigate.ingest.FirmRecords;
import org.opendnc.investigate.ingest.Keys;
import org.opendnc.investigate.lineage.CaseMerge;
import org.opendnc.investigate.register.Registrations;

/**
 * Flags the records whose consent cannot be relied on, during a merge pass over the case (the
 * earliest holder of each number is known only there). Valid numbers only: an invalid number
 * names no one.
 */
public final class ConsentAnalysis implements CaseMerge.Visitor {
  /*
   * Findings are kept per firm as (record index, finding, value) in growing int arrays: 9 bytes a
   * finding. value is the case's first-held epoch day for CONSENT_BEFORE_HOLDING, the registration
   * minute for CONSENT_REVOKED_BY_REGISTRATION. They are written per firm in line order.
   */
  private final List<FirmRecords> firms;
  private final Registrations.Cursor registrations;
  private final int backdateDays;
  private final ZoneId zone;
  private final org.opendnc.investigate.ingest.ZoneOffsets offsets;
  private final int[][] indexes;
  private final byte[][] kinds;
  private final int[][] values;
  private final int[] counts;
  private final long[] subjects;
  private final long[] withoutValidConsent;
  private final long[][] byFinding;
  private final String[] files;

  /**
   * @param files the file name of each firm (same order as {@code firms})
   * @param backdateDays how long before the first holding a consent date is flagged
   */
  public ConsentAnalysis(List<FirmRecords> firms, List<String> files, Registrations registrations, int backdateDays, ZoneId zone) {
    this.firms = firms;
    this.files = files.toArray(String[]::new);
    this.registrations = registrations.cursor();
    this.backdateDays = backdateDays;
    this.zone = zone;
    this.offsets = new org.opendnc.investigate.ingest.ZoneOffsets(zone);
    int n = firms.size();
    indexes = new int[n][64];
    kinds = new byte[n][64];
    values = new int[n][64];
    counts = new int[n];
    subjects = new long[n];
    withoutValidConsent = new long[n];
    byFinding = new long[n][ConsentFinding.values().length];
  }

  @Override
  public void visit(long key, int holders, int[] firmIndexes, int[] records) {
    if (!Keys.isValid(key)) {
      return;
    }
    int caseFirst = Integer.MAX_VALUE;
    for (int i = 0; i < holders; i++) {
      caseFirst = Math.min(caseFirst, firms.get(firmIndexes[i]).day(records[i]));
    }
    int registered = registrations.latestMinute(key);
    for (int i = 0; i < holders; i++) {
      int f = firmIndexes[i];
      int r = records[i];
      FirmRecords rf = firms.get(f);
      subjects[f]++;
      int consent = rf.consentMinute(r);
      int before = counts[f];
      if (consent == FirmRecords.NO_CONSENT) {
        add(f, r, ConsentFinding.NO_CONSENT, 0);
      } else if (consent == FirmRecords.CONSENT_UNREADABLE) {
        add(f, r, ConsentFinding.CONSENT_UNREADABLE, 0);
      } else {
        if (rf.hasFlag(r, FirmRecords.SHARED_CONSENT)) {
          add(f, r, ConsentFinding.SHARED_CONSENT_TIMESTAMP, 0);
        }
        int consentDay = localDay(consent);
        if (caseFirst != FirmRecords.UNKNOWN_DAY && consentDay < caseFirst - backdateDays) {
          add(f, r, ConsentFinding.CONSENT_BEFORE_HOLDING, caseFirst);
        }
        if (registered != Integer.MIN_VALUE && consent < registered) {
          add(f, r, ConsentFinding.CONSENT_REVOKED_BY_REGISTRATION, registered);
        }
      }
      if (counts[f] > before) {
        withoutValidConsent[f]++;
      }
    }
  }

  private int localDay(int epochMinute) {
    return offsets.localDay(epochMinute * 60L);
  }

  private void add(int f, int record, ConsentFinding finding, int value) {
    int c = counts[f];
    if (c == indexes[f].length) {
      int capacity = c + (c >> 1);
      indexes[f] = Arrays.copyOf(indexes[f], capacity);
      kinds[f] = Arrays.copyOf(kinds[f], capacity);
      values[f] = Arrays.copyOf(values[f], capacity);
    }
    indexes[f][c] = record;
    kinds[f][c] = (byte) finding.ordinal();
    values[f][c] = value;
    counts[f] = c + 1;
    byFinding[f][finding.ordinal()]++;
  }

  /** Per firm: valid numbers held (data subjects), and those without a consent that holds. */
  public record FirmConsent(String firm, long dataSubjects, long withoutValidConsent, Map<ConsentFinding, Long> findings) {}

  public FirmConsent summary(int firm) {
    Map<ConsentFinding, Long> map = new EnumMap<>(ConsentFinding.class);
    for (ConsentFinding finding : ConsentFinding.values()) {
      map.put(finding, byFinding[firm][finding.ordinal()]);
    }
    return new FirmConsent(firms.get(firm).firm(), subjects[firm], withoutValidConsent[firm], map);
  }

  /**
   * Writes one CSV line per finding (firm, file, line, number, finding, detail), per firm in line
   * order, as UTF-8 bytes. 208 M generated rows gave some 140 M findings (18 GB of text), so
   * the lines are built in byte buffers (dates cached per day), in chunks of CHUNK findings
   * formatted by {@code threads} threads and written in order; at most three chunks a thread wait,
   * and the next firm's order is prepared meanwhile.
   */
  public void write(OutputStream out, int threads) throws IOException {
    int workers = Math.max(1, threads);
    byte[][] dayText = new byte[LineBuffer.DAYS][];
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "consent-findings");
      t.setDaemon(true);
      return t;
    });
    java.util.ArrayDeque<java.util.concurrent.Future<LineBuffer>> pending = new java.util.ArrayDeque<>();
    // buffers written go back for reuse: a fresh 6 MB buffer per chunk is a humongous allocation in G1
    java.util.concurrent.ConcurrentLinkedQueue<LineBuffer> free = new java.util.concurrent.ConcurrentLinkedQueue<>();
    try {
      // the next firm's order and numbers are prepared while this one's chunks are formatted
      java.util.concurrent.Future<Prepared> next = firms.isEmpty() ? null : pool.submit(() -> prepare(0));
      for (int f = 0; f < firms.size(); f++) {
        Prepared prepared = get(next);
        int following = f + 1;
        next = following < firms.size() ? pool.submit(() -> prepare(following)) : null;
        int firm = f;
        int c = counts[f];
        for (int from = 0; from < c; from += CHUNK) {
          int start = from;
          int end = Math.min(c, from + CHUNK);
          pending.add(pool.submit(() -> format(firm, firms.get(firm), prepared.order(), prepared.numbers(), prepared.prefix(),
              start, end, reuse(free, dayText))));
          while (pending.size() > 3 * workers) {
            LineBuffer chunk = get(pending.poll());
            out.write(chunk.bytes, 0, chunk.length);
            free.add(chunk);
          }
        }
      }
      while (!pending.isEmpty()) {
        LineBuffer chunk = get(pending.poll());
        out.write(chunk.bytes, 0, chunk.length);
        free.add(chunk);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private LineBuffer reuse(java.util.concurrent.ConcurrentLinkedQueue<LineBuffer> free, byte[][] dayText) {
    LineBuffer buffer = free.poll();
    if (buffer == null) {
      return new LineBuffer(dayText);
    }
    buffer.length = 0;
    return buffer;
  }

  /** A firm's findings in line order, its numbers by record index and its line prefix. */
  private record Prepared(long[] order, long[] numbers, byte[] prefix) {}

  private Prepared prepare(int f) {
    FirmRecords rf = firms.get(f);
    int c = counts[f];
    long[] order = new long[c]; // (line, finding position): the findings of one record stay in order
    for (int i = 0; i < c; i++) {
      order[i] = (long) rf.line(indexes[f][i]) << 32 | i;
    }
    Arrays.parallelSort(order);
    byte[] prefix = (Csv.field(rf.firm()) + "," + Csv.field(files[f]) + ",").getBytes(StandardCharsets.UTF_8);
    return new Prepared(order, numbersOf(rf), prefix);
  }

  /** Findings a formatting task writes: about 5 MB of text. */
  private static final int CHUNK = 65_536;

  private static <T> T get(java.util.concurrent.Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while writing the consent findings");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The lines of findings [start, end) of a firm (in line order), into the buffer. */
  private LineBuffer format(int f, FirmRecords rf, long[] order, long[] numbers, byte[] prefix, int start, int end,
      LineBuffer line) {
    line.ensure((end - start) * 100);
    for (int k = start; k < end; k++) {
      int i = (int) order[k];
      int record = indexes[f][i];
      ConsentFinding finding = FINDINGS[kinds[f][i]];
      int consent = rf.consentMinute(record);
      line.append(prefix).append(rf.line(record)).append(COMMA_PLUS).append(numbers[record]).append(',')
          .append(FINDING_NAMES[finding.ordinal()]).append(',');
      switch (finding) { // the details hold no quote; those with a comma are quoted (Csv.field)
        case NO_CONSENT -> line.append(NO_CONSENT_DETAIL);
        case CONSENT_UNREADABLE -> line.append(UNREADABLE_DETAIL);
        case SHARED_CONSENT_TIMESTAMP -> line.append(CONSENT).appendMinute(consent).append(SHARED_DETAIL);
        case CONSENT_BEFORE_HOLDING -> {
          int consentDay = localDay(consent);
          line.append('"').append(CONSENT).appendDay(consentDay).append(FIRST_HELD).appendDay(values[f][i])
              .append(' ').append('(').append(values[f][i] - consentDay).append(DAYS_LATER);
        }
        case CONSENT_REVOKED_BY_REGISTRATION -> line.append('"').append(CONSENT).appendMinute(consent)
            .append(REGISTERED).appendMinute(values[f][i]).append('"');
      }
      line.append('\n');
    }
    return line;
  }

  private static final ConsentFinding[] FINDINGS = ConsentFinding.values();
  private static final byte[][] FINDING_NAMES = Arrays.stream(FINDINGS).map(f -> ascii(f.name())).toArray(byte[][]::new);
  private static final byte[] COMMA_PLUS = ascii(",+");
  private static final byte[] NO_CONSENT_DETAIL = ascii("no consent date");
  private static final byte[] UNREADABLE_DETAIL = ascii("the consent cell is not a date");
  private static final byte[] CONSENT = ascii("consent ");
  private static final byte[] SHARED_DETAIL = ascii(" carried by many rows of the file");
  private static final byte[] FIRST_HELD = ascii(", first held in the case ");
  private static final byte[] DAYS_LATER = ascii(" days later)\"");
  private static final byte[] REGISTERED = ascii(", registered in the register ");

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** One output line as bytes; local dates "yyyy-MM-dd" cached per epoch day. */
  private final class LineBuffer {
    private static final int FIRST_DAY = -25_567; // 1900-01-01
    static final int DAYS = 110_000; // to 2201
    private final byte[][] dayText; // shared by the tasks: each entry is written whole, always the same
    byte[] bytes = new byte[1 << 16];
    int length;

    LineBuffer(byte[][] dayText) {
      this.dayText = dayText;
    }

    void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }

    LineBuffer append(byte[] text) {
      ensure(text.length);
      System.arraycopy(text, 0, bytes, length, text.length);
      length += text.length;
      return this;
    }

    LineBuffer append(char c) {
      ensure(1);
      bytes[length++] = (byte) c;
      return this;
    }

    LineBuffer append(long value) {
      ensure(20);
      if (value < 0) {
        if (value == Long.MIN_VALUE) {
          return append(ascii(Long.toString(value)));
        }
        bytes[length++] = '-';
        value = -value;
      }
      int digits = 1;
      for (long v = value; v >= 10; v /= 10) {
        digits++;
      }
      int at = length + digits;
      length = at;
      do {
        long q = value / 10;
        bytes[--at] = (byte) ('0' + (value - q * 10));
        value = q;
      } while (value != 0);
      return this;
    }

    LineBuffer appendDay(int epochDay) {
      int index = epochDay - FIRST_DAY;
      if (index < 0 || index >= DAYS) {
        return append(ascii(LocalDate.ofEpochDay(epochDay).toString()));
      }
      byte[] text = dayText[index];
      if (text == null) {
        text = ascii(LocalDate.ofEpochDay(epochDay).toString());
        dayText[index] = text;
      }
      return append(text);
    }

    /** "yyyy-MM-dd HH:mm", local time of an epoch minute. */
    LineBuffer appendMinute(int epochMinute) {
      long seconds = epochMinute * 60L;
      long local = seconds + offsets.offsetSeconds(seconds);
      int minuteOfDay = (int) (Math.floorMod(local, 86_400L) / 60);
      appendDay((int) Math.floorDiv(local, 86_400L));
      ensure(6);
      int hour = minuteOfDay / 60;
      int minute = minuteOfDay % 60;
      bytes[length++] = ' ';
      bytes[length++] = (byte) ('0' + hour / 10);
      bytes[length++] = (byte) ('0' + hour % 10);
      bytes[length++] = ':';
      bytes[length++] = (byte) ('0' + minute / 10);
      bytes[length++] = (byte) ('0' + minute % 10);
      return this;
    }
  }

  /** The keys of a firm by record index (valid numbers only are ever asked for). */
  private static long[] numbersOf(FirmRecords records) {
    long[] keys = new long[records.size()];
    FirmRecords.Cursor cursor = records.cursor();
    while (cursor.hasNext()) {
      long key = cursor.next();
      keys[cursor.index()] = key;
    }
    return keys;
  }
}
