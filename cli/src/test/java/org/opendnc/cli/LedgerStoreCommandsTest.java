package org.opendnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.engine.RegisterConfig;
import org.opendnc.server.Server;
import org.opendnc.server.ServerConfig;

/**
 * {@code dnc ledger import}, {@code verify store} and {@code mirror} against a real register:
 * bulk rows with rejects by line, idempotence, tampering in the database found, a served log
 * mirrored over HTTP and audited.
 */
class LedgerStoreCommandsTest {
  @TempDir Path dir;

  CliRun.Result dnc(String... args) {
    return CliRun.run(dir.resolve("data"), args);
  }

  static final Instant GIVEN = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);

  static String consentRow(String number, String message) {
    return number + ",Acme,telemarketing,v1," + "ab".repeat(32) + ",web_form," + GIVEN + ",203.0.113.7,"
        + GIVEN + "," + message + ",operator:beta\n";
  }

  Path consents() throws Exception {
    return Files.writeString(dir.resolve("consents.csv"),
        "number,controller,purposes,notice.version,notice.sha256,collection_method,given_at,"
            + "evidence.ip,evidence.timestamp,evidence.confirmation_message_id,recipients\n"
            + consentRow("3331234567", "m-1")
            + consentRow("not-a-number", "m-2")
            + consentRow("3337654321", "m-3"));
  }

  @Test
  void importRecordsRowsReportsRejectsByLineAndLogsNothingTwice() throws Exception {
    assertThat(dnc("operator", "create", "acme").exit()).isZero();
    Path file = consents();
    CliRun.Result first = dnc("ledger", "import", file.toString(), "--operator", "acme");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("3 rows", "recorded 2   already logged 0   rejected 1");
    Path rejects = dir.resolve("consents.csv.rejects.csv");
    assertThat(Files.readAllLines(rejects)).hasSize(2).last().asString()
        .startsWith("3,RECORD_INVALID,,").contains("number: 'not-a-number' is not a valid telephone number");

    CliRun.Result again = dnc("ledger", "import", file.toString(), "--operator", "acme");
    assertThat(again.out()).contains("recorded 0   already logged 2   rejected 1");
    assertThat(Files.readAllLines(rejects)).filteredOn(line -> line.contains(",DUPLICATE,c-")).hasSize(2);

    Path contracts = Files.writeString(dir.resolve("contracts.jsonl"),
        "{\"number\": \"+393471112222\", \"start\": \"" + GIVEN + "\"}\n{\"number\": 5}\n");
    CliRun.Result jsonLines = dnc("ledger", "import", contracts.toString(), "--operator", "acme", "--kind", "contracts");
    assertThat(jsonLines.out()).contains("JSON lines", "recorded 1   already logged 0   rejected 1");
    assertThat(dnc("ledger", "import", file.toString(), "--operator", "nobody").err()).contains("no operator 'nobody'");
    assertThat(dnc("ledger", "import", file.toString(), "--operator", "acme", "--kind", "gifts").exit()).isEqualTo(2);

    CliRun.Result verified = dnc("ledger", "verify", "store");
    assertThat(verified.exit()).as(verified.err()).isZero();
    assertThat(verified.out()).contains("ok   records: 3 records match their entries",
        "The stored consent ledger is intact: 3 entries, 3 records.");
  }

  @Test
  void verifyStoreFindsARecordAndAnEntryChangedAroundTheTriggers() throws Exception {
    assertThat(dnc("operator", "create", "acme").exit()).isZero();
    assertThat(dnc("ledger", "import", consents().toString(), "--operator", "acme").exit()).isZero();
    String id;
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/register.db"));
        Statement statement = connection.createStatement()) {
      try (var rows = statement.executeQuery("SELECT record_id FROM ledger_records WHERE leaf_index = 0")) {
        rows.next();
        id = rows.getString(1);
      }
      // An attacker with the database file: the triggers refuse, so it drops them first.
      statement.execute("DROP TRIGGER ledger_records_no_update");
      statement.executeUpdate("UPDATE ledger_records SET record = replace(record, 'web_form', 'paper')"
          + " WHERE leaf_index = 0");
    }
    CliRun.Result changedRecord = dnc("ledger", "verify", "store");
    assertThat(changedRecord.exit()).isEqualTo(1);
    assertThat(changedRecord.err()).contains("FAIL LEDGER_TAMPERED: record " + id
        + " (leaf 0) no longer matches its entry: the record or its salt was changed");

    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/register.db"));
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE ledger_records SET record = replace(record, 'paper', 'web_form')"
          + " WHERE leaf_index = 0");
      assertThat(dnc("ledger", "verify", "store").exit()).as("restored").isZero();
      statement.execute("DROP TRIGGER ledger_entries_no_update");
      statement.executeUpdate("UPDATE ledger_entries SET entry = zeroblob(32) WHERE leaf_index = 0");
    }
    CliRun.Result changedEntry = dnc("ledger", "verify", "store");
    assertThat(changedEntry.exit()).isEqualTo(1);
    assertThat(changedEntry.err()).contains("entries were changed")
        .contains("record " + id + " (leaf 0) no longer matches its entry");
  }

  @Test
  void aServedLogIsMirroredOverHttpAndAudited() throws Exception {
    assertThat(dnc("operator", "create", "acme").exit()).isZero();
    assertThat(dnc("ledger", "import", consents().toString(), "--operator", "acme").exit()).isZero();
    String key = dnc("ledger", "key", "--origin", "opendnc.local/consent-ledger").out().strip();
    try (Server server = Server.start(RegisterConfig.embedded(dir.resolve("data")),
        ServerConfig.defaults().withAddress("127.0.0.1", 0), line -> {})) {
      String url = server.url().resolve("/ledger/").toString();
      CliRun.Result mirrored = dnc("ledger", "mirror", url, dir.resolve("mirror").toString(), "--key", key);
      assertThat(mirrored.exit()).as(mirrored.err()).isZero();
      assertThat(mirrored.out()).contains("ok   tiles: 2 entries", "The mirror is a faithful copy of the log.");
    }
    CliRun.Result audited = dnc("ledger", "verify", "mirror", dir.resolve("mirror").toString(), "--key", key);
    assertThat(audited.exit()).isZero();
    Files.write(dir.resolve("mirror/tile/entries/000.p/2"), new byte[] {0, 1, 7, 0, 1, 8});
    CliRun.Result tampered = dnc("ledger", "verify", "mirror", dir.resolve("mirror").toString(), "--key", key);
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.err()).contains("MIRROR_INVALID");
  }
}
