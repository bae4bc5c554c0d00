package org.opendnc.core.check;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.index.IndexView;
import org.opendnc.core.index.NumberSet;
import org.opendnc.core.number.E164Numbers;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.receipt.Receipt;

/**
 * Checks (scrubs) a CSV call list against the opposition index as a stream: every input row is
 * written out unchanged with three columns added ({@code e164}, {@code verdict}, {@code reason}).
 *
 * <p>Not thread-safe: use one instance per check. The index view must not change during a check
 * (a {@link org.opendnc.core.index.LiveIndex.View} never does), so the whole list is checked
 * against one register version.
 */
public final class ListChecker {
  /*
   * This is the measured hot path of a check (docs/benchmarks.md), so it works on bytes:
   *
   * - The input is read in large chunks into one buffer. A row is scanned in place; the phone
   *   cell is handed to NumberParser.parseE164(byte[], off, len) without creating a String. The
   *   row's bytes are copied to the output unchanged, and the added columns are appended before
   *   the row's own line terminator (LF or CRLF is kept as found).
   * - CSV follows RFC 4180: a field that starts with a double quote runs to the matching quote,
   *   doubled quotes are escaped quotes, and a quoted field may hold delimiters and line breaks.
   *   The delimiter is whatever of , ; TAB | occurs most in the header line (Italian spreadsheets
   *   write ';').
   * - A row that is incomplete at the end of the buffer is moved to the front and the buffer is
   *   refilled. A row longer than MAX_RECORD_BYTES is refused with its line number: it is almost
   *   always a quote that never closes, and refusing it bounds memory for hostile files.
   * - Reading and hashing the input, and hashing and writing the output, run on two background
   *   threads (HashingPipe). The main thread only finds the rows (a quoted field may hold line
   *   breaks, so this is sequential; RowScanner does it 64 bytes at a time) and hands them over
   *   in batches of BATCH_ROWS to WORKERS threads, which parse the phone cells, look the numbers up through the view's Lookup (the
   *   lookups of a batch overlap their cache misses) and format the rows into the batch's own
   *   output buffer. The main thread writes the batches' outputs in list order.
   * - The numbers found callable go to a NumberSet.Builder and become a set once, at the end.
   * - Nothing is dropped: a row without a phone cell, an empty cell, an invalid or a foreign
   *   number all get the verdict INVALID with a reason code, and every row is counted.
   */

  /** The longest record (row) accepted, in bytes. */
  public static final int MAX_RECORD_BYTES = 1 << 20;

  /** Input buffer; a partial record is at most MAX_RECORD_BYTES, so a refill always adds bytes. */
  private static final int CHUNK_BYTES = 1 << 22;
  private static final int BINARY_SNIFF_BYTES = 1 << 16;
  /** Rows decided together (their lookups overlap in memory, see IndexView.Lookup.statesOf). */
  private static final int BATCH_ROWS = 4096;
  /** Threads that decide batches; the main thread finds rows, two more hash and copy bytes. */
  private static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
  /** Bounds the memory of batches waiting to be written (each holds up to ~BATCH_ROWS rows). */
  private static final int MAX_BATCHES_IN_FLIGHT = 4 * WORKERS;
  /** Input buffers of CHUNK_BYTES: one being scanned, the others still read by batches. */
  private static final int INPUT_BUFFERS = 3;

  private final NumberParser parser;
  private final IndexView index;
  private final int countryCode;
  private final LawfulBasis.Lookup bases;

  /**
   * @param parser parses the phone cells; its country code is the register's: valid numbers of
   *     other countries are reported as {@link Reason#FOREIGN_NUMBER}
   * @param index the register state to check against, at one version
   */
  public ListChecker(NumberParser parser, IndexView index) {
    this(parser, index, null);
  }

  /**
   * A checker that also honours an operator's consents and contracts: an opposed number with a
   * {@link LawfulBasis} is CALLABLE with reason CONSENT or CONTRACT, and every row gets two more
   * columns, {@code record_id} and {@code leaf_index} (empty when no basis applies).
   *
   * @param bases the operator's lawful bases at the check's time, or {@code null} when it holds
   *     none (the output then has the three usual columns only)
   */
  public ListChecker(NumberParser parser, IndexView index, LawfulBasis.Lookup bases) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.index = Objects.requireNonNull(index, "index");
    this.countryCode = parser.countryCode();
    this.bases = bases;
  }

  /**
   * Checks the list read from {@code in} and writes the result to {@code out}. Neither stream is
   * closed.
   *
   * @param progress receives the number of input bytes consumed so far, once per chunk; may be
   *     {@code null}
   * @throws DncException for input that is not a usable CSV list (empty, binary, no phone column,
   *     unbalanced quote, a record longer than {@link #MAX_RECORD_BYTES})
   * @throws IOException when reading or writing fails
   */
  public CheckResult check(InputStream in, OutputStream out, CheckOptions options, LongConsumer progress)
      throws IOException {
    try (HashingPipe.Reader reader = new HashingPipe.Reader(in, sha256());
        HashingPipe.Writer writer = new HashingPipe.Writer(out, sha256())) {
      return check(new Input(reader, progress), new Output(writer), options);
    }
  }

  private CheckResult check(Input input, Output output, CheckOptions options) throws IOException {
    Header header = readHeader(input, options.column());
    output.write(input.buf, input.pos, header.contentEnd - input.pos);
    writeAddedHeader(output, header.delimiter, bases != null);
    output.write(input.buf, header.contentEnd, header.rowEnd - header.contentEnd);
    if (header.rowEnd < input.limit) {
      output.write((byte) '\n');
      input.pos = header.rowEnd + 1;
    } else {
      input.pos = header.rowEnd;
    }
    long line = 2 + header.newlinesInside;

    Rules rules = new Rules(parser, countryCode, index.lookupFor(options.operator()), (byte) header.delimiter,
        options.onlyCallable(), bases);
    RowScanner rows = new RowScanner(rules.delimiter, header.phoneColumn);
    Totals totals = new Totals();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS, ListChecker::workerThread);
    InFlight inFlight = new InFlight(output, totals);
    NumberSet callable;
    try {
      boolean more = true;
      while (more) {
        // The main thread finds the rows (quotes make this sequential); workers parse, look up and
        // format them; their outputs are written in list order. Batches point into the input
        // buffer they were found in, so a refill moves on to another buffer (InFlight recycles a
        // buffer once every batch in it is written): scanning never waits for the workers.
        Batch batch = inFlight.spareBatch();
        boolean refill = false;
        byte[] buf = input.buf;
        while (batch.size < BATCH_ROWS) {
          int rowStart = input.pos;
          if (rowStart >= input.limit) {
            refill = true;
            break;
          }
          int rowEnd = rows.next(buf, rowStart, input.limit, input.eof, line);
          if (rowEnd < 0) {
            refill = true;
            break;
          }
          if (rowEnd - rowStart > MAX_RECORD_BYTES) {
            throw tooLong(line);
          }
          int contentEnd = rowEnd;
          if (contentEnd > rowStart && buf[contentEnd - 1] == '\r') {
            contentEnd--;
          }
          batch.addRow(rowStart, contentEnd, rowEnd, rowEnd < input.limit, rows.phoneStart,
              Math.min(rows.phoneEnd, contentEnd));
          line += 1 + rows.newlinesInRow;
          input.pos = rowEnd < input.limit ? rowEnd + 1 : rowEnd;
        }
        if (batch.size > 0) {
          inFlight.submit(batch, buf, workers.submit(() -> batch.decide(buf, rules)));
        } else {
          inFlight.recycle(batch);
        }
        while (inFlight.size() >= MAX_BATCHES_IN_FLIGHT) {
          inFlight.writeOldest(input.buf);
        }
        if (refill) {
          more = input.eof ? input.fill(line) : input.fill(line, inFlight.freeBuffer(input.buf));
          rows.reset();
        }
      }
      while (inFlight.size() > 0) {
        inFlight.writeOldest(input.buf);
      }
      // The workers are idle now: this thread and one of them sort the callable numbers into the
      // set while the output's last blocks are hashed and written.
      callable = totals.callableSet(workers);
    } finally {
      workers.shutdownNow();
    }
    byte[] outputSha256 = output.finish();
    return new CheckResult(
        totals.counts(), input.reader.digest(), outputSha256, callable, header.phoneColumnName,
        header.delimiter);
  }

  private static Thread workerThread(Runnable task) {
    Thread thread = new Thread(task, "opendnc-check-worker");
    thread.setDaemon(true);
    return thread;
  }

  private static Batch await(Future<Batch> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking the list");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IOException(e.getCause());
    }
  }

  static DncException tooLong(long line) {
    return new DncException(
        ErrorCode.RECORD_TOO_LONG,
        "line " + line + ": the record is longer than " + MAX_RECORD_BYTES / 1024
            + " KiB. This is usually a quote that is never closed; check the quotes on that line.");
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '"' && c != '\'') {
        return false;
      }
    }
    return true;
  }

  /** "00", "01", ... "99": two digits per division when formatting numbers. */
  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  /**
   * Writes the decimal digits of a non-negative long into {@code into} at {@code at}; returns the
   * index after the last digit. Two digits per division (a check formats ten million numbers).
   */
  static int writeDigits(long value, byte[] into, int at) {
    int length = 1;
    for (long bound = 10; length < 19 && value >= bound; bound *= 10) {
      length++;
    }
    int p = at + length;
    long v = value;
    while (v >= 100) {
      long quotient = v / 100;
      int pair = (int) (v - quotient * 100) << 1;
      into[--p] = DIGIT_PAIRS[pair + 1];
      into[--p] = DIGIT_PAIRS[pair];
      v = quotient;
    }
    if (v >= 10) {
      int pair = (int) v << 1;
      into[--p] = DIGIT_PAIRS[pair + 1];
      into[--p] = DIGIT_PAIRS[pair];
    } else {
      into[--p] = (byte) ('0' + v);
    }
    return at + length;
  }

  private static final long ASCII_ZEROS = 0x3030303030303030L;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Like {@link #writeDigits}, eight digits per step with no table, for the E.164 numbers of a
   * check (10 to 15 digits): the value is cut into two halves below 10^8, each half turned into
   * eight ASCII digits in one long (SWAR: two lanes divided by 100, then four by 10, with
   * multiply-shifts exact below 10^4 and 10^2), and the leading zeros shifted out. Writes 16 bytes
   * from {@code at} whatever the length: the caller must have room for them and overwrites what
   * follows the returned index.
   */
  static int writeDigitsWide(long value, byte[] into, int at) {
    if (value < 10_000_000L || value >= 10_000_000_000_000_000L) {
      return writeDigits(value, into, at); // fewer than 8 digits or more than 16: not in a check
    }
    long high = value / 100_000_000L;
    long first = eightDigits(high);
    long second = eightDigits(value - high * 100_000_000L);
    int zeros = high == 0 ? 8 : Long.numberOfTrailingZeros(first ^ ASCII_ZEROS) >>> 3;
    if (zeros == 8) {
      LONGS.set(into, at, second);
    } else if (zeros == 0) {
      LONGS.set(into, at, first);
      LONGS.set(into, at + 8, second);
    } else {
      int bits = zeros << 3;
      LONGS.set(into, at, (first >>> bits) | (second << (64 - bits)));
      LONGS.set(into, at + 8, second >>> bits);
    }
    return at + 16 - zeros;
  }

  /**
   * The eight decimal digits of {@code x < 10^8}, leading zeros included, as ASCII bytes, the
   * first digit in the lowest byte.
   */
  private static long eightDigits(long x) {
    long upper = x / 10_000;
    long halves = upper | ((x - upper * 10_000) << 32); // two values below 10^4 in 32-bit lanes
    long hundreds = ((halves * 10_486) >>> 20) & 0x0000_007F_0000_007FL; // each lane / 100
    long pairs = hundreds | ((halves - hundreds * 100) << 16); // four values below 100 in 16-bit lanes
    long tens = ((pairs * 103) >>> 10) & 0x000F_000F_000F_000FL; // each lane / 10
    return (tens | ((pairs - tens * 10) << 8)) | ASCII_ZEROS;
  }

  private static void writeAddedHeader(Output output, char delimiter, boolean withBasis)
      throws IOException {
    String[] names = withBasis
        ? new String[] {"e164", "verdict", "reason", "record_id", "leaf_index"}
        : new String[] {"e164", "verdict", "reason"};
    for (String name : names) {
      output.write((byte) delimiter);
      for (int i = 0; i < name.length(); i++) {
        output.write((byte) name.charAt(i));
      }
    }
  }

  private Header readHeader(Input input, String requestedColumn) throws IOException {
    if (!input.fill(1) || input.limit == 0) {
      throw new DncException(
          ErrorCode.INPUT_EMPTY,
          "the list is empty: expected a header line (e.g. 'name,phone') followed by one row per number.");
    }
    int sniff = Math.min(input.limit, BINARY_SNIFF_BYTES);
    for (int i = 0; i < sniff; i++) {
      if (input.buf[i] == 0) {
        throw new DncException(
            ErrorCode.INPUT_BINARY,
            "the list holds binary data (a NUL byte at offset " + i + "): expected a CSV text file. "
                + "Export the list as CSV (UTF-8) and try again.");
      }
    }
    return Header.parse(input, requestedColumn);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** What every batch of one check needs; immutable, shared by the workers. */
  private record Rules(
      NumberParser parser, int countryCode, IndexView.Lookup lookup, byte delimiter, boolean onlyCallable,
      LawfulBasis.Lookup bases, byte[][] tails, long[][] tailWords) {

    /** Words per tail: the longest tail (",CALLABLE,ALLOWED_BY_SUBSCRIBER") is 31 bytes. */
    static final int TAIL_WORDS = 4;

    Rules(NumberParser parser, int countryCode, IndexView.Lookup lookup, byte delimiter,
        boolean onlyCallable, LawfulBasis.Lookup bases) {
      this(parser, countryCode, lookup, delimiter, onlyCallable, bases, tails(delimiter));
    }

    private Rules(NumberParser parser, int countryCode, IndexView.Lookup lookup, byte delimiter,
        boolean onlyCallable, LawfulBasis.Lookup bases, byte[][] tails) {
      this(parser, countryCode, lookup, delimiter, onlyCallable, bases, tails, words(tails));
    }

    /** Each tail zero-padded to TAIL_WORDS little-endian longs, written without a copy loop. */
    private static long[][] words(byte[][] tails) {
      long[][] words = new long[tails.length][];
      for (int r = 0; r < tails.length; r++) {
        if (tails[r].length > TAIL_WORDS * Long.BYTES) {
          throw new IllegalStateException("a verdict and reason longer than " + TAIL_WORDS + " words");
        }
        byte[] padded = Arrays.copyOf(tails[r], TAIL_WORDS * Long.BYTES);
        words[r] = new long[TAIL_WORDS];
        for (int w = 0; w < TAIL_WORDS; w++) {
          words[r][w] = (long) LONGS.get(padded, w * Long.BYTES);
        }
      }
      return words;
    }

    /** Per reason, what follows the e164 cell: delimiter, verdict, delimiter, reason (one copy). */
    private static byte[][] tails(byte delimiter) {
      Reason[] reasons = Reason.values();
      byte[][] tails = new byte[reasons.length][];
      for (Reason why : reasons) {
        byte[] verdict = why.verdictBytes();
        byte[] reason = why.reasonBytes();
        byte[] tail = new byte[verdict.length + reason.length + 2];
        tail[0] = delimiter;
        System.arraycopy(verdict, 0, tail, 1, verdict.length);
        tail[verdict.length + 1] = delimiter;
        System.arraycopy(reason, 0, tail, verdict.length + 2, reason.length);
        tails[why.ordinal()] = tail;
      }
      return tails;
    }
  }

  /**
   * Rows found by the main thread and decided by a worker: the worker parses each phone cell,
   * looks the numbers up together (IndexView.Lookup.statesOf overlaps their cache misses) and formats
   * the rows with the three added columns into {@link #out}, which the main thread then writes in
   * list order. Confined to one thread at a time; handed over through the executor's futures.
   */
  static final class Batch {
    final int[] rowStart = new int[BATCH_ROWS];
    final int[] contentEnd = new int[BATCH_ROWS];
    final int[] rowEnd = new int[BATCH_ROWS];
    final boolean[] terminated = new boolean[BATCH_ROWS];
    final int[] phoneStart = new int[BATCH_ROWS];
    final int[] phoneEnd = new int[BATCH_ROWS];
    final long[] e164 = new long[BATCH_ROWS];
    final Reason[] reason = new Reason[BATCH_ROWS];
    final LawfulBasis[] basis = new LawfulBasis[BATCH_ROWS];
    private final int[] lookupRow = new int[BATCH_ROWS];
    private final long[] lookupNumber = new long[BATCH_ROWS];
    private final IndexView.State[] states = new IndexView.State[BATCH_ROWS];
    byte[] out = new byte[1 << 16];
    int outSize;
    final long[] callable = new long[BATCH_ROWS];
    int callableSize;
    long callableRows;
    long blockedRows;
    long invalidRows;
    int size;

    /** Adds a row found by the main thread; {@code phoneStart} is -1 when the row has no phone cell. */
    void addRow(int start, int contentEnd, int rowEnd, boolean terminated, int phoneStart, int phoneEnd) {
      int i = size++;
      this.rowStart[i] = start;
      this.contentEnd[i] = contentEnd;
      this.rowEnd[i] = rowEnd;
      this.terminated[i] = terminated;
      this.phoneStart[i] = phoneStart;
      this.phoneEnd[i] = phoneEnd;
    }

    /** Decides and formats every row (on a worker thread); returns this batch. */
    Batch decide(byte[] buf, Rules rules) {
      int keys = 0;
      for (int i = 0; i < size; i++) {
        int from = phoneStart[i];
        int to = phoneEnd[i];
        long number = NumberParser.INVALID;
        Reason why;
        if (from < 0 || isBlank(buf, from, to)) {
          why = Reason.MISSING_NUMBER;
        } else {
          number = rules.parser.parseE164(buf, from, to - from);
          if (number == NumberParser.INVALID) {
            why = Reason.INVALID_NUMBER;
          } else if (!E164Numbers.hasCountryCode(number, rules.countryCode)) {
            why = Reason.FOREIGN_NUMBER;
          } else {
            why = null; // decided by the lookup below
            lookupRow[keys] = i;
            lookupNumber[keys++] = number;
          }
        }
        e164[i] = number;
        reason[i] = why;
        basis[i] = null;
      }
      rules.lookup.statesOf(lookupNumber, keys, states);
      LawfulBasis.Lookup bases = rules.bases;
      // Registered or not is a coin toss per row for the branch predictor: the reason comes from a
      // table and the callable number is written whatever the verdict, the count moving only if
      // it is callable.
      int callables = callableSize;
      for (int k = 0; k < keys; k++) {
        Reason why = REASON_OF_STATE[states[k].ordinal()];
        if (bases != null && why == Reason.REGISTERED) {
          // Only opposed numbers are looked up in the operator's consents and contracts.
          LawfulBasis found = bases.find(lookupNumber[k]);
          if (found != null) {
            why = found.reason();
            basis[lookupRow[k]] = found;
          }
        }
        callable[callables] = lookupNumber[k];
        callables += why.callable;
        reason[lookupRow[k]] = why;
      }
      callableSize = callables;
      format(buf, rules);
      return this;
    }

    /** The reason of each {@link IndexView.State}, by ordinal. */
    private static final Reason[] REASON_OF_STATE = reasonsOfStates();

    private static Reason[] reasonsOfStates() {
      Reason[] reasons = new Reason[IndexView.State.values().length];
      for (IndexView.State state : IndexView.State.values()) {
        reasons[state.ordinal()] = switch (state) {
          case NOT_REGISTERED -> Reason.NOT_REGISTERED;
          case ALLOWED -> Reason.ALLOWED_BY_SUBSCRIBER;
          case OPPOSED -> Reason.REGISTERED;
        };
      }
      return reasons;
    }

    private void format(byte[] buf, Rules rules) {
      byte delimiter = rules.delimiter;
      byte[][] tails = rules.tails;
      long[][] tailWords = rules.tailWords;
      long[] byVerdict = new long[Verdict.values().length]; // counted without a branch per row
      for (int i = 0; i < size; i++) {
        Reason why = reason[i];
        Verdict verdict = why.verdict();
        byVerdict[verdict.ordinal()]++;
        if (rules.onlyCallable && verdict != Verdict.CALLABLE) {
          continue;
        }
        int length = contentEnd[i] - rowStart[i];
        byte[] tail = tails[why.ordinal()];
        LawfulBasis found = basis[i];
        byte[] id = found == null ? null : found.recordIdBytes();
        // Room for the row, a delimiter, '+' and the 16 bytes writeDigitsWide writes, the tail's
        // padded words, the basis columns and the line terminator.
        ensureRoom(length + 1 + 17 + Rules.TAIL_WORDS * Long.BYTES + (id == null ? 2 : id.length + 24) + 2);
        byte[] o = out;
        int n = outSize;
        System.arraycopy(buf, rowStart[i], o, n, length);
        n += length;
        o[n++] = delimiter;
        if (why != Reason.INVALID_NUMBER && why != Reason.MISSING_NUMBER) {
          o[n++] = '+';
          n = writeDigitsWide(e164[i], o, n);
        }
        // The tail as whole words: its padding is overwritten by what follows.
        long[] words = tailWords[why.ordinal()];
        for (int w = 0; w < Rules.TAIL_WORDS; w++) {
          LONGS.set(o, n + w * Long.BYTES, words[w]);
        }
        n += tail.length;
        if (rules.bases != null) {
          if (found == null) {
            o[n++] = delimiter;
            o[n++] = delimiter;
          } else {
            o[n++] = delimiter;
            System.arraycopy(id, 0, o, n, id.length);
            n += id.length;
            o[n++] = delimiter;
            n = writeDigits(found.leafIndex(), o, n);
          }
        }
        if (contentEnd[i] < rowEnd[i]) {
          o[n++] = '\r';
        }
        // The last row of a file may have no line terminator; the output then has none either.
        if (terminated[i]) {
          o[n++] = '\n';
        }
        outSize = n;
      }
      callableRows += byVerdict[Verdict.CALLABLE.ordinal()];
      blockedRows += byVerdict[Verdict.BLOCKED.ordinal()];
      invalidRows += byVerdict[Verdict.INVALID.ordinal()];
    }

    private void ensureRoom(int bytes) {
      if (out.length - outSize < bytes) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, outSize + bytes));
      }
    }

    /** Empties the batch for reuse (keeps its arrays). */
    void clear() {
      size = 0;
      outSize = 0;
      callableSize = 0;
      callableRows = 0;
      blockedRows = 0;
      invalidRows = 0;
    }
  }

  /**
   * The batches handed to workers, oldest first, and the input buffers they point into (main
   * thread only). A buffer is reused once no batch in flight points into it.
   */
  private static final class InFlight {
    private final Output output;
    private final Totals totals;
    private final ArrayDeque<Future<Batch>> futures = new ArrayDeque<>();
    private final ArrayDeque<byte[]> buffersOfFutures = new ArrayDeque<>();
    private final IdentityHashMap<byte[], Integer> batchesPerBuffer = new IdentityHashMap<>();
    private final ArrayDeque<byte[]> freeBuffers = new ArrayDeque<>();
    private final ArrayDeque<Batch> spareBatches = new ArrayDeque<>();
    private int buffersAllocated = 1; // the Input's first buffer

    InFlight(Output output, Totals totals) {
      this.output = output;
      this.totals = totals;
    }

    int size() {
      return futures.size();
    }

    Batch spareBatch() {
      return spareBatches.isEmpty() ? new Batch() : spareBatches.pop();
    }

    void recycle(Batch batch) {
      batch.clear();
      spareBatches.push(batch);
    }

    void submit(Batch batch, byte[] buffer, Future<Batch> future) {
      futures.add(future);
      buffersOfFutures.add(buffer);
      batchesPerBuffer.merge(buffer, 1, Integer::sum);
    }

    /** Waits for the oldest batch, writes its output and frees its buffer if it was the last user. */
    void writeOldest(byte[] current) throws IOException {
      Batch done = await(futures.poll());
      byte[] buffer = buffersOfFutures.poll();
      // The batch's output goes to the writer as it is; the batch continues in an array the
      // writer has finished with (or a new one while the pipeline fills).
      if (done.outSize > 0) {
        output.handOver(done.out, done.outSize);
        byte[] next = output.writer.handedBack();
        done.out = next != null ? next : new byte[done.out.length];
      }
      totals.add(done);
      recycle(done);
      int left = batchesPerBuffer.merge(buffer, -1, Integer::sum);
      if (left == 0) {
        batchesPerBuffer.remove(buffer);
        if (buffer != current) {
          freeBuffers.push(buffer);
        }
      }
    }

    /**
     * A buffer for the next refill, other than {@code current} (whose unread bytes are copied over):
     * a free one, a new one while fewer than INPUT_BUFFERS exist, or the first to come free.
     */
    byte[] freeBuffer(byte[] current) throws IOException {
      byte[] next = freeBuffers.poll();
      while (next == null) {
        if (buffersAllocated < INPUT_BUFFERS) {
          buffersAllocated++;
          next = new byte[current.length];
        } else {
          writeOldest(current); // frees a buffer once its last batch is written
          next = freeBuffers.poll();
        }
      }
      // From now on `current` is retired: free at once, or when its last batch is written.
      if (!batchesPerBuffer.containsKey(current)) {
        freeBuffers.push(current);
      }
      return next;
    }
  }

  /** The counts and callable numbers of the batches written so far (main thread only). */
  private static final class Totals {
    private final NumberSet.Builder callable = new NumberSet.Builder();
    private long callableRows;
    private long blockedRows;
    private long invalidRows;

    void add(Batch batch) {
      callableRows += batch.callableRows;
      blockedRows += batch.blockedRows;
      invalidRows += batch.invalidRows;
      callable.addAll(batch.callable, batch.callableSize);
    }

    Receipt.Counts counts() {
      return new Receipt.Counts(callableRows + blockedRows + invalidRows, callableRows, blockedRows, invalidRows);
    }

    /** The distinct numbers found callable, sorted into a set by {@code workers}. */
    NumberSet callableSet(ExecutorService workers) {
      return callable.build(workers, WORKERS);
    }
  }

  /** The input side: one growable buffer filled from the read-ahead thread. */
  static final class Input {
    final HashingPipe.Reader reader;
    final LongConsumer progress;
    byte[] buf = new byte[CHUNK_BYTES];
    int pos;
    int limit;
    boolean eof;
    long consumed;

    Input(HashingPipe.Reader reader, LongConsumer progress) {
      this.reader = reader;
      this.progress = progress;
    }

    /**
     * Moves the unconsumed bytes to the front and reads more. Returns false when no unconsumed
     * byte is left and the stream has ended.
     */
    boolean fill(long line) throws IOException {
      return fill(line, buf);
    }

    /**
     * Like {@link #fill(long)}, but continues in {@code into} (the unconsumed bytes are copied to
     * its front) and leaves the current buffer untouched, for batches that still read it.
     */
    boolean fill(long line, byte[] into) throws IOException {
      if (eof) {
        return pos < limit;
      }
      int remaining = limit - pos;
      if (remaining > MAX_RECORD_BYTES) {
        throw tooLong(line);
      }
      if (into != buf) {
        System.arraycopy(buf, pos, into, 0, remaining);
        buf = into;
      } else if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, remaining);
      }
      pos = 0;
      limit = remaining;
      while (limit < buf.length) {
        int n = reader.read(buf, limit, buf.length - limit);
        if (n < 0) {
          eof = true;
          break;
        }
        limit += n;
        consumed += n;
        if (limit - remaining >= CHUNK_BYTES / 2) {
          break;
        }
      }
      if (progress != null) {
        progress.accept(consumed);
      }
      return pos < limit;
    }
  }

  /** The output side: blocks filled here, hashed and written by the write-behind thread. */
  static final class Output {
    final HashingPipe.Writer writer;
    byte[] buf;
    int size;

    Output(HashingPipe.Writer writer) throws IOException {
      this.writer = writer;
      this.buf = writer.emptyBlock();
    }

    void write(byte b) throws IOException {
      if (size == buf.length) {
        submit();
      }
      buf[size++] = b;
    }

    /** Writes {@code data[0, length)} after what was written before, giving up {@code data}. */
    void handOver(byte[] data, int length) throws IOException {
      if (size > 0) {
        submit();
      }
      writer.handOver(data, length);
    }

    void write(byte[] b) throws IOException {
      write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (size == buf.length) {
          submit();
        }
        int n = Math.min(len, buf.length - size);
        System.arraycopy(b, off, buf, size, n);
        size += n;
        off += n;
        len -= n;
      }
    }

    private void submit() throws IOException {
      writer.submit(buf, size);
      buf = writer.emptyBlock();
      size = 0;
    }

    /** Writes what is left and returns the SHA-256 of everything written. */
    byte[] finish() throws IOException {
      if (size > 0) {
        writer.submit(buf, size);
        size = 0;
      }
      return writer.finish();
    }
  }
}
