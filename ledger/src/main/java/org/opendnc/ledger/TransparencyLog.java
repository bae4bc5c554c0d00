package org.opendnc.ledger;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only RFC 6962 Merkle log with signed C2SP checkpoints, stored as tlog-tiles. Entries
 * are sequenced by {@link #append}, made durable and provable by {@link #integrate} in batches, and
 * proven with {@link #inclusionProof} and {@link #consistencyProof}. Thread-safe; one process
 * integrates a given storage at a time.
 */
public final class TransparencyLog {

  /*
   * Hashing follows RFC 6962 section 2.1 (Rfc6962): leaves are SHA-256(0x00 || entry), nodes
   * SHA-256(0x01 || left || right); the prefixes keep leaves and nodes apart.
   *
   * Layout (c2sp.org/tlog-tiles, tile height 8): the hashes of tree levels 0, 8, 16, ... are kept
   * in tiles of 256. A tile that is full never changes: the storage keeps it, append-only, and a
   * bounded cache keeps the recently used ones with their inner nodes hashed (TileTree; level 0
   * and the levels above in separate tiers). The right edge - per level the hashes of the partial
   * tile, fewer than 256 - lives in memory in an immutable State, rebuilt at open from the stored
   * entries and full tiles (at most 255 entries and 255 tiles a level) and checked against the
   * stored checkpoint's root. A node of height 8L + r comes from 2^r hashes of one level-L tile
   * (TileNodes), so a proof reads O(log n) stored hashes: at most two tiles per level, four levels at
   * 100 M entries; a tile not cached costs 255 SHA-256 computations once, a cached one none.
   *
   * Append and integrate: append() only queues the entry and gives it the next index. integrate()
   * takes everything queued, hashes it into a copy of the right edge, collects the tiles it
   * completes, signs the checkpoint of the new size and stores entries, tiles and checkpoint in
   * one storage transaction; only then is the new State published. Readers (proofs, tiles) use the
   * State they find and never wait for a writer. An index is a promise only once the integrate()
   * that covers it has returned: if the storage fails, the batch is queued again in front of later
   * entries (indices unchanged) and the next integrate() retries it; if the process dies, entries
   * not integrated are lost and their indices will be given again.
   *
   * Append-only: the storage refuses to change what it holds (the store's tables have triggers),
   * and a checkpoint is signed only for a tree that extends the previous one, so every checkpoint
   * this log signs is consistent with every earlier one.
   */

  /** Full tiles kept in memory by default, per tier (level 0; levels above): 16 KiB each. */
  public static final int DEFAULT_TILE_CACHE_TILES = 2048;

  /** Levels of tiles that a tree of up to 2^63 leaves can use. */
  private static final int LEVELS = 8;

  private final LogStorage storage;
  private final String origin;
  private final NoteSigner signer;
  private final Clock clock;
  private final TileCache cache;
  private final ReentrantLock integration = new ReentrantLock();
  private final Object queue = new Object();
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>(); // guarded by queue
  private long nextIndex; // guarded by queue
  private volatile State state;

  /** What readers see: the integrated size, its right edge and its signed checkpoint. */
  record State(long size, byte[][] edge, Checkpoint checkpoint, String note) {}

  private TransparencyLog(LogStorage storage, String origin, NoteSigner signer, Clock clock,
      int tileCacheTiles) {
    this.storage = storage;
    this.origin = origin;
    this.signer = signer;
    this.clock = clock;
    this.cache = new TileCache(tileCacheTiles);
  }

  /** Opens the log with the system clock and the default tile cache. */
  public static TransparencyLog open(LogStorage storage, String origin, NoteSigner signer) {
    return open(storage, origin, signer, Clock.systemUTC(), DEFAULT_TILE_CACHE_TILES);
  }

  /**
   * Opens the log kept in {@code storage}: rebuilds the right edge and checks that it yields the
   * stored checkpoint, which must be signed by {@code signer}'s key for {@code origin}. A new log
   * gets its first checkpoint (size 0) at once.
   *
   * @throws IllegalStateException if the stored log does not match its checkpoint, or the
   *     checkpoint is another log's or signed by another key
   * @throws IllegalArgumentException if {@code origin} is not a valid checkpoint origin
   */
  public static TransparencyLog open(LogStorage storage, String origin, NoteSigner signer,
      Clock clock, int tileCacheTiles) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(clock, "clock");
    new Checkpoint(origin, 0, Rfc6962.emptyRoot()); // validates the origin
    TransparencyLog log = new TransparencyLog(storage, origin, signer, clock, tileCacheTiles);
    LogStorage.Head head = storage.head();
    byte[][] edge = log.rebuildEdge(head.size());
    if (head.checkpoint() == null) {
      if (head.size() != 0) {
        throw new IllegalStateException(
            "the log storage holds " + head.size() + " entries but no checkpoint");
      }
      log.state = new State(0, edge, null, null);
      log.integrate();
      return log;
    }
    Checkpoint stored;
    try {
      stored = Checkpoint.open(head.checkpoint(), signer.verifier());
    } catch (NoteException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the stored checkpoint is not a checkpoint signed by " + signer.verifier().verifierKey()
              + ": " + e.getMessage(), e);
    }
    if (!stored.origin().equals(origin) || stored.size() != head.size()) {
      throw new IllegalStateException(
          "the stored checkpoint is for " + stored.origin() + " at size " + stored.size()
              + ", not for " + origin + " at the stored size " + head.size());
    }
    State opened = new State(head.size(), edge, stored, head.checkpoint());
    byte[] root = Proofs.root(head.size(), log.nodes(opened, head.size()));
    if (!Arrays.equals(root, stored.rootHash())) {
      throw new IllegalStateException(
          "the stored log's root " + ProofVerifier.hex(root) + " at size " + head.size()
              + " is not its checkpoint's root " + ProofVerifier.hex(stored.rootHash())
              + ": stored entries or tiles were changed");
    }
    log.state = opened;
    log.nextIndex = head.size();
    return log;
  }

  private byte[][] rebuildEdge(long size) {
    byte[][] edge = new byte[LEVELS][];
    for (int level = 0; level < LEVELS; level++) {
      long hashes = hashesAt(size, level);
      int count = (int) (hashes & (TilePath.FULL_WIDTH - 1));
      long first = hashes - count;
      byte[] partial = new byte[count * Rfc6962.HASH_BYTES];
      if (level == 0) {
        List<byte[]> entries = count == 0 ? List.of() : storage.entries(first, count);
        for (int i = 0; i < count; i++) {
          System.arraycopy(Rfc6962.leafHash(entries.get(i)), 0, partial, i * Rfc6962.HASH_BYTES,
              Rfc6962.HASH_BYTES);
        }
      } else {
        for (int i = 0; i < count; i++) {
          byte[] below = storage.tile(level - 1, first + i);
          System.arraycopy(Rfc6962.perfectRoot(below, 0, TilePath.FULL_WIDTH), 0, partial,
              i * Rfc6962.HASH_BYTES, Rfc6962.HASH_BYTES);
        }
      }
      edge[level] = partial;
    }
    return edge;
  }

  /** Hashes on level {@code 8 * level} of a tree of {@code size} leaves. */
  private static long hashesAt(long size, int level) {
    return size >>> (level * TilePath.HEIGHT);
  }

  /**
   * Queues {@code entry} and returns its index. The entry is stored, and provable, once the next
   * {@link #integrate()} returns. Never blocks on integration. The array must not be changed
   * afterwards.
   *
   * @throws IllegalArgumentException if the entry is longer than 65,535 bytes (tlog-tiles bundles
   *     cannot carry it)
   */
  public long append(byte[] entry) {
    Objects.requireNonNull(entry, "entry");
    if (entry.length > EntryBundle.MAX_ENTRY_BYTES) {
      throw new IllegalArgumentException(
          "an entry of " + entry.length + " bytes is longer than " + EntryBundle.MAX_ENTRY_BYTES);
    }
    synchronized (queue) {
      pending.add(entry);
      return nextIndex++;
    }
  }

  /** Entries appended and not yet integrated. */
  public int pendingCount() {
    synchronized (queue) {
      return pending.size();
    }
  }

  /**
   * Integrates every queued entry: stores them, the tiles they complete and a new signed
   * checkpoint, all in one storage transaction, then publishes the new tree. Returns the latest
   * checkpoint (unchanged, and nothing written, when nothing was queued). Calls are serialised.
   *
   * @throws RuntimeException whatever the storage or the signer throws; the entries stay queued
   *     with their indices and the next call retries them
   */
  public Checkpoint integrate() {
    return integrate(Integer.MAX_VALUE);
  }

  /**
   * Integrates at most {@code maxEntries} of the queued entries, the oldest first (see
   * {@link #integrate()}): bounds the time one integration takes, so checkpoints keep coming when
   * entries arrive faster than they are integrated.
   *
   * @throws IllegalArgumentException if {@code maxEntries} is not positive
   */
  public Checkpoint integrate(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("an integration takes at least one entry: " + maxEntries);
    }
    integration.lock();
    try {
      State current = state;
      List<byte[]> batch;
      synchronized (queue) {
        batch = new ArrayList<>(Math.min(maxEntries, pending.size()));
        while (batch.size() < maxEntries && !pending.isEmpty()) {
          batch.add(pending.pollFirst());
        }
      }
      if (batch.isEmpty() && current.note() != null) {
        return current.checkpoint();
      }
      try {
        RightEdge edge = new RightEdge(current.size(), current.edge());
        for (byte[] entry : batch) {
          edge.addLeaf(Rfc6962.leafHash(entry));
        }
        long newSize = current.size() + batch.size();
        byte[][] newEdge = edge.partials();
        State unsigned = new State(newSize, newEdge, null, null);
        byte[] root = Proofs.root(newSize, nodes(unsigned, newSize));
        Checkpoint checkpoint = new Checkpoint(origin, newSize, root);
        String note = signer.sign(checkpoint.text());
        storage.append(current.size(), batch, edge.completed(), newSize, note, clock.instant());
        state = new State(newSize, newEdge, checkpoint, note);
        return checkpoint;
      } catch (RuntimeException e) {
        synchronized (queue) {
          for (int i = batch.size() - 1; i >= 0; i--) {
            pending.addFirst(batch.get(i));
          }
        }
        throw e;
      }
    } finally {
      integration.unlock();
    }
  }

  /** The latest integrated checkpoint. */
  public Checkpoint checkpoint() {
    return state.checkpoint();
  }

  /** The latest signed checkpoint note, as served at {@code <prefix>/checkpoint}. */
  public String checkpointNote() {
    return state.note();
  }

  /** The number of integrated entries. */
  public long size() {
    return state.size();
  }

  public String origin() {
    return origin;
  }

  /** The verifier of this log's checkpoints. */
  public NoteVerifier verifier() {
    return signer.verifier();
  }

  /**
   * The root hash of the tree of the first {@code size} entries.
   *
   * @throws IllegalArgumentException if {@code size} is negative or beyond the integrated size
   */
  public byte[] root(long size) {
    State current = state;
    requireIntegrated(size, current);
    return Proofs.root(size, nodes(current, size));
  }

  /**
   * The inclusion proof of entry {@code index} in the tree of {@code size} entries (RFC 9162
   * section 2.1.3).
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size <= size()}
   */
  public List<byte[]> inclusionProof(long index, long size) {
    State current = state;
    requireIntegrated(size, current);
    return Proofs.inclusion(index, size, nodes(current, size));
  }

  /**
   * The consistency proof from the tree of {@code oldSize} entries to the tree of {@code newSize}
   * entries (RFC 9162 section 2.1.4).
   *
   * @throws IllegalArgumentException unless {@code 0 < oldSize <= newSize <= size()}
   */
  public List<byte[]> consistencyProof(long oldSize, long newSize) {
    State current = state;
    requireIntegrated(newSize, current);
    return Proofs.consistency(oldSize, newSize, nodes(current, newSize));
  }

  private static void requireIntegrated(long size, State current) {
    if (size < 0 || size > current.size()) {
      throw new IllegalArgumentException(
          "tree size " + size + " is not between 0 and the log's size " + current.size());
    }
  }

  /** The current state, for {@link Tiles}. */
  State state() {
    return state;
  }

  /** Entries of the storage, for {@link Tiles}. */
  List<byte[]> storedEntries(long from, int count) {
    return storage.entries(from, count);
  }

  /** At least the hashes of a tile that exists in {@code current}'s tree. */
  byte[] tileHashes(State current, int level, long index) {
    return isFull(current, level, index) ? fullTile(level, index).hashes() : partialTile(current, level, index);
  }

  private boolean isFull(State current, int level, long index) {
    return index < hashesAt(current.size(), level) >>> TilePath.HEIGHT;
  }

  private TileTree fullTile(int level, long index) {
    return cache.get(level, index, () -> storage.tile(level, index));
  }

  private static byte[] partialTile(State current, int level, long index) {
    if (index != hashesAt(current.size(), level) >>> TilePath.HEIGHT) {
      throw new IllegalArgumentException(
          "tile " + index + " of level " + level + " is beyond the tree of size " + current.size());
    }
    return current.edge()[level];
  }

  private NodeHashes nodes(State current, long size) {
    return new TileNodes(size, (TileNodes.SubtreeReader) (level, index, width, offset, count) ->
        isFull(current, level, index)
            ? fullTile(level, index).node(Integer.numberOfTrailingZeros(count), offset / count)
            : Rfc6962.perfectRoot(partialTile(current, level, index), offset, count));
  }

  /** The right edge being extended by one integration, and the tiles it completes. */
  private static final class RightEdge {
    private final long[] hashes = new long[LEVELS];
    private final byte[][] buffers = new byte[LEVELS][];
    private final List<LogStorage.FullTile> completed = new ArrayList<>();

    RightEdge(long size, byte[][] partials) {
      for (int level = 0; level < LEVELS; level++) {
        hashes[level] = hashesAt(size, level);
        buffers[level] = Arrays.copyOf(partials[level], TilePath.FULL_WIDTH * Rfc6962.HASH_BYTES);
      }
    }

    void addLeaf(byte[] leafHash) {
      byte[] hash = leafHash;
      for (int level = 0; level < LEVELS; level++) {
        int position = (int) (hashes[level] & (TilePath.FULL_WIDTH - 1));
        System.arraycopy(hash, 0, buffers[level], position * Rfc6962.HASH_BYTES, Rfc6962.HASH_BYTES);
        hashes[level]++;
        if (position != TilePath.FULL_WIDTH - 1) {
          return;
        }
        byte[] tile = buffers[level].clone();
        completed.add(new LogStorage.FullTile(level, (hashes[level] >>> TilePath.HEIGHT) - 1, tile));
        hash = Rfc6962.perfectRoot(tile, 0, TilePath.FULL_WIDTH);
      }
    }

    byte[][] partials() {
      byte[][] partials = new byte[LEVELS][];
      for (int level = 0; level < LEVELS; level++) {
        int count = (int) (hashes[level] & (TilePath.FULL_WIDTH - 1));
        partials[level] = Arrays.copyOf(buffers[level], count * Rfc6962.HASH_BYTES);
      }
      return partials;
    }

    List<LogStorage.FullTile> completed() {
      return completed;
    }
  }
}
