package org.opendnc.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.ledger.AuditException;
import org.opendnc.ledger.Checkpoint;
import org.opendnc.ledger.HashLines;
import org.opendnc.ledger.MirrorAudit;
import org.opendnc.ledger.NoteException;
import org.opendnc.ledger.NoteVerifier;
import org.opendnc.ledger.ProofException;
import org.opendnc.ledger.ProofVerifier;
import org.opendnc.ledger.TileDirectory;
import org.opendnc.ledger.TlogProof;

/**
 * Verifies a transparency log's proofs and mirrors offline, from files, against the log's key:
 * an entry's inclusion in a checkpoint, the consistency of two checkpoints, a whole mirror.
 */
public final class LedgerCheck {
  private LedgerCheck() {}

  /**
   * The outcome of a verification.
   *
   * @param checks one line per check passed, e.g. "checkpoint: signed by example.com/log+33d7b496"
   * @param failure the first failure, or {@code null} when everything verified
   */
  public record Report(List<String> checks, DncException failure) {
    public Report {
      checks = List.copyOf(checks);
    }

    public boolean valid() {
      return failure == null;
    }
  }

  /** What is claimed to be in the log: its entry's bytes, or only its leaf hash. */
  public record Leaf(byte[] hash, String description) {
    public static Leaf ofEntry(byte[] entry, String description) {
      return new Leaf(org.opendnc.ledger.Rfc6962.leafHash(entry), description);
    }

    /**
     * A leaf hash given as 64 hex digits or base64.
     *
     * @throws DncException {@link ErrorCode#INVALID_ARGUMENT} if it is neither
     */
    public static Leaf ofHash(String text) {
      String trimmed = text.strip();
      byte[] hash = null;
      if (trimmed.matches("[0-9a-fA-F]{64}")) {
        hash = HexFormat.of().parseHex(trimmed);
      } else {
        try {
          hash = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
          hash = null;
        }
      }
      if (hash == null || hash.length != 32) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT,
            "--leaf-hash is not a SHA-256 leaf hash in hex (64 digits) or base64");
      }
      return new Leaf(hash, "leaf hash " + HexFormat.of().formatHex(hash));
    }
  }

  /**
   * Verifies that {@code leaf} is entry {@code index} of the log whose signed checkpoint is given.
   * {@code proofFile} is a c2sp.org/tlog-proof (which holds the index and the checkpoint: then
   * {@code checkpointFile} and {@code index} may be omitted, and must agree when given) or base64
   * hash lines (then both are needed).
   *
   * @throws DncException when a file cannot be read, or the arguments are incomplete or disagree
   */
  public static Report inclusion(Path proofFile, Path checkpointFile, Long index, Leaf leaf,
      NoteVerifier key) {
    Objects.requireNonNull(proofFile, "proofFile");
    Objects.requireNonNull(leaf, "leaf");
    String proofText = LedgerFiles.readText(proofFile, "proof", ErrorCode.PROOF_MALFORMED);
    List<byte[]> proof;
    String note;
    long leafIndex;
    if (TlogProof.looksLikeOne(proofText)) {
      TlogProof parsed;
      try {
        parsed = TlogProof.parse(proofText);
      } catch (IllegalArgumentException e) {
        throw new DncException(ErrorCode.PROOF_MALFORMED, proofFile + ": " + e.getMessage(), e);
      }
      if (index != null && index != parsed.index()) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT,
            "--index " + index + " disagrees with the proof's index " + parsed.index());
      }
      if (checkpointFile != null && !readCheckpoint(checkpointFile).equals(parsed.checkpoint())) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT,
            checkpointFile + " is not the checkpoint inside " + proofFile);
      }
      proof = parsed.proof();
      note = parsed.checkpoint();
      leafIndex = parsed.index();
    } else {
      if (checkpointFile == null || index == null) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT,
            proofFile + " holds only hashes: give --checkpoint and --index too (or a c2sp.org/tlog-proof"
                + " file, which holds both)");
      }
      proof = hashLines(proofFile, proofText);
      note = readCheckpoint(checkpointFile);
      leafIndex = index;
    }
    List<String> checks = new ArrayList<>();
    Checkpoint checkpoint;
    try {
      checkpoint = open(note, key, checkpointFile != null ? checkpointFile : proofFile, checks);
    } catch (DncException e) {
      return new Report(checks, e);
    }
    try {
      ProofVerifier.verifyInclusion(leaf.hash(), leafIndex, checkpoint.size(), proof, checkpoint.rootHash());
      checks.add("inclusion: " + leaf.description() + " is entry " + leafIndex + " of the tree of size "
          + checkpoint.size());
      return new Report(checks, null);
    } catch (ProofException e) {
      return new Report(checks, new DncException(ErrorCode.PROOF_INVALID,
          "the proof does not show " + leaf.description() + " as entry " + leafIndex + " of the tree of"
              + " size " + checkpoint.size() + ": " + e.getMessage()));
    }
  }

  /**
   * Verifies that the tree of {@code oldCheckpointFile} is a prefix of the tree of
   * {@code newCheckpointFile}, both signed by {@code key}, with the proof's hash lines.
   *
   * @throws DncException when a file cannot be read or the proof file is malformed
   */
  public static Report consistency(Path oldCheckpointFile, Path newCheckpointFile, Path proofFile,
      NoteVerifier key) {
    List<byte[]> proof = hashLines(proofFile, LedgerFiles.readText(proofFile, "proof", ErrorCode.PROOF_MALFORMED));
    String oldNote = readCheckpoint(oldCheckpointFile);
    String newNote = readCheckpoint(newCheckpointFile);
    List<String> checks = new ArrayList<>();
    Checkpoint older;
    Checkpoint newer;
    try {
      older = open(oldNote, key, oldCheckpointFile, checks);
      newer = open(newNote, key, newCheckpointFile, checks);
    } catch (DncException e) {
      return new Report(checks, e);
    }
    if (!older.origin().equals(newer.origin())) {
      return new Report(checks, new DncException(ErrorCode.PROOF_INVALID,
          "the checkpoints are of different logs: " + older.origin() + " and " + newer.origin()));
    }
    try {
      ProofVerifier.verifyConsistency(older.size(), newer.size(), proof, older.rootHash(), newer.rootHash());
      checks.add("consistency: the tree of size " + older.size() + " is a prefix of the tree of size "
          + newer.size());
      return new Report(checks, null);
    } catch (ProofException e) {
      return new Report(checks, new DncException(ErrorCode.PROOF_INVALID,
          "the consistency proof from size " + older.size() + " to " + newer.size()
              + " does not verify: " + e.getMessage()));
    }
  }

  /**
   * Audits a mirrored log in {@code directory} end to end: its checkpoint against {@code key},
   * every tile recomputed from the entries up, and the root.
   *
   * @throws DncException {@link ErrorCode#INPUT_NOT_FOUND} if the directory or its checkpoint is
   *     missing, {@link ErrorCode#INPUT_UNREADABLE} if a file cannot be read
   */
  public static Report mirror(Path directory, NoteVerifier key) {
    if (!Files.isDirectory(directory)) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, directory + ": no such directory.");
    }
    Path checkpointFile = directory.resolve("checkpoint");
    String note = readCheckpoint(checkpointFile);
    List<String> checks = new ArrayList<>();
    try {
      open(note, key, checkpointFile, checks);
      MirrorAudit.Report report = MirrorAudit.audit(new TileDirectory(directory), key);
      checks.add(String.format("tiles: %,d entries, %,d entry bundle(s) and %,d hash tile(s) recompute to the"
          + " checkpoint's root", report.entries(), report.bundles(), report.tiles()));
      return new Report(checks, null);
    } catch (DncException e) {
      return new Report(checks, e);
    } catch (AuditException e) {
      return new Report(checks, new DncException(ErrorCode.MIRROR_INVALID, directory + ": " + e.getMessage()));
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE,
          directory + ": cannot read the mirror: " + e.getMessage(), e);
    }
  }

  /** The bytes of an entry given as a file. */
  public static byte[] readEntryFile(Path file) {
    return LedgerFiles.readBytes(file, "entry");
  }

  private static String readCheckpoint(Path file) {
    return LedgerFiles.readText(file, "checkpoint", ErrorCode.CHECKPOINT_MALFORMED);
  }

  private static List<byte[]> hashLines(Path file, String text) {
    try {
      return HashLines.parse(text);
    } catch (IllegalArgumentException e) {
      throw new DncException(ErrorCode.PROOF_MALFORMED, file + ": " + e.getMessage(), e);
    }
  }

  /** Opens a signed checkpoint, adding its check line; failures as DncExceptions. */
  private static Checkpoint open(String note, NoteVerifier key, Path file, List<String> checks) {
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(note.getBytes(StandardCharsets.UTF_8), key);
    } catch (NoteException e) {
      ErrorCode code = e.kind() == NoteException.Kind.MALFORMED
          ? ErrorCode.CHECKPOINT_MALFORMED : ErrorCode.CHECKPOINT_SIGNATURE_INVALID;
      throw new DncException(code, file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new DncException(ErrorCode.CHECKPOINT_MALFORMED,
          file + ": signed, but not a checkpoint: " + e.getMessage(), e);
    }
    checks.add("checkpoint " + file.getFileName() + ": signed by " + key.name() + "+"
        + String.format("%08x", key.keyId()) + "; " + checkpoint.origin() + ", size " + checkpoint.size()
        + ", root " + Base64.getEncoder().encodeToString(checkpoint.rootHash()));
    return checkpoint;
  }
}
