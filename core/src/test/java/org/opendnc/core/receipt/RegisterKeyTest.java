package org.opendnc.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterKeyTest {

  @TempDir Path dataDir;

  @Test
  void createsOnceAndReloadsTheSameKey() throws Exception {
    RegisterKey created = RegisterKey.loadOrCreate(dataDir.resolve("data"));
    RegisterKey loaded = RegisterKey.loadOrCreate(dataDir.resolve("data"));
    assertThat(loaded.keyId()).isEqualTo(created.keyId()).matches("[0-9a-f]{16}");
    assertThat(loaded.publicKeyBase64()).isEqualTo(created.publicKeyBase64());
    assertThat(Base64.getDecoder().decode(created.publicKeyBase64())).hasSize(32);
    Receipt signed = created.sign(TestingReceipts.unsigned());
    assertThat(ReceiptVerifier.verifySignature(signed, loaded.publicKey())).isTrue();
    try (Stream<Path> files = Files.list(dataDir.resolve("data"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(RegisterKey.PRIVATE_KEY_FILE, RegisterKey.PUBLIC_KEY_FILE);
    }
  }

  @Test
  void privateKeyIsOwnerOnlyWherePosix() throws Exception {
    RegisterKey.loadOrCreate(dataDir);
    Path privateKey = dataDir.resolve(RegisterKey.PRIVATE_KEY_FILE);
    if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void damagedPrivateKeyIsAClearErrorAndNotReplaced() throws Exception {
    RegisterKey.loadOrCreate(dataDir);
    Path privateKey = dataDir.resolve(RegisterKey.PRIVATE_KEY_FILE);
    byte[] damaged = Files.readAllBytes(privateKey);
    damaged[3] ^= 0x55;
    Files.write(privateKey, damaged);
    assertThatThrownBy(() -> RegisterKey.loadOrCreate(dataDir))
        .isInstanceOf(RegisterKeyException.class)
        .hasMessageContaining(RegisterKey.PRIVATE_KEY_FILE)
        .hasMessageContaining("damaged");
    assertThat(Files.readAllBytes(privateKey)).isEqualTo(damaged);
  }

  @Test
  void emptyOrTruncatedKeyFilesAreClearErrors() throws Exception {
    RegisterKey.loadOrCreate(dataDir);
    Path publicKey = dataDir.resolve(RegisterKey.PUBLIC_KEY_FILE);
    byte[] bytes = Files.readAllBytes(publicKey);
    Files.write(publicKey, java.util.Arrays.copyOf(bytes, bytes.length - 1));
    assertThatThrownBy(() -> RegisterKey.loadOrCreate(dataDir))
        .isInstanceOf(RegisterKeyException.class)
        .hasMessageContaining(RegisterKey.PUBLIC_KEY_FILE);
    Files.write(dataDir.resolve(RegisterKey.PRIVATE_KEY_FILE), new byte[0]);
    assertThatThrownBy(() -> RegisterKey.loadOrCreate(dataDir))
        .isInstanceOf(RegisterKeyException.class)
        .hasMessageContaining(RegisterKey.PRIVATE_KEY_FILE);
  }

  @Test
  void mismatchedPublicKeyIsAClearError() throws Exception {
    Path other = dataDir.resolve("other");
    RegisterKey.loadOrCreate(dataDir);
    RegisterKey.loadOrCreate(other);
    Files.copy(other.resolve(RegisterKey.PUBLIC_KEY_FILE), dataDir.resolve(RegisterKey.PUBLIC_KEY_FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> RegisterKey.loadOrCreate(dataDir))
        .isInstanceOf(RegisterKeyException.class)
        .hasMessageContaining("mismatch");
  }

  @Test
  void halfPresentKeyIsAClearErrorAndNotRegenerated() throws Exception {
    RegisterKey.loadOrCreate(dataDir);
    Files.delete(dataDir.resolve(RegisterKey.PUBLIC_KEY_FILE));
    assertThatThrownBy(() -> RegisterKey.loadOrCreate(dataDir))
        .isInstanceOf(RegisterKeyException.class)
        .hasMessageContaining("incomplete")
        .hasMessageContaining(RegisterKey.PUBLIC_KEY_FILE);
    assertThat(Files.exists(dataDir.resolve(RegisterKey.PUBLIC_KEY_FILE))).isFalse();
  }

  @Test
  void refusesToSignTwice() {
    RegisterKey key = RegisterKey.loadOrCreate(dataDir);
    Receipt signed = key.sign(TestingReceipts.unsigned());
    assertThatThrownBy(() -> key.sign(signed)).isInstanceOf(IllegalArgumentException.class);
  }
}
