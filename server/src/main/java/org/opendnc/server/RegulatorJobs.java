package org.opendnc.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.opendnc.audit.AuditJob;
import org.opendnc.audit.ReasonCode;
import org.opendnc.audit.RejectedRow;
import org.opendnc.audit.VerdictWriter;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.profile.Profile;
import org.opendnc.investigate.Investigation;
import org.opendnc.investigate.InvestigationOptions;
import org.opendnc.investigate.InvestigationResult;
import org.opendnc.investigate.ingest.FileSummary;
import org.opendnc.investigate.register.StoreRegisterSource;
import org.opendnc.store.RegisterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The regulator's background jobs (issues 5 and 6): call audits and investigations of seized
 * databases, uploaded to the data directory, run one at a time, their state and outputs kept on
 * disk. Thread-safe.
 */
final class RegulatorJobs implements AutoCloseable {

  /*
   * Layout: DATA/regulator/<kind>/<id>/job.json (the state, rewritten atomically at each change),
   * input/ (the upload: calls.csv and the optional consents.csv and contracts.csv of an audit, or
   * case.zip and the unpacked case), output/ (what the job wrote, offered for download).
   * Uploads are streamed to input/ under a size limit, never held in memory.
   *
   * One runner thread (RUNNING_JOBS) takes the jobs in order: an audit or an investigation already
   * uses every core, so two at once would only halve each. At most MAX_QUEUED wait behind it;
   * beyond that an upload is refused (SERVICE_UNAVAILABLE) before it is read.
   *
   * Restarts are honest (decision 0030): a job is QUEUED or RUNNING only while this process holds
   * it. At start every job found QUEUED or RUNNING on disk is marked INTERRUPTED (its process is
   * gone); at close the queued and running ones are marked INTERRUPTED before the register closes.
   * Nothing is resumed: the regulator uploads again.
   */

  private static final Logger LOG = LoggerFactory.getLogger(RegulatorJobs.class);
  static final int RUNNING_JOBS = 1;
  static final int MAX_QUEUED = 16;
  private static final int STEPS_KEPT = 50;
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String JOB_FILE = "job.json";
  /** The firm's consents and contracts an audit may take, by their names in input/. */
  private static final String CONSENTS = "consents.csv";
  private static final String CONTRACTS = "contracts.csv";

  /** What a job does; also its folder and the API's path segment. */
  enum Kind {
    AUDIT("audits"),
    INVESTIGATION("investigations");

    final String plural;

    Kind(String plural) {
      this.plural = plural;
    }
  }

  /** Where a job is. QUEUED and RUNNING only while this process holds it. */
  enum Status {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    INTERRUPTED;

    boolean finished() {
      return this != QUEUED && this != RUNNING;
    }
  }

  /** A row of an input that could not be used. */
  record Reject(long line, String reason, String detail) {}

  /**
   * What a finished job found.
   *
   * @param counts named figures (calls, violations, firms, ...), in a stable order
   * @param violationsByCode an audit's violations per reason code (every code, zeros included)
   * @param rejectedRows how many input rows could not be used
   * @param rejects the first of them, with their lines
   * @param problems per-file problems of an investigation (a file that could not be read)
   */
  record Summary(Map<String, Long> counts, Map<String, Long> violationsByCode, long rejectedRows,
      List<Reject> rejects, List<String> problems) {}

  /**
   * A job's state.
   *
   * @param phase what it is doing, or did last
   * @param steps the phases passed so far (the latest {@value #STEPS_KEPT})
   * @param errorCode the stable code of a failure; {@code error} its message
   * @param outputs the files that can be downloaded
   */
  record Job(String id, Kind kind, Status status, String owner, String profile, String upload,
      long uploadBytes, boolean register, Instant createdAt, Instant startedAt, Instant finishedAt,
      String phase, List<String> steps, String errorCode, String error, List<String> outputs,
      Summary summary) {

    Job with(Status newStatus, String newPhase) {
      List<String> newSteps = steps;
      if (newPhase != null && !newPhase.equals(phase)) {
        List<String> all = new ArrayList<>(steps);
        all.add(newPhase);
        newSteps = List.copyOf(all.subList(Math.max(0, all.size() - STEPS_KEPT), all.size()));
      }
      return new Job(id, kind, newStatus, owner, profile, upload, uploadBytes, register, createdAt,
          startedAt, finishedAt, newPhase == null ? phase : newPhase, newSteps, errorCode, error,
          outputs, summary);
    }
  }

  private final Path root;
  private final RegisterStore store;
  /** The register's public key: audits verify the stored receipts against it. */
  private final PublicKey receiptKey;
  private final Clock clock;
  private final long maxUploadBytes;
  private final int maxQueued;
  private final ThreadPoolExecutor runner;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private volatile boolean closing;

  /**
   * Opens the jobs folder under {@code dataDir}, marking the jobs a previous process left
   * unfinished as INTERRUPTED.
   *
   * @param receiptKey the register's public key, against which audits verify the stored receipts
   * @param maxUploadBytes the largest upload (call records or a case archive), and the most a case
   *     archive may unpack to is 16 times that
   */
  RegulatorJobs(Path dataDir, RegisterStore store, PublicKey receiptKey, Clock clock, long maxUploadBytes) {
    this(dataDir, store, receiptKey, clock, maxUploadBytes, MAX_QUEUED);
  }

  /** As above, with at most {@code maxQueued} jobs waiting behind the running one. */
  RegulatorJobs(Path dataDir, RegisterStore store, PublicKey receiptKey, Clock clock, long maxUploadBytes,
      int maxQueued) {
    this.receiptKey = receiptKey;
    this.maxQueued = maxQueued;
    this.root = dataDir.toAbsolutePath().resolve("regulator");
    this.store = store;
    this.clock = clock;
    this.maxUploadBytes = maxUploadBytes;
    this.runner = new ThreadPoolExecutor(RUNNING_JOBS, RUNNING_JOBS, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "regulator-job");
          thread.setDaemon(true);
          return thread;
        });
    for (Kind kind : Kind.values()) {
      Path folder = root.resolve(kind.plural);
      try {
        Files.createDirectories(folder);
        try (DirectoryStream<Path> found = Files.newDirectoryStream(folder)) {
          for (Path directory : found) {
            load(kind, directory);
          }
        }
      } catch (IOException e) {
        throw new DncException(ErrorCode.STORE_UNAVAILABLE, "cannot use " + folder + " for the"
            + " regulator's jobs: " + e.getMessage() + ". Check the data directory.", e);
      }
    }
  }

  private void load(Kind kind, Path directory) {
    Path file = directory.resolve(JOB_FILE);
    if (!ID.matcher(directory.getFileName().toString()).matches() || !Files.isRegularFile(file)) {
      return;
    }
    try {
      Job job = Json.MAPPER.readValue(file.toFile(), Job.class);
      if (job.kind() != kind || !job.id().equals(directory.getFileName().toString())) {
        LOG.warn("{} names another job; left alone", file);
        return;
      }
      if (!job.status().finished()) {
        job = interrupted(job, "the server restarted before this job finished; upload it again.");
        save(job);
      }
      jobs.put(job.id(), job);
    } catch (IOException e) {
      LOG.warn("{} cannot be read ({}); the job is not listed", file, e.getMessage());
    }
  }

  private Job interrupted(Job job, String why) {
    Job stopped = job.with(Status.INTERRUPTED, job.phase());
    return new Job(stopped.id(), stopped.kind(), stopped.status(), stopped.owner(),
        stopped.profile(), stopped.upload(), stopped.uploadBytes(), stopped.register(),
        stopped.createdAt(), stopped.startedAt(), now(), stopped.phase(), stopped.steps(),
        "INTERRUPTED", why, List.of(), null); // a stopped job's files may be incomplete: none offered
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The largest upload accepted, in bytes. */
  long maxUploadBytes() {
    return maxUploadBytes;
  }

  // ---- submitting ----

  /**
   * Receives call records, and the firm's consents and contracts when given, and queues their
   * audit.
   *
   * @param uploadName the client's name for the call records (shown only)
   * @param consents the firm's consents (CSV), or {@code null}; {@code contracts} likewise. Each
   *     is held to the limit of the call records; an empty one is as none (it proves nothing)
   * @throws DncException INVALID_ARGUMENT (unknown profile), SERVICE_UNAVAILABLE (queue full),
   *     REQUEST_TOO_LARGE, INPUT_EMPTY (no call records)
   */
  Job submitAudit(String owner, String uploadName, InputStream calls, InputStream consents,
      InputStream contracts, String profileCode) {
    String profile = profile(profileCode);
    Map<String, InputStream> sideFiles = new LinkedHashMap<>();
    if (consents != null) {
      sideFiles.put(CONSENTS, consents);
    }
    if (contracts != null) {
      sideFiles.put(CONTRACTS, contracts);
    }
    return submit(Kind.AUDIT, owner, uploadName, calls, sideFiles, profile, false, "calls.csv",
        upload -> {});
  }

  /**
   * Receives a case archive, checks it (names, links, sizes) and queues its investigation.
   *
   * @param register read the server's own register (for consents revoked by registration, and
   *     calls while opposed with {@code inputs/calls.csv})
   * @throws DncException as {@link #submitAudit}, and ARCHIVE_UNSAFE, ARCHIVE_TOO_LARGE
   */
  Job submitInvestigation(String owner, String uploadName, InputStream body, String profileCode,
      boolean register) {
    String profile = profile(profileCode);
    return submit(Kind.INVESTIGATION, owner, uploadName, body, Map.of(), profile, register,
        "case.zip", upload -> archive().check(upload));
  }

  private CaseArchive archive() {
    return new CaseArchive(maxUploadBytes * 16);
  }

  private static String profile(String code) {
    return Profile.forCode(code == null || code.isBlank() ? Profile.DEFAULT_CODE : code.strip())
        .code();
  }

  /**
   * Streams the upload to the job's input folder as {@code inputName} and queues the job; on any
   * refusal no folder is left.
   *
   * @param sideFiles further files by their name in the input folder, received after the main one
   *     under the same limit; an empty one is not kept
   */
  private Job submit(Kind kind, String owner, String uploadName, InputStream body,
      Map<String, InputStream> sideFiles, String profile, boolean register, String inputName,
      java.util.function.Consumer<Path> check) {
    if (closing) {
      throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, "the server is shutting down; upload"
          + " again in a moment.");
    }
    if (runner.getQueue().size() >= maxQueued) {
      throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, maxQueued + " jobs are waiting"
          + " already; upload again when one has finished.");
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    Path directory = root.resolve(kind.plural).resolve(id);
    Path input = directory.resolve("input").resolve(inputName);
    boolean kept = false;
    try {
      Files.createDirectories(input.getParent());
      Files.createDirectories(directory.resolve("output"));
      long bytes = receive(body, input);
      if (bytes == 0) {
        throw new DncException(ErrorCode.INPUT_EMPTY, "the upload is empty: choose a file.");
      }
      for (Map.Entry<String, InputStream> side : sideFiles.entrySet()) {
        Path file = input.resolveSibling(side.getKey());
        long sideBytes = receive(side.getValue(), file);
        if (sideBytes == 0) {
          Files.delete(file);
        }
        bytes += sideBytes;
      }
      check.accept(input);
      Instant now = now();
      Job job = new Job(id, kind, Status.QUEUED, owner, profile, shownName(uploadName), bytes,
          register, now, null, null, "queued", List.of("queued"), null, null, List.of(), null);
      save(job);
      jobs.put(id, job);
      kept = true;
      runner.execute(() -> run(id));
      return job;
    } catch (IOException e) {
      throw new DncException(ErrorCode.STORE_UNAVAILABLE, "the upload could not be kept in the"
          + " data directory: " + e.getMessage(), e);
    } finally {
      if (!kept) {
        jobs.remove(id);
        deleteTree(directory);
      }
    }
  }

  /** Streams one uploaded file to {@code file} under the limit; returns its size. */
  private long receive(InputStream body, Path file) {
    try (InputStream limited = new LimitedInputStream(body, maxUploadBytes)) {
      return Files.copy(limited, file);
    } catch (LimitedInputStream.LimitExceededException e) {
      throw tooLarge();
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the upload could not be received to"
          + " its end (" + e.getMessage() + "); send it again.", e);
    }
  }

  DncException tooLarge() {
    return new DncException(ErrorCode.REQUEST_TOO_LARGE, "the upload is larger than "
        + maxUploadBytes + " bytes, the most a job accepts. Split it into parts.");
  }

  private static String shownName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    StringBuilder shown = new StringBuilder();
    base.codePoints().limit(120).filter(c -> c >= 0x20 && c != 0x7f).forEach(shown::appendCodePoint);
    return shown.toString();
  }

  // ---- running ----

  private void run(String id) {
    Job job = jobs.get(id);
    if (job == null || closing || job.status() != Status.QUEUED) {
      return;
    }
    Job running = job.with(Status.RUNNING, "started");
    running = new Job(running.id(), running.kind(), running.status(), running.owner(),
        running.profile(), running.upload(), running.uploadBytes(), running.register(),
        running.createdAt(), now(), null, running.phase(), running.steps(), null, null, List.of(),
        null);
    update(running);
    Path directory = root.resolve(job.kind().plural).resolve(id);
    try {
      Summary summary = job.kind() == Kind.AUDIT ? runAudit(id, directory, job.profile())
          : runInvestigation(id, directory, job.profile(), job.register());
      finish(id, Status.SUCCEEDED, null, null, summary);
    } catch (DncException e) {
      finish(id, Status.FAILED, e.code().name(), e.getMessage(), null);
    } catch (RuntimeException | Error e) {
      if (closing) {
        LOG.info("regulator job {} stopped with the server: {}", id, e.toString());
        return; // already marked INTERRUPTED; the register may be closed under it
      }
      LOG.error("regulator job {} failed", id, e);
      finish(id, Status.FAILED, ErrorCode.INTERNAL.name(), "an internal error stopped the job ("
          + e.getClass().getSimpleName() + "). Report it with the job id " + id + ".", null);
    }
  }

  private void phase(String id, String phase) {
    Job job = jobs.get(id);
    if (job != null && job.status() == Status.RUNNING) {
      update(job.with(Status.RUNNING, phase.length() > 300 ? phase.substring(0, 300) : phase));
    }
  }

  private void finish(String id, Status status, String code, String error, Summary summary) {
    Job job = jobs.get(id);
    if (job == null || job.status() != Status.RUNNING) {
      return; // interrupted by close() meanwhile
    }
    Job done = job.with(status, status == Status.SUCCEEDED ? "done" : "failed");
    update(new Job(done.id(), done.kind(), done.status(), done.owner(), done.profile(),
        done.upload(), done.uploadBytes(), done.register(), done.createdAt(), done.startedAt(),
        now(), done.phase(), done.steps(), code, error, outputs(done), summary));
  }

  private Summary runAudit(String id, Path directory, String profileCode) {
    Path out = directory.resolve("output");
    Path input = directory.resolve("input");
    // The side files are whatever the upload left in input/: their rejected rows go to output/ as
    // consents.csv.rejects.csv and contracts.csv.rejects.csv, beside those of the calls.
    Path consents = present(input, CONSENTS);
    Path contracts = present(input, CONTRACTS);
    AuditJob.Request request = new AuditJob.Request(input.resolve("calls.csv"), consents,
        contracts, out.resolve("verdicts.csv"), out.resolve("report.html"),
        out.resolve("report.pdf"), out.resolve("evidence.json"), out, receiptKey);
    AuditJob.Outcome outcome = AuditJob.run(store, Profile.forCode(profileCode), request,
        line -> phase(id, line), clock);
    phase(id, "writing evidence.csv");
    VerdictWriter.writeEvidence(outcome.result(), out.resolve("evidence.csv"));
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("calls", outcome.summary().calls());
    counts.put("violations", outcome.summary().violations());
    counts.put("affected_numbers", outcome.summary().affectedNumbers());
    counts.put("rejected_rows", outcome.callRejects().count());
    if (consents != null) {
      counts.put("rejected_consent_rows", outcome.consentRejects().count());
    }
    if (contracts != null) {
      counts.put("rejected_contract_rows", outcome.contractRejects().count());
    }
    if (!outcome.refusedReceipts().isEmpty()) {
      // Receipts in the store the register did not sign: named in the report, counted here.
      counts.put("refused_receipts", (long) outcome.refusedReceipts().size());
    }
    counts.put("register_version", outcome.summary().registerVersion());
    Map<String, Long> byCode = new LinkedHashMap<>();
    for (ReasonCode code : ReasonCode.values()) {
      byCode.put(code.name(), outcome.summary().byCode().getOrDefault(code, 0L));
    }
    List<Reject> rejects = new ArrayList<>();
    for (RejectedRow row : outcome.callRejects().first()) {
      rejects.add(new Reject(row.line(), row.reason(), row.detail()));
    }
    return new Summary(counts, byCode, outcome.callRejects().count(), rejects, List.of());
  }

  private Summary runInvestigation(String id, Path directory, String profileCode,
      boolean register) {
    Path caseDirectory = directory.resolve("input").resolve("case");
    Path inputs = directory.resolve("input").resolve(CaseArchive.INPUTS);
    try {
      Files.createDirectories(caseDirectory);
      Files.createDirectories(inputs);
    } catch (IOException e) {
      throw new DncException(ErrorCode.STORE_UNAVAILABLE, "the case cannot be unpacked in the"
          + " data directory: " + e.getMessage(), e);
    }
    phase(id, "unpacking the case");
    archive().unpack(directory.resolve("input").resolve("case.zip"), caseDirectory, inputs);
    Path out = directory.resolve("output");
    InvestigationOptions defaults = InvestigationOptions.of(caseDirectory, out);
    InvestigationOptions options = new InvestigationOptions(caseDirectory, out,
        register ? "the register of this server" : null, null, null,
        present(inputs, "calls.csv"), present(inputs, "switches.csv"),
        present(inputs, "honeypots.txt", "honeypots.csv"),
        present(inputs, "mapping.json", "mapping.yaml", "mapping.yml"),
        present(inputs, "commissions.csv"), present(inputs, "turnover.csv"), profileCode,
        defaults.windowDays(), defaults.backdateDays(), defaults.sharedConsentRows(),
        defaults.maxLineChars(), Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    Investigation investigation = new Investigation(options, clock,
        () -> StoreRegisterSource.borrowing(store, store.describe()));
    InvestigationResult result = investigation.run(line -> phase(id, line));
    Map<String, Long> counts = new LinkedHashMap<>();
    long firms = result.files().stream().filter(file -> !file.failed()).count();
    counts.put("files", (long) result.files().size());
    counts.put("firms_read", firms);
    counts.put("records", result.files().stream().mapToLong(FileSummary::records).sum());
    long unreadable = result.files().stream().mapToLong(FileSummary::unreadable).sum();
    counts.put("unreadable_rows", unreadable);
    counts.put("lineage_edges", (long) result.lineage().edges().size());
    counts.put("records_without_valid_consent", result.consent().stream()
        .mapToLong(firm -> firm.withoutValidConsent()).sum());
    counts.put("honeypot_hits", (long) result.honeypotHits().size());
    if (result.switches() != null) {
      counts.put("reverse_switches", (long) result.switches().reverseSwitches().size());
    }
    List<String> problems = new ArrayList<>();
    for (FileSummary file : result.files()) {
      if (file.failed()) {
        problems.add(file.file() + ": " + file.errorCode() + ": " + file.error());
      }
    }
    return new Summary(counts, Map.of(), unreadable, List.of(), problems);
  }

  private static Path present(Path directory, String... names) {
    for (String name : names) {
      Path file = directory.resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }

  // ---- reading ----

  /** A job of this kind, or empty (also for a malformed id). */
  Optional<Job> find(Kind kind, String id) {
    if (id == null || !ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return Optional.ofNullable(jobs.get(id)).filter(job -> job.kind() == kind);
  }

  /** The job, or NOT_FOUND. */
  Job require(Kind kind, String id) {
    return find(kind, id).orElseThrow(() -> new DncException(ErrorCode.NOT_FOUND, "there is no "
        + kind.name().toLowerCase(Locale.ROOT) + " job '" + id + "'."));
  }

  /** The jobs of a kind, newest first. */
  List<Job> list(Kind kind) {
    return jobs.values().stream().filter(job -> job.kind() == kind)
        .sorted(Comparator.comparing(Job::createdAt).reversed().thenComparing(Job::id)).toList();
  }

  /**
   * One of a finished job's outputs.
   *
   * @throws DncException NOT_FOUND (no such job or file), CONFLICT (the job has not finished)
   */
  Path output(Kind kind, String id, String name) {
    Job job = require(kind, id);
    if (!job.status().finished()) {
      throw new DncException(ErrorCode.CONFLICT, "the job is " + job.status() + "; its files can"
          + " be downloaded once it has finished.");
    }
    if (name == null || !FILE_NAME.matcher(name).matches() || !job.outputs().contains(name)) {
      throw new DncException(ErrorCode.NOT_FOUND, "job " + id + " has no file '" + name
          + "'. Its files: " + job.outputs() + ".");
    }
    return root.resolve(kind.plural).resolve(id).resolve("output").resolve(name);
  }

  private List<String> outputs(Job job) {
    Path out = root.resolve(job.kind().plural).resolve(job.id()).resolve("output");
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(name -> FILE_NAME.matcher(name).matches() && !name.endsWith(".tmp"))
          .sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  // ---- state on disk ----

  private synchronized void update(Job job) {
    if (closing && !job.status().finished()) {
      return;
    }
    jobs.put(job.id(), job);
    save(job);
  }

  private void save(Job job) {
    Path directory = root.resolve(job.kind().plural).resolve(job.id());
    Path file = directory.resolve(JOB_FILE);
    Path temporary = directory.resolve(JOB_FILE + ".tmp");
    try {
      Files.write(temporary, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(job));
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.error("the state of job {} cannot be written to {}: {}", job.id(), file, e.getMessage());
    }
  }

  private static void deleteTree(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> all = Files.walk(directory)) {
      all.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException ignored) {
          // left for the operator of the server; it is listed nowhere
        }
      });
    } catch (IOException ignored) {
      // as above
    }
  }

  /**
   * Stops the runner: waiting jobs and the running one are marked INTERRUPTED (the running one is
   * given a few seconds to end, not interrupted), so none stays "running" after the register
   * closes.
   */
  @Override
  public void close() {
    List<Job> unfinished;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      unfinished = jobs.values().stream().filter(job -> !job.status().finished()).toList();
      for (Job job : unfinished) {
        Job stopped = interrupted(job, "the server stopped before this job finished; upload it"
            + " again.");
        jobs.put(job.id(), stopped);
        save(stopped);
      }
    }
    // Not shutdownNow: an interrupt landing in a class's static initialiser (a PDF library opening
    // its resources) would break that class for the whole JVM. Waiting jobs see `closing` and
    // return at once; the running one is left to end (it is INTERRUPTED already).
    runner.shutdown();
    try {
      if (!runner.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("a regulator job is still running while the server stops; it was marked"
            + " INTERRUPTED");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
