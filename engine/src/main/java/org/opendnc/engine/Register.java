package org.opendnc.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.index.LiveIndex;
import org.opendnc.core.index.OppositionIndex;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.consent.ConsentLedger;
import org.opendnc.store.RegisterStore;

/**
 * An open register: its store (the source of truth), its signing key, its profile and the live
 * opposition index, loaded from the newest snapshot plus the events logged after it.
 *
 * <p>Thread-safe. Any number of threads may read {@link #view()} and {@link #append} events
 * concurrently: appends are serialised and group-committed ({@link RegisterWriter}), and a
 * background fold keeps the index's delta small ({@link #foldNow()}).
 */
public final class Register implements AutoCloseable {
  private final RegisterConfig config;
  private final Profile profile;
  private final NumberParser parser;
  private final RegisterStore store;
  private final RegisterKey key;
  private final Path snapshotFile;
  private RegisterWriter writer;
  private ConsentLedger ledger;

  private Register(
      RegisterConfig config, Profile profile, RegisterStore store, RegisterKey key, Path snapshotFile) {
    this.config = config;
    this.profile = profile;
    this.parser = NumberParser.forRegion(profile.region());
    this.store = store;
    this.key = key;
    this.snapshotFile = snapshotFile;
  }

  /**
   * Opens (creating if needed) the register described by {@code config} and loads its index.
   *
   * @param log receives one line per notable step (snapshot loaded, rebuilt, events replayed)
   * @throws DncException with {@link ErrorCode#STORE_UNAVAILABLE} when the data directory or
   *     database cannot be used
   */
  public static Register open(RegisterConfig config, Consumer<String> log) {
    Profile profile = Profile.named(config.profileCode());
    Path dataDir = config.dataDir().toAbsolutePath();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new DncException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot create the data directory " + dataDir + ": " + e.getMessage()
              + ". Choose another with --data DIR.",
          e);
    }
    RegisterStore store =
        config.databaseUrl() == null
            ? RegisterStore.openSqlite(dataDir)
            : RegisterStore.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
    try {
      RegisterKey key = Keys.registerKey(dataDir);
      Path snapshot = dataDir.resolve("index-" + shortHash(store.describe()) + ".snapshot");
      Register register = new Register(config, profile, store, key, snapshot);
      OppositionIndex loaded = IndexLoader.load(snapshot, store.events(), log);
      register.writer = new RegisterWriter(store.events(), new LiveIndex(loaded));
      RegisterWriter writer = register.writer;
      register.ledger = ConsentLedger.open(store, key, register.parser, config.ledger(),
          java.time.Clock.systemUTC(), writer::setBeforeApply);
      return register;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  public RegisterConfig config() {
    return config;
  }

  public Profile profile() {
    return profile;
  }

  public NumberParser parser() {
    return parser;
  }

  public RegisterStore store() {
    return store;
  }

  public RegisterKey key() {
    return key;
  }

  /** The consent ledger: consents, withdrawals, contracts and transfers in the register's own log. */
  public ConsentLedger ledger() {
    return ledger;
  }

  /**
   * The register's current state: an immutable view at one version ({@code version()}), safe to
   * read from any thread for as long as needed. Call again to see later events. One view answers
   * a whole batch check, so every row of a list is judged on the same register version.
   */
  public LiveIndex.View view() {
    return writer.index().view();
  }

  /**
   * Appends events to the log and applies them to the live index. When this returns they are
   * durable and visible to every later {@link #view()}: a write is acknowledged only after it is
   * durable. Concurrent callers are group-committed: their events may share one transaction, but
   * each caller's events are stored all or none, in order, with consecutive sequences.
   *
   * @param events new events (sequence 0); may be empty
   * @return the events with their sequences (register versions), in the given order
   * @throws IllegalArgumentException if an event already has a sequence or its time is out of
   *     range; nothing of the call is stored
   * @throws org.opendnc.store.StoreException if the database fails the write; nothing of the call
   *     is stored
   * @throws IllegalStateException after {@link #close()}
   */
  public List<RegisterEvent> append(List<RegisterEvent> events) {
    return writer.append(events);
  }

  /**
   * Folds the index's delta into a new immutable base now, on the calling thread (normally a
   * background thread does it when the delta grows). Readers are never blocked.
   *
   * @return the version of the base afterwards
   */
  public long foldNow() {
    return writer.foldNow();
  }

  /** The snapshot file this register's index is saved to. */
  public Path snapshotFile() {
    return snapshotFile;
  }

  /** For tests: fold after this many delta events (0: the adaptive default). */
  void setFoldThreshold(long events) {
    writer.setFoldThreshold(events);
  }

  /**
   * Folds the delta, then writes the base index as the snapshot, atomically, so the next start
   * need not replay the whole log. Safe while other threads read and append: the base is
   * immutable, and events appended meanwhile are replayed from the log on the next start.
   *
   * @return the version the snapshot covers
   */
  public long saveSnapshot() {
    writer.foldNow();
    OppositionIndex base = writer.index().view().base();
    IndexLoader.save(base, snapshotFile);
    return base.version();
  }

  /**
   * Waits for the append in progress, if any, stops the background fold and closes the store.
   * Appends after this fail; acknowledged events are already durable. Idempotent.
   */
  @Override
  public void close() {
    try {
      if (ledger != null) {
        ledger.close();
      }
      if (writer != null) {
        writer.close();
      }
    } finally {
      store.close();
    }
  }

  private static String shortHash(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
