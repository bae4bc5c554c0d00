package org.opendnc.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Verifies inclusion and consistency proofs against root hashes, offline. Stateless and
 * thread-safe.
 */
public final class ProofVerifier {

  /*
   * The algorithms of RFC 9162 sections 2.1.3.2 (inclusion) and 2.1.4.2 (consistency), step by
   * step; fn and sn are the positions of the path's node and of the tree's last node on the current
   * level. Two cases the RFC leaves to the caller are decided as transparency-dev/merkle does
   * (decision 0014): equal sizes need an empty proof and equal roots; a proof from the empty tree
   * (old size 0) to a larger one is refused as meaningless.
   */

  private ProofVerifier() {}

  /**
   * Checks that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves whose root
   * is {@code root}.
   *
   * @throws ProofException if it is not, or the proof is malformed (index not below size, a hash
   *     that is not 32 bytes, too few or too many hashes)
   */
  public static void verifyInclusion(
      byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
    requireHash(root, "root hash");
    byte[] computed = rootFromInclusion(leafHash, index, size, proof);
    if (!MessageDigest.isEqual(computed, root)) {
      throw new ProofException(
          "the inclusion proof of leaf " + index + " leads to root " + hex(computed)
              + ", not to the tree's root " + hex(root));
    }
  }

  /**
   * The root hash that {@code proof} leads to from leaf {@code index} with hash {@code leafHash} in
   * a tree of {@code size} leaves.
   *
   * @throws ProofException if the proof is malformed (see {@link #verifyInclusion})
   */
  public static byte[] rootFromInclusion(
      byte[] leafHash, long index, long size, List<byte[]> proof) {
    Objects.requireNonNull(proof, "proof");
    requireHash(leafHash, "leaf hash");
    requireHashes(proof);
    if (index < 0 || size < 0) {
      throw new ProofException("leaf index " + index + " and tree size " + size + " must not be negative");
    }
    // 1. leaf_index must be below tree_size.
    if (index >= size) {
      throw new ProofException("leaf index " + index + " is not below the tree size " + size);
    }
    // 2.-3.
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    // 4.
    for (byte[] p : proof) {
      if (sn == 0) {
        throw new ProofException(
            "the inclusion proof has " + proof.size() + " hashes: too many for leaf " + index
                + " in a tree of size " + size);
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Rfc6962.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = Rfc6962.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5.
    if (sn != 0) {
      throw new ProofException(
          "the inclusion proof has " + proof.size() + " hashes: too few for leaf " + index
              + " in a tree of size " + size);
    }
    return r;
  }

  /**
   * Checks that the tree of {@code oldSize} leaves with root {@code oldRoot} is a prefix of the tree
   * of {@code newSize} leaves with root {@code newRoot}.
   *
   * @throws ProofException if it is not shown to be: sizes out of order, old size 0 with a larger
   *     new size, equal sizes with a non-empty proof or different roots, a malformed proof, or roots
   *     that do not match
   */
  public static void verifyConsistency(
      long oldSize, long newSize, List<byte[]> proof, byte[] oldRoot, byte[] newRoot) {
    Objects.requireNonNull(proof, "proof");
    requireHash(oldRoot, "old root hash");
    requireHash(newRoot, "new root hash");
    requireHashes(proof);
    if (oldSize < 0 || newSize < 0) {
      throw new ProofException("tree sizes " + oldSize + " and " + newSize + " must not be negative");
    }
    if (oldSize > newSize) {
      throw new ProofException(
          "the old tree size " + oldSize + " is larger than the new tree size " + newSize);
    }
    if (oldSize == newSize) {
      if (!proof.isEmpty()) {
        throw new ProofException(
            "the trees have the same size " + oldSize + ", so the proof must be empty; it has "
                + proof.size() + " hashes");
      }
      if (!MessageDigest.isEqual(oldRoot, newRoot)) {
        throw new ProofException(
            "two trees of size " + oldSize + " with different roots " + hex(oldRoot) + " and "
                + hex(newRoot));
      }
      return;
    }
    if (oldSize == 0) {
      throw new ProofException(
          "a consistency proof from the empty tree (size 0) is meaningless: every tree extends it");
    }
    // 1.
    if (proof.isEmpty()) {
      throw new ProofException(
          "the consistency proof from size " + oldSize + " to " + newSize + " is empty");
    }
    // 2.
    List<byte[]> path = proof;
    if (Long.bitCount(oldSize) == 1) {
      path = new ArrayList<>(proof.size() + 1);
      path.add(oldRoot);
      path.addAll(proof);
    }
    // 3.-4.
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5.
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    // 6.
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        throw new ProofException(
            "the consistency proof has " + proof.size() + " hashes: too many for sizes " + oldSize
                + " and " + newSize);
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Rfc6962.nodeHash(c, fr);
        sr = Rfc6962.nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = Rfc6962.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    // 7.
    if (sn != 0) {
      throw new ProofException(
          "the consistency proof has " + proof.size() + " hashes: too few for sizes " + oldSize
              + " and " + newSize);
    }
    if (!MessageDigest.isEqual(fr, oldRoot)) {
      throw new ProofException(
          "the consistency proof leads to old root " + hex(fr) + ", not to " + hex(oldRoot));
    }
    if (!MessageDigest.isEqual(sr, newRoot)) {
      throw new ProofException(
          "the consistency proof leads to new root " + hex(sr) + ", not to " + hex(newRoot));
    }
  }

  private static void requireHashes(List<byte[]> proof) {
    for (int i = 0; i < proof.size(); i++) {
      byte[] hash = proof.get(i);
      if (hash == null || hash.length != Rfc6962.HASH_BYTES) {
        throw new ProofException(
            "hash " + (i + 1) + " of the proof has " + (hash == null ? 0 : hash.length)
                + " bytes, not " + Rfc6962.HASH_BYTES);
      }
    }
  }

  private static void requireHash(byte[] hash, String what) {
    if (hash == null || hash.length != Rfc6962.HASH_BYTES) {
      throw new ProofException(
          "the " + what + " has " + (hash == null ? 0 : hash.length) + " bytes, not "
              + Rfc6962.HASH_BYTES);
    }
  }

  static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }
}
