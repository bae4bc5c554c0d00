package org.opendnc.core.receipt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * The register's Ed25519 signing key, kept in the data directory and created on first use. Signs
 * receipts over {@link ReceiptJson#canonicalBytes}. Thread-safe.
 */
public final class RegisterKey {

  /*
   * Files in the data directory:
   *   register-key.pk8  the private key, PKCS#8 DER, owner read/write only where POSIX permissions
   *                     exist (rw-------);
   *   register-key.pub  the public key, X.509 SubjectPublicKeyInfo DER.
   * A key is created only when neither file exists. Each file is written to a temporary file,
   * forced and atomically renamed; the public key first, the private key last. Any other state (one
   * file missing, a file that does not parse, a public key that does not match the private one) is
   * an error for a human to resolve from backups: a new key would orphan every receipt signed with
   * the old one. Keys are checked to match by signing and verifying a probe message at load.
   */

  /** File name of the private key in the data directory. */
  public static final String PRIVATE_KEY_FILE = "register-key.pk8";

  /** File name of the public key in the data directory. */
  public static final String PUBLIC_KEY_FILE = "register-key.pub";

  private static final String ALGORITHM = "Ed25519";
  private static final byte[] PROBE = "opendnc register key probe".getBytes(StandardCharsets.UTF_8);

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  private RegisterKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = Ed25519Keys.keyId(publicKey);
  }

  /**
   * Loads the key from {@code dataDir}, or creates and stores one if the directory holds neither
   * key file. Creates the directory if needed. Not safe against two processes creating the key at
   * the same moment: call it once at startup.
   *
   * @throws RegisterKeyException if the key files are damaged, mismatched, half present or cannot
   *     be read or written; the message names the file and what to do
   */
  public static RegisterKey loadOrCreate(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    Path privateFile = dataDir.resolve(PRIVATE_KEY_FILE);
    Path publicFile = dataDir.resolve(PUBLIC_KEY_FILE);
    boolean hasPrivate = Files.exists(privateFile);
    boolean hasPublic = Files.exists(publicFile);
    if (hasPrivate && hasPublic) {
      return load(privateFile, publicFile);
    }
    if (hasPrivate || hasPublic) {
      Path missing = hasPrivate ? publicFile : privateFile;
      throw new RegisterKeyException(
          "register key incomplete: " + missing + " is missing while "
              + (hasPrivate ? privateFile : publicFile) + " exists. Restore the missing file from"
              + " a backup; a new key is not created because it would orphan every receipt signed"
              + " with the existing one.");
    }
    return create(dataDir, privateFile, publicFile);
  }

  private static RegisterKey load(Path privateFile, Path publicFile) {
    KeyFactory factory = keyFactory();
    PrivateKey privateKey;
    PublicKey publicKey;
    try {
      privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(readKeyFile(privateFile)));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw damaged(privateFile, "not an Ed25519 PKCS#8 private key", e);
    }
    try {
      publicKey = factory.generatePublic(new X509EncodedKeySpec(readKeyFile(publicFile)));
      Ed25519Keys.raw(publicKey);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw damaged(publicFile, "not an Ed25519 X.509 public key", e);
    }
    RegisterKey key = new RegisterKey(privateKey, publicKey);
    if (!key.verifies(key.signBytes(PROBE), PROBE)) {
      throw new RegisterKeyException(
          "register key mismatch: " + publicFile + " is not the public key of " + privateFile
              + ". Restore the matching pair from a backup.");
    }
    return key;
  }

  private static byte[] readKeyFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new RegisterKeyException("cannot read register key file " + file + ": " + e, e);
    }
  }

  private static RegisterKeyException damaged(Path file, String what, Exception cause) {
    if (cause instanceof RegisterKeyException unreadable) {
      return unreadable;
    }
    return new RegisterKeyException(
        "register key file " + file + " is damaged (" + what + "). Restore it from a backup; a new"
            + " key is not created because it would orphan every receipt signed with the existing"
            + " one.",
        cause);
  }

  private static RegisterKey create(Path dataDir, Path privateFile, Path publicFile) {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519", e);
    }
    try {
      Files.createDirectories(dataDir);
      writeAtomically(publicFile, pair.getPublic().getEncoded(), false);
      writeAtomically(privateFile, pair.getPrivate().getEncoded(), true);
      forceDirectory(dataDir);
    } catch (IOException e) {
      throw new RegisterKeyException(
          "cannot store a new register key in " + dataDir + ": " + e, e);
    }
    return new RegisterKey(pair.getPrivate(), pair.getPublic());
  }

  private static void writeAtomically(Path file, byte[] content, boolean ownerOnly)
      throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes =
        ownerOnly && posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp",
        attributes);
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void forceDirectory(Path directory) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(directory, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException e) {
      return; // directories cannot be opened on some systems (Windows)
    }
    try (channel) {
      channel.force(true);
    }
  }

  /** First 16 hex characters of the SHA-256 of the raw public key; names the key in receipts. */
  public String keyId() {
    return keyId;
  }

  /** The raw 32-byte public key, base64 (RFC 4648 with padding), for publishing. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(Ed25519Keys.raw(publicKey));
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Signs a receipt: an Ed25519 signature over {@link ReceiptJson#canonicalBytes}.
   *
   * @return the receipt with this key's id and the base64 signature
   * @throws IllegalArgumentException if the receipt already carries a key id or signature
   */
  public Receipt sign(Receipt unsigned) {
    Objects.requireNonNull(unsigned, "unsigned");
    if (unsigned.keyId() != null || unsigned.signature() != null) {
      throw new IllegalArgumentException("receipt " + unsigned.id() + " is already signed");
    }
    byte[] signature = signBytes(ReceiptJson.canonicalBytes(unsigned));
    return unsigned.withSignature(keyId, Base64.getEncoder().encodeToString(signature));
  }

  /**
   * Signs other messages with the register's key: the transparency log's checkpoints (C2SP signed
   * notes, whose text starts with the log's origin line). Receipts are signed over canonical JSON
   * objects, which start with '{'; a caller must never sign a message that starts with '{', so
   * that no signature it obtains can pass for a receipt's.
   *
   * @return the 64-byte Ed25519 signature
   * @throws IllegalArgumentException if the message starts with '{'
   */
  public byte[] signMessage(byte[] message) {
    Objects.requireNonNull(message, "message");
    if (message.length > 0 && message[0] == '{') {
      throw new IllegalArgumentException("the register's key signs JSON objects only as receipts");
    }
    return signBytes(message);
  }

  private byte[] signBytes(byte[] message) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(privateKey);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  private boolean verifies(byte[] signature, byte[] message) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static KeyFactory keyFactory() {
    try {
      return KeyFactory.getInstance(ALGORITHM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519", e);
    }
  }

  @Override
  public String toString() {
    return "RegisterKey[" + keyId + "]";
  }
}
