package org.opendnc.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * shared/testdata/ledger/signed-notes.json: golang.org/x/mod/sumdb/note's keys and notes, the C2SP
 * example and a real sum.golang.org checkpoint; valid and invalid cases, and every rejection listed.
 */
class SignedNotesVectorsTest {

  static final JsonNode VECTORS = TestVectors.load("signed-notes.json");

  static String noteOf(JsonNode vector) {
    return vector.has("note")
        ? vector.get("note").asText()
        : vector.get("text").asText() + "\n" + vector.get("sig_line").asText() + "\n";
  }

  static SignedNote open(String note, NoteVerifier verifier) {
    return SignedNote.open(note.getBytes(StandardCharsets.UTF_8), List.of(verifier));
  }

  @Test
  void everyCaseIsAcceptedOrRefusedAsExpected() {
    assertThat(VECTORS.get("cases").size()).isEqualTo(5);
    int valid = 0;
    int invalid = 0;
    for (JsonNode vector : VECTORS.get("cases")) {
      NoteVerifier verifier = NoteVerifier.parse(vector.get("vkey").asText());
      String note = noteOf(vector);
      String expect = vector.get("expect").asText();
      if (expect.startsWith("valid")) {
        SignedNote opened = open(note, verifier);
        assertThat(opened.verified()).extracting(SignedNote.Signature::name).containsExactly(verifier.name());
        assertThat(opened.verified().get(0).keyId()).isEqualTo(verifier.keyId());
        if (vector.has("text")) {
          assertThat(opened.text()).isEqualTo(vector.get("text").asText());
        }
        valid++;
      } else {
        assertThat(expect).isEqualTo("invalid signature");
        assertThatThrownBy(() -> open(note, verifier))
            .isInstanceOfSatisfying(NoteException.class,
                e -> assertThat(e.kind()).isEqualTo(NoteException.Kind.INVALID_SIGNATURE));
        invalid++;
      }
    }
    assertThat(valid).isEqualTo(4);
    assertThat(invalid).isEqualTo(1);
  }

  @Test
  void signingWithTheSignerKeyOutputsTheTextAndTheSignatureLine() {
    JsonNode vector = VECTORS.get("cases").get(0);
    NoteSigner signer = NoteSigner.parse(vector.get("skey").asText());
    assertThat(signer.verifier().verifierKey()).isEqualTo(vector.get("vkey").asText());
    assertThat(signer.signerKey()).isEqualTo(vector.get("skey").asText());
    assertThat(signer.sign(vector.get("text").asText()))
        .isEqualTo(vector.get("text").asText() + "\n" + vector.get("sig_line").asText() + "\n");
  }

  @Test
  void theGoChecksumDatabaseCheckpointIsACheckpoint() {
    JsonNode vector = VECTORS.get("cases").get(4);
    Checkpoint checkpoint = Checkpoint.open(vector.get("note").asText(), NoteVerifier.parse(vector.get("vkey").asText()));
    assertThat(checkpoint.origin()).isEqualTo("go.sum database tree");
    assertThat(checkpoint.size()).isEqualTo(6476701);
    assertThat(checkpoint.text()).isEqualTo(vector.get("note").asText().substring(0, checkpoint.text().length()));
  }

  @Test
  void aNoteWithNoSignatureBlockIsMalformed() {
    assertListed("a note with no signature block");
    JsonNode vector = VECTORS.get("cases").get(0);
    NoteVerifier verifier = NoteVerifier.parse(vector.get("vkey").asText());
    assertMalformed(vector.get("text").asText(), verifier);
    assertMalformed(vector.get("text").asText() + "\n", verifier);
    assertMalformed("", verifier);
  }

  @Test
  void aSignatureLineWithoutItsFinalNewlineIsMalformed() {
    assertListed("a signature line without its final newline");
    JsonNode vector = VECTORS.get("cases").get(0);
    String note = noteOf(vector);
    assertMalformed(note.substring(0, note.length() - 1), NoteVerifier.parse(vector.get("vkey").asText()));
  }

  @Test
  void aSignerNameWithASpaceIsMalformed() {
    assertListed("a signer name with a space");
    JsonNode vector = VECTORS.get("cases").get(0);
    NoteVerifier verifier = NoteVerifier.parse(vector.get("vkey").asText());
    String note = noteOf(vector).replace("\u2014 PeterNeumann ", "\u2014 Peter Neumann ");
    assertMalformed(note, verifier);
    assertThatThrownBy(() -> NoteSigner.generate("Peter Neumann")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NoteVerifier.parse("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anExtraLineAfterTheSignaturesIsMalformed() {
    assertListed("an extra line after the signatures");
    JsonNode vector = VECTORS.get("cases").get(0);
    NoteVerifier verifier = NoteVerifier.parse(vector.get("vkey").asText());
    assertMalformed(noteOf(vector) + "one more line\n", verifier);
  }

  @Test
  void aSignatureFromAnUnknownKeyOnlyIsUnverified() {
    assertListed("a signature from an unknown key only");
    JsonNode peter = VECTORS.get("cases").get(0);
    JsonNode enoch = VECTORS.get("cases").get(1);
    assertThatThrownBy(() -> open(noteOf(peter), NoteVerifier.parse(enoch.get("vkey").asText())))
        .isInstanceOfSatisfying(NoteException.class,
            e -> assertThat(e.kind()).isEqualTo(NoteException.Kind.UNVERIFIED))
        .hasMessageContaining("PeterNeumann+c74f20a3");
  }

  @Test
  void unknownSignaturesBesideAKnownValidOneAreIgnored() {
    JsonNode peter = VECTORS.get("cases").get(0);
    JsonNode enoch = VECTORS.get("cases").get(1);
    String both = peter.get("text").asText() + "\n" + peter.get("sig_line").asText() + "\n"
        + enoch.get("sig_line").asText() + "\n";
    SignedNote opened = open(both, NoteVerifier.parse(enoch.get("vkey").asText()));
    assertThat(opened.verified()).extracting(SignedNote.Signature::name).containsExactly("EnochRoot");
    assertThat(opened.unverified()).extracting(SignedNote.Signature::name).containsExactly("PeterNeumann");
  }

  @Test
  void aKeyWithTheRightNameAndTheWrongIdIsUnknownNotTrusted() {
    JsonNode peter = VECTORS.get("cases").get(0);
    NoteVerifier other = NoteSigner.generate("PeterNeumann").verifier();
    assertThatThrownBy(() -> open(noteOf(peter), other))
        .isInstanceOfSatisfying(NoteException.class,
            e -> assertThat(e.kind()).isEqualTo(NoteException.Kind.UNVERIFIED));
  }

  @Test
  void alteredTextIsAnInvalidSignature() {
    JsonNode vector = VECTORS.get("cases").get(3);
    String altered = vector.get("note").asText().replace("example message", "exemplary message");
    assertThatThrownBy(() -> open(altered, NoteVerifier.parse(vector.get("vkey").asText())))
        .isInstanceOfSatisfying(NoteException.class,
            e -> assertThat(e.kind()).isEqualTo(NoteException.Kind.INVALID_SIGNATURE));
  }

  @Test
  void malformedKeysAreRefusedWithReasons() {
    assertThatThrownBy(() -> NoteVerifier.parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> NoteVerifier.parse("PeterNeumann+c74f20a3"))
        .hasMessageContaining("field");
    assertThatThrownBy(() -> NoteVerifier.parse("PeterNeumann+c74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .hasMessageContaining("8 hexadecimal digits");
    assertThatThrownBy(() -> NoteVerifier.parse("PeterNeumann+c74f20a3+AhpzDtIK/3nHMCe+"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NoteSigner.parse("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"))
        .hasMessageContaining("does not match").hasMessageNotContaining("AYEKFALV");
    assertThatThrownBy(() -> NoteSigner.parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .hasMessageContaining("PRIVATE+KEY+");
  }

  @Test
  void aGeneratedKeySignsNotesItsVerifierOpens() {
    NoteSigner signer = NoteSigner.generate("opendnc.example/ledger");
    NoteSigner again = NoteSigner.parse(signer.signerKey());
    assertThat(again.verifier().verifierKey()).isEqualTo(signer.verifier().verifierKey());
    String note = again.sign("hello\n\nworld\n");
    SignedNote opened = open(note, NoteVerifier.parse(signer.verifier().verifierKey()));
    assertThat(opened.text()).isEqualTo("hello\n\nworld\n");
  }

  @Test
  void controlCharactersAndBadUtf8AreMalformed() {
    JsonNode vector = VECTORS.get("cases").get(0);
    NoteVerifier verifier = NoteVerifier.parse(vector.get("vkey").asText());
    assertMalformed("tab\there\n" + "\n" + vector.get("sig_line").asText() + "\n", verifier);
    byte[] badUtf8 = noteOf(vector).getBytes(StandardCharsets.UTF_8);
    badUtf8[3] = (byte) 0xff;
    assertThatThrownBy(() -> SignedNote.open(badUtf8, List.of(verifier)))
        .isInstanceOfSatisfying(NoteException.class,
            e -> assertThat(e.kind()).isEqualTo(NoteException.Kind.MALFORMED));
  }

  private static void assertListed(String rejection) {
    assertThat(VECTORS.get("must_reject").toString()).contains(rejection);
  }

  private static void assertMalformed(String note, NoteVerifier verifier) {
    assertThatThrownBy(() -> open(note, verifier))
        .isInstanceOfSatisfying(NoteException.class,
            e -> assertThat(e.kind()).isEqualTo(NoteException.Kind.MALFORMED));
  }
}
