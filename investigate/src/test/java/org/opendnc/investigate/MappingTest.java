package org.opendnc.investigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.investigate.ingest.FileSummary;
import org.opendnc.investigate.ingest.Role;

/** The mapping file overrides the columns found by name and content. */
class MappingTest {
  @TempDir Path dir;

  @Test
  void aYamlMappingNamesColumnsByHeaderAndPosition() throws IOException {
    Path caseDir = Files.createDirectories(dir.resolve("case"));
    // Two number-like columns: by content the first (a customer code that parses as a number) would win.
    Files.writeString(caseDir.resolve("acme.csv"), """
        codice;recapito alternativo;cliente;quando;ok privacy
        3331234567;3401112222;Anna Neri;10/01/2022;09/01/2022 10:00
        3331234568;3401112223;Bea Rossi;10/01/2022;
        """);
    Path mapping = dir.resolve("mapping.yaml");
    Files.writeString(mapping, """
        acme:
          phone: "#2"
          acquired: quando
          consent_at: ok privacy
          date_format: dd/MM/yyyy[ HH:mm]
        """);
    InvestigationOptions options = InvestigationOptions.of(caseDir, dir.resolve("out")).withInputs(null, null, null, mapping, null, null);
    InvestigationResult result = Investigation.of(options).run(line -> { });
    FileSummary file = result.files().get(0);
    assertThat(file.failed()).as(file.error()).isFalse();
    assertThat(file.columns()).containsEntry(Role.PHONE, "recapito alternativo").containsEntry(Role.ACQUIRED, "quando")
        .containsEntry(Role.CONSENT_AT, "ok privacy");
    assertThat(Files.readString(dir.resolve("out/consent_findings.csv")))
        .contains("acme,acme.csv,3,+393401112223,NO_CONSENT").doesNotContain("+393331234567");
  }

  @Test
  void aMappingNamingAMissingColumnIsAClearFileError() throws IOException {
    Path caseDir = Files.createDirectories(dir.resolve("case"));
    Files.writeString(caseDir.resolve("acme.csv"), "telefono\n3331234567\n");
    Files.writeString(caseDir.resolve("other.csv"), "telefono\n3331234567\n");
    Path mapping = dir.resolve("mapping.json");
    Files.writeString(mapping, "{\"acme\": {\"phone\": \"cellulare\"}}");
    InvestigationResult result = Investigation.of(InvestigationOptions.of(caseDir, dir.resolve("out"))
        .withInputs(null, null, null, mapping, null, null)).run(line -> { });
    assertThat(result.files().get(0).errorCode()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    assertThat(result.files().get(0).error()).contains("cellulare").contains("telefono");
    assertThat(result.files().get(1).failed()).isFalse();
  }

  @Test
  void aCaseWhoseEveryFileFailsSaysWhy() throws IOException {
    Path caseDir = Files.createDirectories(dir.resolve("case"));
    Files.writeString(caseDir.resolve("acme.csv"), "nome\nMario\n");
    assertThatThrownBy(() -> Investigation.of(InvestigationOptions.of(caseDir, dir.resolve("out"))).run(line -> { }))
        .isInstanceOf(DncException.class).hasMessageContaining("no file of the case could be read")
        .hasMessageContaining("COLUMN_NOT_FOUND acme.csv");
  }

  @Test
  void anUnknownRoleIsRefusedWithTheRolesThatExist() throws IOException {
    Path caseDir = Files.createDirectories(dir.resolve("case"));
    Files.writeString(caseDir.resolve("acme.csv"), "telefono\n3331234567\n");
    Path mapping = dir.resolve("mapping.json");
    Files.writeString(mapping, "{\"acme\": {\"fax\": \"x\"}}");
    assertThatThrownBy(() -> Investigation.of(InvestigationOptions.of(caseDir, dir.resolve("out"))
        .withInputs(null, null, null, mapping, null, null)).run(line -> { }))
        .isInstanceOf(DncException.class).hasMessageContaining("unknown role 'fax'").hasMessageContaining("consent_at");
  }
}
