package org.opendnc.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.index.OppositionIndex;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.receipt.RegisterKey;
import org.opendnc.store.RegisterStore;

/**
 * An open register: its store (the source of truth), its signing key, its profile and the
 * in-memory opposition index loaded from the newest snapshot plus the events logged after it.
 *
 * <p>Single writer: the index is not safe for reads concurrent with {@link #apply}-style updates
 * made by the services in this package.
 */
public final class Register implements AutoCloseable {
  private final RegisterConfig config;
  private final Profile profile;
  private final NumberParser parser;
  private final RegisterStore store;
  private final RegisterKey key;
  private final Path snapshotFile;
  private OppositionIndex index;

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
    Profile profile = Profile.forCode(config.profileCode());
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
      register.index = IndexLoader.load(snapshot, store.events(), log);
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

  /** The live index; its {@code version()} is the register version it reflects. */
  public OppositionIndex index() {
    return index;
  }

  /** The snapshot file this register's index is saved to. */
  public Path snapshotFile() {
    return snapshotFile;
  }

  /** Writes the index snapshot atomically, so the next start need not replay the whole log. */
  public void saveSnapshot() {
    IndexLoader.save(index, snapshotFile);
  }

  @Override
  public void close() {
    store.close();
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
