package org.opendnc.core.index;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Writes and reads checksummed snapshots of an {@link OppositionIndex}, so a node starts from a
 * snapshot plus the events after its version instead of replaying the whole log.
 */
public final class IndexSnapshots {

  /*
   * Format version 1, big-endian:
   *   8 bytes  magic "ODNCIDX\n"
   *   int      format version (1)
   *   long     register version (sequence of the last event the snapshot covers)
   *   long     registered count
   *   int      operator count
   *   NumberSet  the registered numbers (NumberSet's serialized form, self-delimiting)
   *   per operator, ascending by name:
   *     int name length, name in UTF-8, long allowed count, NumberSet the ALLOW set
   *   int      CRC32C of every byte before it
   *
   * Reading trusts nothing: it maps the file, checks magic, version and the CRC32C over the whole
   * file before parsing, then parses with bounds checks, checks every count against the set read
   * and that the file ends exactly after the checksum. Only then does it build the index, so a
   * caller gets a complete index or a SnapshotException, never a partial one. CRC32C detects
   * accidental damage (disk, truncated copy); it is not a defence against a forger, who could
   * simply recompute it: snapshots are local caches, the signed log is the authority.
   *
   * Writing goes to a temporary file in the target's directory, forced to disk, atomically moved
   * over the target and then the directory is forced, so a crash leaves the old snapshot or the
   * new one, never a mix. The format is limited to files under 2 GiB (one mapping); the US register
   * at ~260 M numbers needs about a sixth of that.
   */

  /** The current format version. */
  public static final int FORMAT_VERSION = 1;

  private static final byte[] MAGIC = "ODNCIDX\n".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = MAGIC.length + 4 + 8 + 8 + 4;
  private static final int CHECKSUM_BYTES = 4;
  private static final int MAX_OPERATOR_NAME_BYTES = 1024;
  private static final int WRITE_BUFFER_BYTES = 1 << 20;

  private IndexSnapshots() {}

  /**
   * Writes a snapshot of the index to {@code file} atomically, replacing any earlier one. The
   * index must not be modified during the call.
   *
   * @throws IOException if writing fails; the previous file, if any, is then left unchanged and
   *     no temporary file is left behind
   */
  public static void write(OppositionIndex index, Path file) throws IOException {
    Objects.requireNonNull(index, "index");
    Path target = file.toAbsolutePath();
    Path directory = target.getParent();
    Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        OutputStream raw = Channels.newOutputStream(channel);
        CRC32C crc = new CRC32C();
        // Buffer above the checksum so CRC32C sees large blocks, not RoaringBitmap's small writes.
        DataOutputStream out =
            new DataOutputStream(
                new BufferedOutputStream(new CheckedOutputStream(raw, crc), WRITE_BUFFER_BYTES));
        writeBody(index, out);
        out.flush();
        ByteBuffer checksum = ByteBuffer.allocate(CHECKSUM_BYTES).putInt((int) crc.getValue());
        checksum.flip();
        while (checksum.hasRemaining()) {
          channel.write(checksum);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + target + " atomically", e);
      }
      moved = true;
      forceDirectory(directory);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temporary);
      }
    }
  }

  private static void writeBody(OppositionIndex index, DataOutputStream out) throws IOException {
    NumberSet registered = index.registeredSet();
    Map<String, NumberSet> allowed = new TreeMap<>(index.allowedSets());
    out.write(MAGIC);
    out.writeInt(FORMAT_VERSION);
    out.writeLong(index.version());
    out.writeLong(registered.cardinality());
    out.writeInt(allowed.size());
    registered.serialize(out);
    for (Map.Entry<String, NumberSet> entry : allowed.entrySet()) {
      byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
      out.writeInt(name.length);
      out.write(name);
      out.writeLong(entry.getValue().cardinality());
      entry.getValue().serialize(out);
    }
  }

  /** Makes the rename durable; a no-op where directories cannot be opened (Windows). */
  private static void forceDirectory(Path directory) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(directory, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException e) {
      return;
    }
    try (channel) {
      channel.force(true);
    }
  }

  /**
   * Reads a snapshot written by {@link #write}.
   *
   * @return the complete index, at the version the snapshot covers
   * @throws SnapshotException if the file is missing, unreadable, truncated, of another format or
   *     version, fails its checksum or is otherwise inconsistent; nothing is returned then
   */
  public static OppositionIndex read(Path file) throws SnapshotException {
    Objects.requireNonNull(file, "file");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw new SnapshotException(file, "too large for format version 1: " + size + " bytes");
      }
      ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
      return parse(file, bytes);
    } catch (NoSuchFileException e) {
      throw new SnapshotException(file, "missing", e);
    } catch (IOException e) {
      throw new SnapshotException(file, "cannot be read: " + e, e);
    }
  }

  private static OppositionIndex parse(Path file, ByteBuffer bytes) throws SnapshotException {
    int size = bytes.remaining();
    if (size == 0) {
      throw new SnapshotException(file, "empty");
    }
    byte[] magic = new byte[Math.min(MAGIC.length, size)];
    bytes.get(0, magic);
    if (!Arrays.equals(magic, 0, magic.length, MAGIC, 0, magic.length)) {
      throw new SnapshotException(file, "wrong magic: not an OpenDNC index snapshot");
    }
    if (size < HEADER_BYTES + CHECKSUM_BYTES) {
      throw new SnapshotException(file, "truncated: " + size + " bytes, shorter than the header");
    }
    int formatVersion = bytes.getInt(MAGIC.length);
    if (formatVersion != FORMAT_VERSION) {
      throw new SnapshotException(
          file,
          "format version " + formatVersion + ", this reader supports only " + FORMAT_VERSION);
    }
    int bodySize = size - CHECKSUM_BYTES;
    CRC32C crc = new CRC32C();
    crc.update(bytes.slice(0, bodySize));
    int expected = bytes.getInt(bodySize);
    if ((int) crc.getValue() != expected) {
      throw new SnapshotException(
          file,
          String.format(
              "checksum mismatch (CRC32C 0x%08x, stored 0x%08x): damaged or truncated",
              (int) crc.getValue(), expected));
    }
    ByteBuffer in = bytes.slice(0, bodySize).order(ByteOrder.BIG_ENDIAN);
    try {
      in.position(MAGIC.length + 4);
      long version = in.getLong();
      long registeredCount = in.getLong();
      int operatorCount = in.getInt();
      if (version < 0) {
        throw new SnapshotException(file, "negative register version " + version);
      }
      if (operatorCount < 0) {
        throw new SnapshotException(file, "negative operator count " + operatorCount);
      }
      NumberSet registered = NumberSet.deserialize(in);
      checkCount(file, "registered", registeredCount, registered);
      TreeMap<String, NumberSet> allowed = new TreeMap<>();
      String previous = null;
      for (int i = 0; i < operatorCount; i++) {
        String operator = readName(file, in, i);
        if (previous != null && operator.compareTo(previous) <= 0) {
          throw new SnapshotException(file, "operator names out of order at " + operator);
        }
        long count = in.getLong();
        NumberSet set = NumberSet.deserialize(in);
        checkCount(file, "operator " + operator, count, set);
        if (set.isEmpty()) {
          throw new SnapshotException(file, "empty ALLOW set for operator " + operator);
        }
        checkSubset(file, operator, set, registered);
        allowed.put(operator, set);
        previous = operator;
      }
      if (in.hasRemaining()) {
        throw new SnapshotException(
            file, in.remaining() + " unexpected bytes before the checksum");
      }
      return new OppositionIndex(version, registered, allowed);
    } catch (MalformedNumberSetException e) {
      throw new SnapshotException(file, e.getMessage(), e);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new SnapshotException(file, "inconsistent lengths: " + e, e);
    }
  }

  private static String readName(Path file, ByteBuffer in, int index) throws SnapshotException {
    int length = in.getInt();
    if (length <= 0 || length > MAX_OPERATOR_NAME_BYTES || length > in.remaining()) {
      throw new SnapshotException(file, "operator " + index + ": bad name length " + length);
    }
    ByteBuffer name = in.slice(in.position(), length);
    in.position(in.position() + length);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(name)
          .toString();
    } catch (CharacterCodingException e) {
      throw new SnapshotException(file, "operator " + index + ": name is not UTF-8", e);
    }
  }

  /** The index never stores an allowance for a number that is not registered. */
  private static void checkSubset(Path file, String operator, NumberSet set, NumberSet registered)
      throws SnapshotException {
    long[] outside = {0};
    set.forEach(
        e164 -> {
          if (!registered.contains(e164)) {
            outside[0]++;
          }
        });
    if (outside[0] > 0) {
      throw new SnapshotException(
          file, "operator " + operator + ": " + outside[0] + " allowed numbers are not registered");
    }
  }

  private static void checkCount(Path file, String what, long stored, NumberSet set)
      throws SnapshotException {
    if (stored != set.cardinality()) {
      throw new SnapshotException(
          file, what + ": header says " + stored + " numbers, the set holds " + set.cardinality());
    }
  }
}
