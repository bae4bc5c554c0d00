package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/** Case archives: what is unpacked where, and every hostile archive refused with its code. */
class CaseArchiveTest {

  @TempDir Path temporary;

  private final CaseArchive archive = new CaseArchive(64L << 20);

  private Path write(byte[] bytes) throws IOException {
    return Files.write(temporary.resolve("case.zip"), bytes);
  }

  private Path[] folders() throws IOException {
    return new Path[] {Files.createDirectories(temporary.resolve("case")),
        Files.createDirectories(temporary.resolve("inputs"))};
  }

  @Test
  void firmFilesGoToTheCaseAndSideInputsToInputsAlsoInsideOneTopFolder() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("seized/", "");
    entries.put("seized/alfa.csv", "telefono\n3331234567\n");
    entries.put("seized/beta.csv", "phone\n3331234568\n");
    entries.put("seized/inputs/", "");
    entries.put("seized/inputs/Honeypots.txt", "3331234567\n");
    Path zip = write(TestingZips.zip(entries));
    Path[] folders = folders();

    archive.unpack(zip, folders[0], folders[1]);

    assertThat(folders[0].resolve("alfa.csv")).hasContent("telefono\n3331234567");
    assertThat(folders[0].resolve("beta.csv")).exists();
    assertThat(folders[1].resolve("honeypots.txt")).hasContent("3331234567");
    try (var listed = Files.list(folders[0])) {
      assertThat(listed).hasSize(2);
    }
  }

  private void assertRefused(byte[] zip, ErrorCode code, String... message) throws IOException {
    Path file = write(zip);
    Path[] folders = folders();
    assertThatThrownBy(() -> archive.check(file)).isInstanceOf(DncException.class)
        .satisfies(e -> assertThat(((DncException) e).code()).isEqualTo(code))
        .hasMessageContainingAll(message);
    assertThatThrownBy(() -> archive.unpack(file, folders[0], folders[1]))
        .isInstanceOf(DncException.class);
    try (var listed = Files.list(folders[0])) {
      assertThat(listed).as("nothing unpacked").isEmpty();
    }
    assertThat(temporary.resolve("evil.csv")).doesNotExist();
  }

  @Test
  void aPathClimbingOutIsRefused() throws IOException {
    assertRefused(TestingZips.zip(Map.of("../evil.csv", "x\n")), ErrorCode.ARCHIVE_UNSAFE,
        "'../evil.csv'", "climbs out");
    assertRefused(TestingZips.zip(Map.of("a/../../evil.csv", "x\n")), ErrorCode.ARCHIVE_UNSAFE,
        "climbs out");
  }

  @Test
  void anAbsolutePathIsRefused() throws IOException {
    assertRefused(TestingZips.zip(Map.of("/tmp/evil.csv", "x\n")), ErrorCode.ARCHIVE_UNSAFE,
        "absolute");
    assertRefused(TestingZips.zip(Map.of("C:/evil.csv", "x\n")), ErrorCode.ARCHIVE_UNSAFE,
        "absolute");
    assertRefused(TestingZips.zip(Map.of("a\\..\\evil.csv", "x\n")), ErrorCode.ARCHIVE_UNSAFE,
        "absolute");
  }

  @Test
  void aSymbolicLinkIsRefused() throws IOException {
    assertRefused(TestingZips.symbolicLink("alfa.csv", "beta.csv", "/etc/passwd"),
        ErrorCode.ARCHIVE_UNSAFE, "'beta.csv'", "symbolic link");
  }

  @Test
  void aZipBombIsRefusedByItsRatio() throws IOException {
    byte[] bomb = TestingZips.bomb("alfa.csv", 20 << 20);
    assertThat(bomb.length).isLessThan(200 << 10);
    assertRefused(bomb, ErrorCode.ARCHIVE_TOO_LARGE, "'alfa.csv'", "zip bomb");
  }

  @Test
  void tooManyBytesInAllOrTooManyEntriesAreRefused() throws IOException {
    CaseArchive small = new CaseArchive(1_000);
    Path file = write(TestingZips.zip(Map.of("alfa.csv", "x".repeat(600),
        "beta.csv", "y".repeat(600))));
    assertThatThrownBy(() -> small.check(file)).isInstanceOf(DncException.class)
        .hasMessageContaining("more than 1000 bytes")
        .satisfies(e -> assertThat(((DncException) e).code()).isEqualTo(ErrorCode.ARCHIVE_TOO_LARGE));

    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i <= CaseArchive.MAX_ENTRIES; i++) {
      many.put("firm-" + i + ".csv", "");
    }
    Path crowded = write(TestingZips.zip(many));
    assertThatThrownBy(() -> archive.check(crowded)).isInstanceOf(DncException.class)
        .hasMessageContaining("at most " + CaseArchive.MAX_ENTRIES)
        .satisfies(e -> assertThat(((DncException) e).code()).isEqualTo(ErrorCode.ARCHIVE_TOO_LARGE));
  }

  @Test
  void notAZipOrAFileInAnUnknownFolderIsRefusedNotDropped() throws IOException {
    assertRefused("number\n3331234567\n".getBytes(), ErrorCode.ARCHIVE_UNSAFE, "not a readable zip");
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("alfa.csv", "x\n");
    entries.put("misc/beta.csv", "y\n");
    assertRefused(TestingZips.zip(entries), ErrorCode.INVALID_ARGUMENT, "'misc/beta.csv'", "inputs/");
  }
}
