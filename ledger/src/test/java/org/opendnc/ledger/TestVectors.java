package org.opendnc.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The shared test vectors in {@code ../shared/testdata/ledger}, beside the repository's root (CI
 * clones the repository next to {@code shared} the same way). Fails with what to do when missing.
 */
final class TestVectors {

  private TestVectors() {}

  /** The vectors directory: {@code -Dopendnc.testdata=DIR}, else found from the repository root. */
  static Path directory() {
    String override = System.getProperty("opendnc.testdata");
    Path root = repositoryRoot();
    Path directory = override != null
        ? Path.of(override).resolve("ledger")
        : root.toAbsolutePath().getParent().resolve("shared").resolve("testdata").resolve("ledger");
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException(
          "The shared ledger test vectors are missing: expected the directory " + directory
              + " (../shared/testdata/ledger from the repository root " + root.toAbsolutePath()
              + "). Put the project's shared/ directory beside the repository, as CI does, or run"
              + " with -Dopendnc.testdata=<shared>/testdata.");
    }
    return directory;
  }

  /** The directory holding {@code mvnw}, from the working directory (a module's) upwards. */
  private static Path repositoryRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path directory = start; directory != null; directory = directory.getParent()) {
      if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("ledger"))) {
        return directory;
      }
    }
    throw new IllegalStateException("cannot find the repository root (the directory with mvnw) above " + start);
  }

  static JsonNode load(String file) {
    Path path = directory().resolve(file);
    try {
      return new ObjectMapper().readTree(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the test vector file " + path, e);
    }
  }

  static byte[] hex(JsonNode node) {
    return HexFormat.of().parseHex(node.asText());
  }

  static List<byte[]> hexList(JsonNode array) {
    List<byte[]> hashes = new ArrayList<>();
    array.forEach(node -> hashes.add(hex(node)));
    return hashes;
  }

  static byte[] base64(String text) {
    return Base64.getDecoder().decode(text);
  }
}
