package org.opendnc.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.investigate.ingest.FileSummary;

/**
 * A case folder of hostile files next to good ones: each bad file gets a clear error or its bad
 * rows are counted with their lines, and the case still runs to the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileFilesTest {
  private static final int LINE_CAP = 64 * 1024;
  @TempDir static Path root;
  private Map<String, FileSummary> files;
  private InvestigationResult result;
  private String unreadable;

  private static final String GOOD_ROWS = """
      telefono,nome,cognome,data_inserimento,data_consenso
      +39 333 1234567,Niccolò,Rossi,2022-01-10,2022-01-09 10:00:00
      3401234567,Lucia,Bianchi,2022-01-10,2022-01-09 11:00:00
      """;

  @BeforeAll
  void investigate() throws IOException {
    Path caseDir = Files.createDirectories(root.resolve("case"));
    Files.writeString(caseDir.resolve("good.csv"), GOOD_ROWS + "3471234567,Anna,Neri,2022-01-11,\n");
    Files.write(caseDir.resolve("latin1.csv"), (GOOD_ROWS.replace(',', ';')).getBytes(Charset.forName("ISO-8859-1")));
    Files.write(caseDir.resolve("utf16.csv"), GOOD_ROWS.getBytes(StandardCharsets.UTF_16));
    Files.writeString(caseDir.resolve("ragged.csv"), GOOD_ROWS
        + "3481234567,Too,Many,2022-01-12,2022-01-11 09:00:00,extra,fields\n"
        + "3491234567,Too few\n"
        + ",Empty,Number,2022-01-12,\n"
        + "3501234567,Last,Good,2022-01-12,\n");
    try (OutputStream out = Files.newOutputStream(caseDir.resolve("longline.csv"))) {
      out.write("phone,name\n3331112222,Before\n3332223333,".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < (4 * LINE_CAP) / chunk.length; i++) {
        out.write(chunk);
      }
      out.write("\n3334445555,After\n".getBytes(StandardCharsets.US_ASCII));
    }
    Files.writeString(caseDir.resolve("quote.csv"), "phone,name\n3331112222,\"never closed\n3332223333,x\n");
    byte[] binary = new byte[4096];
    new java.util.Random(3).nextBytes(binary);
    binary[10] = 0;
    Files.write(caseDir.resolve("photo.csv"), binary);
    Files.writeString(caseDir.resolve("empty.csv"), "");
    Files.writeString(caseDir.resolve("nophone.csv"), "nome,citta\nMario,Roma\nLuca,Milano\n");
    Files.writeString(caseDir.resolve("broken.jsonl"), "{\"phone\":\"3331234567\",\"name\":\"A\"}\n{not json\n[1,2]\n"
        + "{\"phone\":\"3401234567\",\"name\":\"B\"}\n");
    Files.write(caseDir.resolve("corrupt.sqlite"), concat("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), binary));
    writeBomb(caseDir.resolve("bomb.xlsx"));
    Files.writeString(caseDir.resolve("notreallyxlsx.xlsx"), "phone\n3331234567\n");
    InvestigationOptions options = InvestigationOptions.of(caseDir, root.resolve("out")).withMaxLineChars(LINE_CAP);
    result = Investigation.of(options).run(line -> { });
    files = result.files().stream().collect(Collectors.toMap(FileSummary::file, Function.identity()));
    unreadable = Files.readString(root.resolve("out/unreadable_rows.csv"));
  }

  @Test
  void theCaseRunsToTheEndWithTheGoodFiles() {
    assertThat(files.get("good.csv").failed()).isFalse();
    assertThat(files.get("good.csv").records()).isEqualTo(3);
    assertThat(result.lineage().pairs()).isNotEmpty();
  }

  @Test
  void latin1IsDetectedAndItsNamesMatchTheUtf8File() {
    FileSummary latin1 = files.get("latin1.csv");
    assertThat(latin1.format()).contains("windows-1252").contains("semicolon");
    var pair = result.lineage().pairs().stream()
        .filter(p -> p.firmA().equals("good") && p.firmB().equals("latin1")).findFirst().orElseThrow();
    assertThat(pair.namesCompared()).isEqualTo(2);
    assertThat(pair.namesIdentical()).isEqualTo(2);
  }

  @Test
  void utf16AndBinaryFilesAreRefusedAsBinary() {
    assertThat(files.get("utf16.csv").errorCode()).isEqualTo(ErrorCode.INPUT_BINARY);
    assertThat(files.get("photo.csv").errorCode()).isEqualTo(ErrorCode.INPUT_BINARY);
    assertThat(files.get("photo.csv").error()).contains("photo.csv").contains("binary");
  }

  @Test
  void raggedRowsAreCountedWithTheirLinesAndTheRestIsRead() {
    FileSummary ragged = files.get("ragged.csv");
    assertThat(ragged.records()).isEqualTo(3);
    assertThat(ragged.unreadable()).isEqualTo(3);
    assertThat(unreadable).contains("ragged.csv,4,RAGGED_ROW").contains("ragged.csv,5,RAGGED_ROW")
        .contains("ragged.csv,6,MISSING_NUMBER");
  }

  @Test
  void aLineOverTheCapIsSkippedAsOneUnreadableRow() {
    FileSummary longLine = files.get("longline.csv");
    assertThat(longLine.failed()).isFalse();
    assertThat(longLine.records()).isEqualTo(2);
    assertThat(longLine.unreadable()).isEqualTo(1);
    assertThat(unreadable).contains("longline.csv,3,RECORD_TOO_LONG");
  }

  @Test
  void anUnclosedQuoteStopsOnlyThatFile() {
    assertThat(files.get("quote.csv").errorCode()).isEqualTo(ErrorCode.MALFORMED_CSV);
    assertThat(files.get("quote.csv").error()).contains("quote.csv").contains("quote");
  }

  @Test
  void emptyAndPhonelessFilesSayWhatToDo() {
    assertThat(files.get("empty.csv").errorCode()).isEqualTo(ErrorCode.INPUT_EMPTY);
    assertThat(files.get("nophone.csv").errorCode()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    assertThat(files.get("nophone.csv").error()).contains("--mapping").contains("\"phone\"");
  }

  @Test
  void brokenJsonLinesAreCounted() {
    assertThat(files.get("broken.jsonl").records()).isEqualTo(2);
    assertThat(files.get("broken.jsonl").unreadable()).isEqualTo(2);
    assertThat(unreadable).contains("broken.jsonl,2,MALFORMED_JSON").contains("broken.jsonl,3,MALFORMED_JSON");
  }

  @Test
  void aCorruptSqliteFileIsUnreadable() {
    assertThat(files.get("corrupt.sqlite").errorCode()).isEqualTo(ErrorCode.INPUT_UNREADABLE);
    assertThat(files.get("corrupt.sqlite").error()).contains("corrupt.sqlite");
  }

  @Test
  void anXlsxBombIsRefusedAsAZipBomb() {
    assertThat(files.get("bomb.xlsx").errorCode()).isEqualTo(ErrorCode.INPUT_UNREADABLE);
    assertThat(files.get("bomb.xlsx").error()).contains("zip bomb");
    assertThat(files.get("notreallyxlsx.xlsx").errorCode()).isEqualTo(ErrorCode.INPUT_UNREADABLE);
    assertThat(files.get("notreallyxlsx.xlsx").error()).contains("not a readable XLSX");
  }

  @Test
  void theReportListsEveryFailedFileWithItsError() throws IOException {
    String html = Files.readString(root.resolve("out/report.html"));
    for (FileSummary f : result.files()) {
      if (f.failed()) {
        assertThat(html).contains(f.errorCode().name());
      }
    }
  }

  /** Opt-in (-Dinvestigate.hostile.big=true): writes a real 2 GiB line; the default cap (1 MiB) skips it. */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "investigate.hostile.big", matches = "true")
  void aTwoGibibyteLineIsSkippedWithoutHoldingIt() throws IOException {
    Path caseDir = Files.createDirectories(root.resolve("big"));
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(caseDir.resolve("huge.csv")), 1 << 20)) {
      out.write("phone,name\n3331112222,".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "y".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 2048; i++) {
        out.write(chunk);
      }
      out.write("\n3334445555,After\n".getBytes(StandardCharsets.US_ASCII));
    }
    InvestigationResult big = Investigation.of(InvestigationOptions.of(caseDir, root.resolve("big-out"))).run(line -> { });
    assertThat(big.files().get(0).records()).isEqualTo(1);
    assertThat(big.files().get(0).unreadable()).isEqualTo(1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A real workbook whose sheet is replaced by 64 MiB of blanks that deflate about 1000 to 1. */
  private static void writeBomb(Path target) throws IOException {
    Path plain = target.resolveSibling("plain.tmp");
    try (SXSSFWorkbook workbook = new SXSSFWorkbook()) {
      workbook.createSheet("Contatti").createRow(0).createCell(0).setCellValue("telefono");
      try (OutputStream out = Files.newOutputStream(plain)) {
        workbook.write(out);
      }
    }
    try (ZipFile source = new ZipFile(plain.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      for (var entries = source.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        out.putNextEntry(new ZipEntry(entry.getName()));
        if (entry.getName().startsWith("xl/worksheets/sheet")) {
          out.write("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
              .getBytes(StandardCharsets.US_ASCII));
          byte[] blanks = new byte[1 << 20];
          java.util.Arrays.fill(blanks, (byte) ' ');
          for (int i = 0; i < 64; i++) {
            out.write(blanks);
          }
          out.write("</sheetData></worksheet>".getBytes(StandardCharsets.US_ASCII));
        } else {
          source.getInputStream(entry).transferTo(out);
        }
        out.closeEntry();
      }
    }
    Files.delete(plain);
  }
}
