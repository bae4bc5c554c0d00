package org.opendnc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.check.CheckOptions;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.index.NumberSet;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.store.ReceiptStore;

/** The engine's behaviour, written once and run on SQLite and on PostgreSQL. */
abstract class BaseRegisterEngineTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  /** The register under test; {@code dataDir} holds the key and the snapshot. */
  abstract RegisterConfig config(Path dataDir);

  Register open() {
    return Register.open(config(dir.resolve("data")), line -> {});
  }

  Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  static final String REGISTER_CSV =
      """
      number,registered_at,channel
      +393331234567,2024-01-10T09:00:00Z,WEB
      06 1234 5678,2024-02-01,PHONE
      3331234567,2024-03-01T00:00:00Z,WEB
      not-a-number,2024-01-01,WEB
      3205551234,yesterday,WEB
      3471112222,2024-01-01,PIGEON
      +44 20 7946 0958,2024-01-01,WEB
      3479998888,,
      """;

  @Test
  void importIsIdempotentAndReportsEveryBadRowWithItsLine() throws IOException {
    Path csv = write("register.csv", REGISTER_CSV);
    try (Register register = open()) {
      RegisterImport.Result first = new RegisterImport(register, CLOCK).run(csv, dir.resolve("rejects.csv"), null);
      assertThat(first.rows()).isEqualTo(8);
      assertThat(first.registered()).isEqualTo(3);
      assertThat(first.duplicates()).isEqualTo(1);
      assertThat(first.rejected()).isEqualTo(4);
      assertThat(first.firstRejected())
          .extracting(RegisterImport.RejectedRow::line, RegisterImport.RejectedRow::reason)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(5L, "INVALID_NUMBER"),
              org.assertj.core.groups.Tuple.tuple(6L, "INVALID_DATE"),
              org.assertj.core.groups.Tuple.tuple(7L, "INVALID_CHANNEL"),
              org.assertj.core.groups.Tuple.tuple(8L, "FOREIGN_NUMBER"));
      assertThat(Files.readAllLines(first.rejectsFile())).hasSize(5).first().isEqualTo("line,reason,detail");
      assertThat(register.view().registeredCount()).isEqualTo(3);

      RegisterImport.Result again = new RegisterImport(register, CLOCK).run(csv, dir.resolve("rejects2.csv"), null);
      assertThat(again.registered()).isZero();
      assertThat(again.alreadyRegistered()).isEqualTo(3);
      assertThat(again.registerVersion()).isEqualTo(first.registerVersion());
      assertThat(register.store().events().count()).isEqualTo(3);
    }
  }

  @Test
  void importRefusesTimesTheRegisterCannotHoldAsInvalidDatesWithTheirLines() throws IOException {
    Path csv = write("register.csv", """
        number,registered_at,channel
        3331000001,0001-01-01,WEB
        3331000002,1600-06-01T00:00:00Z,WEB
        3331000003,9999-12-31,WEB
        3331000004,2024-02-30,WEB
        3331000005,1677-09-21T00:12:44Z,WEB
        """);
    try (Register register = open()) {
      RegisterImport.Result result = new RegisterImport(register, CLOCK).run(csv, dir.resolve("rejects.csv"), null);

      assertThat(result.registered()).isEqualTo(1);
      assertThat(result.firstRejected())
          .extracting(RegisterImport.RejectedRow::line, RegisterImport.RejectedRow::reason)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(2L, "INVALID_DATE"),
              org.assertj.core.groups.Tuple.tuple(3L, "INVALID_DATE"),
              org.assertj.core.groups.Tuple.tuple(4L, "INVALID_DATE"),
              org.assertj.core.groups.Tuple.tuple(5L, "INVALID_DATE"));
      assertThat(result.firstRejected().get(0).detail()).contains("1677 to 2262");
      assertThat(new RegisterQueries(register).history(393331000005L))
          .singleElement()
          .extracting(RegisterEvent::at)
          .isEqualTo(Instant.parse("1677-09-21T00:12:44Z"));
    }
  }

  @Test
  void importInRunsSkipsDuplicatesAcrossAndWithinRunsKeepingTheFirstRowOfEachNumber() throws IOException {
    // Runs of 4 valid rows: lines 2-5, 6-9, then 10, 12, 13 and 14 (line 11 is rejected).
    Path csv = write("register.csv", """
        number,registered_at,channel
        %1$s9,2024-01-09,WEB
        %1$s5,2024-01-05T10:00:00Z,WEB
        %1$s0,2024-01-01,WEB
        %1$s5,2024-02-05T10:00:00Z,PHONE
        %1$s3,2024-01-03,EMAIL
        %1$s9,2024-03-09,PHONE
        %1$s0,2024-03-01,WEB
        %1$s7,2024-01-07,WEB
        %1$s1,2024-01-01,WEB
        %1$s2,0001-01-01,WEB
        %1$s2,2024-01-02,WEB
        %1$s4,2024-01-04,WEB
        %1$s6,,
        """.formatted("+39 333 100 000"));
    try (Register register = open()) {
      new RegisterUpdates(register).record(List.of(
          RegisterEvent.of(393331000000L, EventType.REGISTER, null, CLOCK.instant(), Channel.WEB, "before"),
          RegisterEvent.of(393331000001L, EventType.REGISTER, null, CLOCK.instant(), Channel.WEB, "before")));
      List<Long> commits = new ArrayList<>();
      RegisterImport.Result result = new RegisterImport(register, CLOCK)
          .runRows(4)
          .onCommit(commits::add)
          .run(csv, dir.resolve("rejects.csv"), null);

      assertThat(result.rows()).isEqualTo(13);
      assertThat(result.registered()).isEqualTo(7);
      assertThat(result.alreadyRegistered()).isEqualTo(2);
      assertThat(result.duplicates()).isEqualTo(3);
      assertThat(result.rejected()).isEqualTo(1);
      assertThat(result.firstRejected()).extracting(RegisterImport.RejectedRow::line).containsExactly(11L);
      assertThat(commits).containsExactly(2L, 4L, 7L);
      assertThat(register.view().version()).isEqualTo(9);

      RegisterQueries queries = new RegisterQueries(register);
      assertThat(queries.history(393331000005L)).singleElement().satisfies(e -> {
        assertThat(e.at()).isEqualTo(Instant.parse("2024-01-05T10:00:00Z")); // line 3, not line 5
        assertThat(e.channel()).isEqualTo(Channel.WEB);
      });
      assertThat(queries.history(393331000009L)).singleElement()
          .extracting(RegisterEvent::at).isEqualTo(Instant.parse("2024-01-08T23:00:00Z")); // line 2
      assertThat(queries.history(393331000000L)).singleElement()
          .extracting(RegisterEvent::evidence).isEqualTo("before");

      // Each run is appended in number order: sequences 3-4, 5-6 and 7-9.
      List<RegisterEvent> imported = new ArrayList<>();
      register.store().events().replay(2, imported::add);
      assertThat(imported).extracting(RegisterEvent::e164).containsExactly(
          393331000005L, 393331000009L, 393331000003L, 393331000007L, 393331000002L, 393331000004L, 393331000006L);

      RegisterImport.Result again = new RegisterImport(register, CLOCK).runRows(3).run(csv, dir.resolve("r2.csv"), null);
      assertThat(again.registered()).isZero();
      assertThat(again.alreadyRegistered()).isEqualTo(9);
      assertThat(again.duplicates()).isEqualTo(3);
      assertThat(again.registerVersion()).isEqualTo(9);
      assertThat(register.store().events().count()).isEqualTo(9);
    }
  }

  @Test
  void importKeepsTheGivenTimeAndChannelAndDefaultsTheRest() throws IOException {
    Path csv = write("register.csv", REGISTER_CSV);
    try (Register register = open()) {
      new RegisterImport(register, CLOCK).run(csv, dir.resolve("rejects.csv"), null);
      RegisterQueries queries = new RegisterQueries(register);
      assertThat(queries.history(390612345678L))
          .singleElement()
          .satisfies(e -> {
            assertThat(e.at()).isEqualTo(Instant.parse("2024-01-31T23:00:00Z")); // midnight in Rome
            assertThat(e.channel()).isEqualTo(Channel.PHONE);
          });
      assertThat(queries.history(393479998888L))
          .singleElement()
          .satisfies(e -> {
            assertThat(e.at()).isEqualTo(CLOCK.instant());
            assertThat(e.channel()).isEqualTo(Channel.IMPORT);
          });
    }
  }

  @Test
  void importRefusesUnusableFilesClearly() throws IOException {
    try (Register register = open()) {
      RegisterImport importer = new RegisterImport(register, CLOCK);
      Path rejects = dir.resolve("rejects.csv");
      assertCode(() -> importer.run(dir.resolve("missing.csv"), rejects, null), ErrorCode.INPUT_NOT_FOUND);
      assertCode(() -> importer.run(write("empty.csv", ""), rejects, null), ErrorCode.INPUT_EMPTY);
      assertCode(() -> importer.run(write("cols.csv", "phone_no,x\n1,2\n"), rejects, null), ErrorCode.COLUMN_NOT_FOUND);
      Path binary = dir.resolve("binary.csv");
      Files.write(binary, new byte[] {'n', 0, 1, 2, 3});
      assertCode(() -> importer.run(binary, rejects, null), ErrorCode.INPUT_BINARY);
      assertCode(() -> importer.run(dir, rejects, null), ErrorCode.INPUT_UNREADABLE);
    }
  }

  @Test
  void checkWritesASignedReceiptThatVerifiesAndIsStoredWithTheCallableNumbers() throws IOException {
    Path csv = write("register.csv", REGISTER_CSV);
    Path list = write("list.csv", "name,telefono\nA,333 123 4567\nB,320 555 1234\nC,???\nD,347 999 8888\n");
    try (Register register = open()) {
      new RegisterImport(register, CLOCK).run(csv, dir.resolve("rejects.csv"), null);
      new RegisterUpdates(register).record(List.of(
          RegisterEvent.of(393479998888L, EventType.ALLOW, "acme", CLOCK.instant(), Channel.WEB, "test")));
      Path output = dir.resolve("out.csv");
      ListCheck.Outcome outcome =
          new ListCheck(register, CLOCK).run(list, output, new CheckOptions("acme", null, false), null);

      assertThat(outcome.receipt().counts().callable()).isEqualTo(2);
      assertThat(outcome.receipt().counts().blocked()).isEqualTo(1);
      assertThat(outcome.receipt().counts().invalid()).isEqualTo(1);
      assertThat(outcome.receipt().registerVersion()).isEqualTo(4);
      assertThat(outcome.receipt().validUntil()).isEqualTo(CLOCK.instant().plus(java.time.Duration.ofDays(15)));
      assertThat(outcome.receiptFile()).isEqualTo(dir.resolve("out.receipt.json"));
      assertThat(Files.readString(output)).contains("B,320 555 1234,+393205551234,CALLABLE,NOT_REGISTERED");

      ReceiptCheck.Report report = ReceiptCheck.verify(
          outcome.receiptFile(), register.key().publicKey(), register.key().keyId(), output, list);
      assertThat(report.valid()).as("%s", report.failure()).isTrue();

      ReceiptStore.StoredReceipt stored = register.store().receipts().find(outcome.receipt().id()).orElseThrow();
      NumberSet callable = NumberSet.fromBytes(stored.callableSet());
      assertThat(callable.contains(393205551234L)).isTrue();
      assertThat(callable.contains(393479998888L)).isTrue();
      assertThat(callable.contains(393331234567L)).isFalse();
      assertThat(stored.signedJson()).isEqualTo(Files.readString(outcome.receiptFile()));

      Files.writeString(output, Files.readString(output).replace("BLOCKED", "CALLABLE"));
      ReceiptCheck.Report tampered = ReceiptCheck.verify(
          outcome.receiptFile(), register.key().publicKey(), register.key().keyId(), output, null);
      assertThat(tampered.valid()).isFalse();
      assertThat(tampered.failure().code()).isEqualTo(ErrorCode.RECEIPT_HASH_MISMATCH);

      Files.writeString(outcome.receiptFile(),
          Files.readString(outcome.receiptFile()).replace("\"acme\"", "\"other\""));
      ReceiptCheck.Report forged = ReceiptCheck.verify(
          outcome.receiptFile(), register.key().publicKey(), register.key().keyId(), null, null);
      assertThat(forged.failure().code()).isEqualTo(ErrorCode.RECEIPT_SIGNATURE_INVALID);
    }
  }

  @Test
  void aFailedCheckLeavesNoOutputBehind() throws IOException {
    Path list = write("list.csv", "id,name\n1,2\n");
    try (Register register = open()) {
      Path output = dir.resolve("out.csv");
      assertCode(() -> new ListCheck(register, CLOCK).run(list, output, new CheckOptions("acme", null, false), null),
          ErrorCode.COLUMN_NOT_FOUND);
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("out") || n.contains("partial"));
      }
    }
  }

  @Test
  void indexComesBackFromSnapshotPlusLaterEventsAndIsRebuiltWhenTheSnapshotIsCorrupt() throws IOException {
    Path csv = write("register.csv", REGISTER_CSV);
    Path snapshot;
    try (Register register = open()) {
      new RegisterImport(register, CLOCK).run(csv, dir.resolve("rejects.csv"), null);
      register.saveSnapshot();
      snapshot = register.snapshotFile();
      // Logged after the snapshot: must be replayed on the next start.
      new RegisterUpdates(register).record(List.of(
          RegisterEvent.of(393331234567L, EventType.CANCEL, null, CLOCK.instant(), Channel.WEB, null)));
    }
    List<String> notes = new ArrayList<>();
    try (Register register = Register.open(config(dir.resolve("data")), notes::add)) {
      assertThat(register.view().version()).isEqualTo(4);
      assertThat(register.view().isRegistered(393331234567L)).isFalse();
      assertThat(register.view().registeredCount()).isEqualTo(2);
      assertThat(notes).anyMatch(n -> n.contains("replayed register events 4..4"));
    }
    byte[] bytes = Files.readAllBytes(snapshot);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(snapshot, bytes);
    notes.clear();
    try (Register register = Register.open(config(dir.resolve("data")), notes::add)) {
      assertThat(notes).anyMatch(n -> n.contains("unusable"));
      assertThat(register.view().version()).isEqualTo(4);
      assertThat(register.view().registeredCount()).isEqualTo(2);
      assertThat(register.view().isRegistered(390612345678L)).isTrue();
    }
    Files.delete(snapshot);
    try (Register register = open()) {
      assertThat(register.view().registeredCount()).isEqualTo(2);
    }
  }

  @Test
  void historyAnswersWhetherANumberWasOpposedForAnOperatorAtATime() {
    long n = 393331234567L;
    try (Register register = open()) {
      new RegisterUpdates(register).record(List.of(
          RegisterEvent.of(n, EventType.REGISTER, null, Instant.parse("2024-01-01T00:00:00Z"), Channel.WEB, null),
          RegisterEvent.of(n, EventType.ALLOW, "acme", Instant.parse("2024-06-01T00:00:00Z"), Channel.WEB, null),
          RegisterEvent.of(n, EventType.CANCEL, null, Instant.parse("2025-01-01T00:00:00Z"), Channel.WEB, null)));
      RegisterQueries q = new RegisterQueries(register);
      assertThat(q.wasOpposed(n, "acme", Instant.parse("2023-12-31T00:00:00Z"))).isFalse();
      assertThat(q.wasOpposed(n, "acme", Instant.parse("2024-03-01T00:00:00Z"))).isTrue();
      assertThat(q.wasOpposed(n, "acme", Instant.parse("2024-07-01T00:00:00Z"))).isFalse();
      assertThat(q.wasOpposed(n, "other", Instant.parse("2024-07-01T00:00:00Z"))).isTrue();
      assertThat(q.wasOpposed(n, "other", Instant.parse("2025-02-01T00:00:00Z"))).isFalse();
      assertThat(q.history(n)).extracting(RegisterEvent::type)
          .containsExactly(EventType.REGISTER, EventType.ALLOW, EventType.CANCEL);
      assertCode(() -> q.parse("12"), ErrorCode.INVALID_ARGUMENT);
    }
  }

  static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(DncException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
