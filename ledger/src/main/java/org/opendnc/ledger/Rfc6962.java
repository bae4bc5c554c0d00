package org.opendnc.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** RFC 6962 Merkle tree hashing with SHA-256: leaf and node hashes, and the root of a list. */
public final class Rfc6962 {

  /*
   * RFC 6962 section 2.1 (RFC 9162 section 2.1.1): the hash of a leaf is SHA-256(0x00 || data) and
   * the hash of an interior node is SHA-256(0x01 || left || right). The distinct one-byte prefixes
   * keep a leaf from ever being read as a node (second-preimage attacks). The tree of n > 1 leaves
   * splits at k, the largest power of two smaller than n: root = node(MTH(D[0:k]), MTH(D[k:n])); the
   * root of the empty tree is SHA-256 of the empty string.
   */

  /** Bytes of every hash in the tree. */
  public static final int HASH_BYTES = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Rfc6962::newSha256);

  private Rfc6962() {}

  /** SHA-256(0x00 || data). */
  public static byte[] leafHash(byte[] data) {
    Objects.requireNonNull(data, "data");
    MessageDigest digest = SHA256.get();
    digest.update(LEAF_PREFIX);
    digest.update(data);
    return digest.digest();
  }

  /** SHA-256(0x01 || left || right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest digest = SHA256.get();
    digest.update(NODE_PREFIX);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  /** The node hash of two hashes stored side by side in {@code hashes} at {@code offset}. */
  static byte[] nodeHash(byte[] hashes, int offset) {
    MessageDigest digest = SHA256.get();
    digest.update(NODE_PREFIX);
    digest.update(hashes, offset, 2 * HASH_BYTES);
    return digest.digest();
  }

  /** The root of the empty tree: SHA-256 of no bytes. */
  public static byte[] emptyRoot() {
    return SHA256.get().digest();
  }

  /**
   * The Merkle tree hash of the given leaf hashes, computed as RFC 6962 defines it (recursively).
   * For tests and small trees; logs compute roots from stored subtrees ({@link Proofs#root}).
   */
  public static byte[] root(List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      return emptyRoot();
    }
    return root(leafHashes, 0, leafHashes.size());
  }

  private static byte[] root(List<byte[]> leafHashes, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leafHashes.get(from);
    }
    int k = Integer.highestOneBit(n - 1);
    return nodeHash(root(leafHashes, from, from + k), root(leafHashes, from + k, to));
  }

  /**
   * The root of a perfect subtree whose {@code count} leaves (a power of two) are the hashes stored
   * consecutively in {@code hashes} from hash number {@code first}.
   */
  static byte[] perfectRoot(byte[] hashes, int first, int count) {
    if (count == 1) {
      return Arrays.copyOfRange(hashes, first * HASH_BYTES, (first + 1) * HASH_BYTES);
    }
    // Hash pairs bottom-up in a scratch copy: count - 1 node hashes.
    byte[] level = Arrays.copyOfRange(hashes, first * HASH_BYTES, (first + count) * HASH_BYTES);
    for (int width = count; width > 1; width >>= 1) {
      for (int i = 0; i < width / 2; i++) {
        byte[] parent = nodeHash(level, 2 * i * HASH_BYTES);
        System.arraycopy(parent, 0, level, i * HASH_BYTES, HASH_BYTES);
      }
    }
    return Arrays.copyOf(level, HASH_BYTES);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
