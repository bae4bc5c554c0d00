package org.opendnc.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

class IndexSnapshotsTest {

  @TempDir Path directory;

  private static OppositionIndex sampleIndex() {
    OppositionIndex index = OppositionIndex.empty();
    Random random = new Random(11);
    long sequence = 0;
    long[] numbers = NumberSetTest.toArray(NumberSetTest.randomSet(random, 20_000));
    for (long number : numbers) {
      index.apply(event(++sequence, number, EventType.REGISTER, null));
    }
    for (int i = 0; i < 500; i++) {
      long number = numbers[random.nextInt(numbers.length)];
      index.apply(event(++sequence, number, EventType.ALLOW, i % 3 == 0 ? "ÀCME-énergie" : "BETA"));
    }
    index.apply(event(++sequence, numbers[0], EventType.CANCEL, null));
    return index;
  }

  private static RegisterEvent event(long sequence, long number, EventType type, String operator) {
    return new RegisterEvent(sequence, number, type, operator, Instant.EPOCH, Channel.IMPORT, null);
  }

  private static void assertSameIndex(OppositionIndex actual, OppositionIndex expected) {
    assertThat(actual.version()).isEqualTo(expected.version());
    assertThat(actual.registered()).isEqualTo(expected.registered());
    assertThat(actual.operatorsWithAllowances())
        .containsExactlyElementsOf(expected.operatorsWithAllowances());
    for (String operator : expected.operatorsWithAllowances()) {
      assertThat(actual.allowedFor(operator)).isEqualTo(expected.allowedFor(operator));
    }
  }

  @Test
  void roundTrips() throws Exception {
    OppositionIndex index = sampleIndex();
    Path file = directory.resolve("index.snapshot");
    IndexSnapshots.write(index, file);
    assertSameIndex(IndexSnapshots.read(file), index);
    // Applying more events to the loaded copy continues from the snapshot's version.
    OppositionIndex loaded = IndexSnapshots.read(file);
    loaded.apply(event(index.version() + 1, 12025550123L, EventType.REGISTER, null));
    assertThat(loaded.isRegistered(12025550123L)).isTrue();
  }

  @Test
  void roundTripsAnEmptyIndex() throws Exception {
    Path file = directory.resolve("empty.snapshot");
    IndexSnapshots.write(OppositionIndex.empty(), file);
    OppositionIndex read = IndexSnapshots.read(file);
    assertThat(read.version()).isZero();
    assertThat(read.registeredCount()).isZero();
  }

  @Test
  void replacesAnEarlierSnapshotAndLeavesNoTemporaryFiles() throws Exception {
    Path file = directory.resolve("index.snapshot");
    IndexSnapshots.write(OppositionIndex.empty(), file);
    OppositionIndex index = sampleIndex();
    IndexSnapshots.write(index, file);
    assertSameIndex(IndexSnapshots.read(file), index);
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void failedWriteLeavesTheOldSnapshotAndNoTemporaryFiles() throws Exception {
    Path file = directory.resolve("index.snapshot");
    IndexSnapshots.write(OppositionIndex.empty(), file);
    Path notADirectory = directory.resolve("index.snapshot").resolve("x");
    assertThatThrownBy(() -> IndexSnapshots.write(sampleIndex(), notADirectory))
        .isInstanceOf(IOException.class);
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(file);
    }
    assertThat(IndexSnapshots.read(file).version()).isZero();
  }

  @Test
  void rejectsAMissingFile() {
    assertThatThrownBy(() -> IndexSnapshots.read(directory.resolve("none")))
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void rejectsAnEmptyFile() throws Exception {
    Path file = Files.write(directory.resolve("empty"), new byte[0]);
    assertThatThrownBy(() -> IndexSnapshots.read(file))
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void rejectsAWrongMagic() throws Exception {
    Path file = Files.write(directory.resolve("other"), "PK\u0003\u0004 a zip, not a snapshot"
        .getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> IndexSnapshots.read(file))
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining("wrong magic");
  }

  @Test
  void rejectsAnotherFormatVersion() throws Exception {
    Path file = directory.resolve("index.snapshot");
    IndexSnapshots.write(sampleIndex(), file);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).putInt(8, 2);
    Files.write(file, bytes);
    assertThatThrownBy(() -> IndexSnapshots.read(file))
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining("format version 2");
  }

  @Test
  void rejectsEveryTruncation() throws Exception {
    Path file = directory.resolve("index.snapshot");
    IndexSnapshots.write(sampleIndex(), file);
    byte[] bytes = Files.readAllBytes(file);
    Path truncated = directory.resolve("truncated");
    for (int length : new int[] {1, 7, 8, 12, 31, 32, 40, bytes.length / 2, bytes.length - 1}) {
      Files.write(truncated, Arrays.copyOf(bytes, length));
      assertThatThrownBy(() -> IndexSnapshots.read(truncated))
          .as("truncated to %d of %d bytes", length, bytes.length)
          .isInstanceOf(SnapshotException.class)
          .hasMessageMatching(".*(truncated|checksum mismatch).*");
    }
  }

  @Test
  void rejectsAnyFlippedByte() throws Exception {
    Path file = directory.resolve("index.snapshot");
    IndexSnapshots.write(sampleIndex(), file);
    byte[] bytes = Files.readAllBytes(file);
    Path damaged = directory.resolve("damaged");
    Random random = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      byte[] copy = bytes.clone();
      int position = trial < 40 ? trial : random.nextInt(copy.length);
      copy[position] ^= (byte) (1 << random.nextInt(8));
      Files.write(damaged, copy);
      assertThatThrownBy(() -> IndexSnapshots.read(damaged))
          .as("byte %d flipped", position)
          .isInstanceOf(SnapshotException.class);
    }
  }

  @Test
  void rejectsTrailingBytes() throws Exception {
    Path file = directory.resolve("index.snapshot");
    IndexSnapshots.write(sampleIndex(), file);
    Files.write(file, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> IndexSnapshots.read(file)).isInstanceOf(SnapshotException.class);
  }
}
