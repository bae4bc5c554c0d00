package org.opendnc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectFileOutputStreamTest {
  @TempDir Path temporary;

  @Test
  void writesExactlyTheBytesGivenWhateverTheirLengthAndChunking() throws IOException {
    int buffer = DirectFileOutputStream.BUFFER_BYTES;
    int[] lengths = {0, 1, 4095, 4096, 4097, 65_537, buffer - 1, buffer, buffer + 1, 3 * buffer + 12_345};
    SplittableRandom random = new SplittableRandom(54);
    for (int length : lengths) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      Path file = temporary.resolve("out-" + length + ".csv");
      try (DirectFileOutputStream out = DirectFileOutputStream.create(file)) {
        int at = 0;
        while (at < length) {
          // Chunks of every size, single bytes among them, as the check's writer hands them over.
          int n = Math.min(length - at, random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(1 << 20));
          if (n == 1) {
            out.write(data[at]);
          } else {
            out.write(data, at, n);
          }
          at += n;
        }
        out.flush();
      }
      assertThat(Files.readAllBytes(file)).as("a file of %d bytes", length).isEqualTo(data);
    }
  }

  @Test
  void usesDirectIoOnThisFileSystemOrSaysItDoesNot() throws IOException {
    Path file = temporary.resolve("probe.csv");
    try (DirectFileOutputStream out = DirectFileOutputStream.create(file)) {
      out.write(new byte[] {'a', '\n'});
      // ext4 and xfs allow O_DIRECT; tmpfs refuses it. Either way the bytes arrive.
      String store = Files.getFileStore(temporary).type();
      if (store.equals("ext4") || store.equals("xfs")) {
        assertThat(out.isDirect()).isTrue();
      }
    }
    assertThat(Files.readString(file)).isEqualTo("a\n");
  }

  @Test
  void writesThroughThePageCacheWhenDirectIoIsNotUsed() throws IOException {
    // The path taken where the file system refuses O_DIRECT (tmpfs before Linux 6.6, for one).
    Path file = temporary.resolve("cached.csv");
    byte[] data = new byte[DirectFileOutputStream.BUFFER_BYTES + 10_000];
    new SplittableRandom(7).nextBytes(data);
    try (DirectFileOutputStream out = DirectFileOutputStream.create(file, false)) {
      assertThat(out.isDirect()).isFalse();
      out.write(data);
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(data);
  }

  @Test
  void replacesAnExistingLongerFile() throws IOException {
    Path file = temporary.resolve("again.csv");
    Files.write(file, new byte[100_000]);
    try (DirectFileOutputStream out = DirectFileOutputStream.create(file)) {
      out.write("short\n".getBytes());
    }
    assertThat(Files.readString(file)).isEqualTo("short\n");
  }

  @Test
  void refusesWritesAfterCloseAndClosesOnce() throws IOException {
    DirectFileOutputStream out = DirectFileOutputStream.create(temporary.resolve("closed.csv"));
    out.write('x');
    out.close();
    out.close();
    assertThatThrownBy(() -> out.write('y')).isInstanceOf(IOException.class).hasMessageContaining("closed");
    assertThat(Files.readString(temporary.resolve("closed.csv"))).isEqualTo("x");
  }

  @Test
  void aMissingDirectoryOrADeniedOneFailsAsTheFileSystemSays() throws IOException {
    assertThatThrownBy(() -> DirectFileOutputStream.create(temporary.resolve("missing/out.csv")))
        .isInstanceOf(NoSuchFileException.class);
    Path locked = Files.createDirectory(temporary.resolve("locked"));
    locked.toFile().setWritable(false, false);
    try {
      assumeFalse(Files.isWritable(locked), "root may write anywhere");
      assertThatThrownBy(() -> DirectFileOutputStream.create(locked.resolve("out.csv")))
          .isInstanceOf(AccessDeniedException.class);
    } finally {
      locked.toFile().setWritable(true, false);
    }
  }
}
