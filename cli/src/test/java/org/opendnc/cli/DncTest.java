package org.opendnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DncTest {
  @TempDir Path dir;

  CliRun.Result dnc(String... args) {
    return CliRun.run(dir.resolve("data"), args);
  }

  @Test
  void importScrubAndVerifyEndToEnd() throws IOException {
    Path register = dir.resolve("register.csv");
    Files.writeString(register, "number,registered_at,channel\n+393331234567,2024-01-01T00:00:00Z,WEB\nbad,,\n");
    CliRun.Result imported = dnc("register", "import", register.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("newly registered 1").contains("rejected 1");
    assertThat(imported.err()).contains("line 3: INVALID_NUMBER");

    Path list = dir.resolve("calls.csv");
    Files.writeString(list, "nome;telefono\nAnna;333 123 4567\nBea;320 555 1234\n");
    CliRun.Result scrub = dnc("scrub", list.toString(), "--operator", "acme");
    assertThat(scrub.exit()).as(scrub.err()).isZero();
    assertThat(scrub.out()).contains("callable 1").contains("blocked 1");
    Path result = dir.resolve("calls.checked.csv");
    Path receipt = dir.resolve("calls.checked.receipt.json");
    assertThat(result).exists();
    assertThat(receipt).exists();

    CliRun.Result verify = dnc("receipt", "verify", receipt.toString(), "--result", result.toString(), "--list", list.toString());
    assertThat(verify.exit()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("signature: valid").contains("is valid");

    CliRun.Result key = dnc("key", "show");
    assertThat(key.out()).contains("Ed25519").contains("public key: ");
    String publicKey = key.out().lines().filter(l -> l.startsWith("public key: ")).findFirst().orElseThrow().substring(12);
    assertThat(dnc("receipt", "verify", receipt.toString(), "--key", publicKey).exit()).isZero();

    Files.writeString(result, Files.readString(result) + "extra\n");
    CliRun.Result tampered = dnc("receipt", "verify", receipt.toString(), "--result", result.toString());
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.err()).contains("RECEIPT_HASH_MISMATCH");

    CliRun.Result history = dnc("register", "history", "333 123 4567", "--operator", "acme");
    assertThat(history.out()).contains("REGISTER").contains("OPPOSED");
  }

  @Test
  void errorsHaveStableCodesExitCodesAndNoStackTraces() throws IOException {
    CliRun.Result missing = dnc("scrub", dir.resolve("nope.csv").toString(), "--operator", "acme");
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err()).contains("INPUT_NOT_FOUND").contains("nope.csv").doesNotContain("Exception");

    Path noColumn = dir.resolve("x.csv");
    Files.writeString(noColumn, "a,b\n1,2\n");
    CliRun.Result column = dnc("scrub", noColumn.toString(), "--operator", "acme");
    assertThat(column.exit()).isEqualTo(3);
    assertThat(column.err()).contains("COLUMN_NOT_FOUND").contains("--column");

    assertThat(dnc("scrub", noColumn.toString()).exit()).isEqualTo(2); // --operator missing
    assertThat(dnc("register", "event", "ALLOW", "3331234567").err()).contains("needs --operator");
  }

  @Test
  void demoRunsEndToEndOnSmallData() {
    CliRun.Result demo = dnc("demo", "--register-size", "20000", "--list-size", "5000");
    assertThat(demo.exit()).as(demo.err() + demo.out()).isZero();
    assertThat(demo.out()).contains("1. Generated").contains("2. Imported").contains("4. Checked 5,000 rows")
        .contains("5. Receipt");
    CliRun.Result again = dnc("demo", "--register-size", "20000", "--list-size", "5000");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("newly registered 0");
  }

  @Test
  void operatorsAndKeysAreManagedFromTheCommandLine() {
    CliRun.Result created = dnc("operator", "create", "acme", "--plan", "trial", "--name", "ACME S.p.A.");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("Created operator acme on plan trial.")
        .containsPattern("API key:  odnc_[A-Za-z0-9_-]{43}");
    String keyId = created.out().lines().filter(l -> l.startsWith("key id:")).findFirst().orElseThrow()
        .substring("key id:".length()).strip();

    CliRun.Result again = dnc("operator", "create", "acme");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("CONFLICT").contains("already exists");
    CliRun.Result badPlan = dnc("operator", "create", "beta", "--plan", "gold");
    assertThat(badPlan.exit()).isEqualTo(2);
    assertThat(badPlan.err()).contains("INVALID_ARGUMENT").contains("no plan named 'gold'");

    assertThat(dnc("operator", "key", "acme").out()).contains("API key:  odnc_");
    assertThat(dnc("operator", "revoke", "acme", keyId).out()).contains("Revoked key " + keyId);
    CliRun.Result listed = dnc("operator", "list");
    assertThat(listed.out()).contains("acme  plan trial").contains("revoked").contains("active since")
        .doesNotContainPattern("odnc_[A-Za-z0-9_-]{43}");
    CliRun.Result unknown = dnc("operator", "revoke", "acme", "no-such-key");
    assertThat(unknown.exit()).isEqualTo(6);
    assertThat(unknown.err()).contains("NOT_FOUND");
  }

  @Test
  void theAdminPasswordCanBeResetFromTheCommandLine() {
    CliRun.Result first = dnc("admin", "reset-password");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("Created account admin:");
    CliRun.Result reset = dnc("admin", "reset-password");
    assertThat(reset.out()).contains("New one-time password for admin:");
    CliRun.Result missing = dnc("admin", "reset-password", "nobody");
    assertThat(missing.exit()).isEqualTo(6);
    assertThat(missing.err()).contains("NOT_FOUND");
  }

  @Test
  void aRegulatorAccountIsCreatedFromTheCommandLineAndCanLogIn() {
    CliRun.Result created = dnc("admin", "create-user", "garante");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("Created REGULATOR account garante:");
    String password = created.out().lines().skip(1).findFirst().orElseThrow().strip();
    try (var store = org.opendnc.store.RegisterStore.openSqlite(dir.resolve("data"))) {
      var user = store.accounts().user("garante").orElseThrow();
      assertThat(user.role()).isEqualTo(org.opendnc.store.User.Role.REGULATOR);
      assertThat(user.operator()).isNull();
      assertThat(user.mustChangePassword()).isTrue();
      assertThat(password).hasSize(20);
      assertThat(user.passwordHash()).startsWith("$argon2id$").doesNotContain(password);
    }
    CliRun.Result again = dnc("admin", "create-user", "garante");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("CONFLICT");
    CliRun.Result wrongRole = dnc("admin", "create-user", "clerk", "--role", "OPERATOR");
    assertThat(wrongRole.exit()).isEqualTo(2);
    assertThat(wrongRole.err()).contains("INVALID_ARGUMENT", "REGULATOR or ADMIN");
  }
}
