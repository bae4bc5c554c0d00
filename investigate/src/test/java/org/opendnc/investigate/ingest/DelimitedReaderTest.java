package org.opendnc.investigate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.error.DncException;
import org.opendnc.core.number.NumberParser;
import org.opendnc.investigate.sample.CaseWorld;

/** The byte-level reader against the FastCSV path: same rows, cells, line numbers and reports. */
class DelimitedReaderTest {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  @TempDir
  Path dir;

  /** What a sink heard, and how the file ended, as text to compare. */
  private static final class Recording implements TableSink {
    final List<String> events = new ArrayList<>();

    @Override
    public void header(List<String> names, long line, boolean firstRow) {
      events.add("header " + line + " " + firstRow + " " + render(names.toArray(String[]::new)));
    }

    @Override
    public void row(long line, String[] cells) {
      events.add("row " + line + " " + render(cells));
    }

    @Override
    public void unreadable(long line, String reason, String detail) {
      events.add("unreadable " + line + " " + reason + " " + detail);
    }

    private static String render(String[] cells) {
      StringBuilder out = new StringBuilder().append(cells.length).append(':');
      for (String cell : cells) {
        out.append('[').append(cell.replace("\r", "\\r").replace("\n", "\\n")).append(']');
      }
      return out.toString();
    }
  }

  private List<String> read(Path file, int cap, boolean byteLevel) {
    Recording sink = new Recording();
    try {
      CsvTableReader.Format format = CsvTableReader.read(file, cap, sink, byteLevel);
      sink.events.add("format " + format);
    } catch (DncException e) {
      sink.events.add("error " + e.code() + " " + e.getMessage());
    } catch (IOException e) {
      sink.events.add("io " + e.getMessage());
    }
    return sink.events;
  }

  private boolean byteLevelTakes(Path file, int cap) throws IOException {
    TextEncoding.Detected encoding = TextEncoding.detect(file);
    return DelimitedReader.accepts(encoding, ',', cap) || DelimitedReader.accepts(encoding, ';', cap);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private List<String> assertSame(Path file, int cap) {
    List<String> fastCsv = read(file, cap, false);
    List<String> bytes = read(file, cap, true);
    assertThat(bytes).as(file.getFileName().toString()).containsExactlyElementsOf(fastCsv);
    return bytes;
  }

  @Test
  void seededRandomFilesGiveTheSameRowsCellsLinesAndReports() throws IOException {
    Random random = new Random(20261129);
    String[] pieces = {"a", "b", "Rossi", "3331234567", "+39 333 1234567", "2023-01-15", ",", ";", "\t", "|", "\"", "\"\"",
        " ", "\n", "\r\n", "\u00e8", "\u00c0", "\u20ac", "x\"y", "\"q,\nr\"", "\"\"\"", "  ", "0"};
    int byteLevelFiles = 0;
    StringBuilder big = new StringBuilder();
    for (int n = 0; n < 3000; n++) {
      StringBuilder text = new StringBuilder();
      int lines = random.nextInt(12);
      char delimiter = random.nextBoolean() ? ',' : ';';
      for (int l = 0; l < lines; l++) {
        int cells = random.nextInt(6);
        for (int c = 0; c < cells; c++) {
          if (c > 0) {
            text.append(delimiter);
          }
          if (random.nextInt(4) == 0) { // a well-quoted cell
            text.append('"');
            for (int k = random.nextInt(4); k > 0; k--) {
              String piece = pieces[random.nextInt(pieces.length)];
              text.append(piece.replace("\"", "\"\""));
            }
            text.append('"');
          } else {
            for (int k = random.nextInt(3); k > 0; k--) {
              String piece = pieces[random.nextInt(pieces.length)];
              if (random.nextInt(8) != 0) {
                piece = piece.replace("\"", "").replace("\n", "").replace("\r", "");
              }
              text.append(piece);
            }
          }
        }
        if (random.nextInt(10) != 0 || l + 1 < lines) {
          text.append(random.nextInt(3) == 0 ? "\r\n" : "\n");
        }
      }
      boolean latin1 = random.nextInt(3) == 0;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!latin1 && random.nextInt(5) == 0) {
        out.write(0xEF);
        out.write(0xBB);
        out.write(0xBF);
      }
      out.writeBytes(text.toString().getBytes(latin1 ? WINDOWS_1252 : StandardCharsets.UTF_8));
      int cap = random.nextInt(4) == 0 ? 8 + random.nextInt(30) : 1 << 20;
      Path file = write("random-" + n + ".csv", out.toByteArray());
      if (!latin1) {
        big.append(text.toString().replace("\"", "")).append('\n'); // quotes out, so one file can run long
      }
      if (byteLevelTakes(file, cap)) {
        byteLevelFiles++;
      }
      assertSame(file, cap);
    }
    assertThat(byteLevelFiles).as("files the byte-level reader took").isGreaterThan(2000);
    // one file of about a megabyte: rows straddle the reader's 64 KiB reads
    Path file = write("random-big.csv", big.toString().repeat(8).getBytes(StandardCharsets.UTF_8));
    assertThat(Files.size(file)).isGreaterThan(500_000);
    assertThat(byteLevelTakes(file, 1 << 20)).isTrue();
    assertThat(assertSame(file, 1 << 20).size()).isGreaterThan(10_000);
  }

  @Test
  void quotedDelimitersNewlinesAndDoubledQuotesAreCells() throws IOException {
    Path file = write("quoted.csv", ("phone,name,note\r\n3331234567,\"Rossi, Mario\",\"two\nlines\"\r\n"
        + "3332345678,\"say \"\"hi\"\"\",x\"y\"z\r\n\r\n3333456789,a,b").getBytes(StandardCharsets.UTF_8));
    assertThat(assertSame(file, 1 << 20)).containsExactly(
        "header 1 true 3:[phone][name][note]",
        "row 2 3:[3331234567][Rossi, Mario][two\\nlines]",
        "row 4 3:[3332345678][say \"hi\"][x\"y\"z]",
        "row 6 3:[3333456789][a][b]",
        "format Format[encoding=UTF-8, delimiter=,]");
  }

  @Test
  void aBomAndLatin1BytesAreDecodedAsBefore() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Path utf8 = write("bom.csv", concat(bom, "telefono;nome\n3331234567;Niccol\u00f2\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(assertSame(utf8, 1 << 20)).contains("row 2 2:[3331234567][Niccol\u00f2]");
    Path latin1 = write("latin1.csv", "telefono;nome\n3331234567;NICCOL\u00d2 \u20ac\n".getBytes(WINDOWS_1252));
    assertThat(assertSame(latin1, 1 << 20)).contains("row 2 2:[3331234567][NICCOL\u00d2 \u20ac]");
  }

  @Test
  void raggedRowsAndEmptyLinesKeepTheirLineNumbers() throws IOException {
    Path file = write("ragged.csv", "a,b,c\n\n1,2\n\n\n1,2,3,4\n,\n".getBytes(StandardCharsets.UTF_8));
    assertThat(assertSame(file, 1 << 20)).containsExactly(
        "header 1 true 3:[a][b][c]", "row 3 2:[1][2]", "row 6 4:[1][2][3][4]", "row 7 2:[][]",
        "format Format[encoding=UTF-8, delimiter=,]");
  }

  @Test
  void aLineOverTheCapGoesToFastCsvAndIsReportedTheSame() throws IOException {
    Path file = write("long.csv", ("phone,name\n3331234567,short\n3332345678," + "x".repeat(200) + "\n3333456789,after\n")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(byteLevelTakes(file, 100)).isFalse();
    assertThat(assertSame(file, 100)).contains("unreadable 3 RECORD_TOO_LONG line longer than 100 characters; skipped to the next line");
  }

  @Test
  void aQuoteOpenAtTheEndIsAClearReport() throws IOException {
    Path file = write("open.csv", "phone,name\n3331112222,\"never closed\n3332223333,x\n".getBytes(StandardCharsets.UTF_8));
    List<String> events = assertSame(file, 1 << 20);
    assertThat(events.getLast()).startsWith("error MALFORMED_CSV open.csv: a quote opened at line 2 never closes");
  }

  @Test
  void aQuotedFieldLongerThanFastCsvsBufferStopsTheFileAfterTheLastGoodRow() throws IOException {
    StringBuilder text = new StringBuilder("phone,name\n3331112222,ok\n3332223333,\"open\n");
    while (text.length() < 80_000) {
      text.append("3334445555,more rows\n");
    }
    text.append("\"\n");
    Path file = write("overflow.csv", text.toString().getBytes(StandardCharsets.UTF_8));
    List<String> fastCsv = read(file, 1000, false);
    List<String> bytes = read(file, 1000, true);
    assertThat(bytes.subList(0, bytes.size() - 1)).containsExactlyElementsOf(fastCsv.subList(0, fastCsv.size() - 1));
    assertThat(bytes.getLast()).startsWith("error MALFORMED_CSV overflow.csv: unreadable after line 2 (a quote that never closes?)");
    assertThat(fastCsv.getLast()).startsWith("error MALFORMED_CSV overflow.csv: unreadable after line 2 (a quote that never closes?)");
  }

  @Test
  void aFirmsRecordsAreTheSameReadEitherWay() throws IOException {
    CaseWorld.Truth truth = new CaseWorld(CaseWorld.Settings.small(7)).write(dir.resolve("world"));
    assertThat(truth.firms()).isNotEmpty();
    NumberParser parser = NumberParser.forRegion("IT");
    ZoneId zone = CaseWorld.ZONE;
    int compared = 0;
    try (var files = Files.list(dir.resolve("world").resolve("case"))) {
      for (Path file : files.sorted().toList()) {
        if (CaseReader.kindOf(file) != CaseReader.Kind.CSV) {
          continue;
        }
        List<String> logA = new ArrayList<>();
        List<String> logB = new ArrayList<>();
        FirmReader a = new FirmReader("f", file.getFileName().toString(), parser, zone, Mapping.none().forFirm("f"),
            (f, line, reason, detail) -> logA.add(line + " " + reason + " " + detail));
        FirmReader b = new FirmReader("f", file.getFileName().toString(), parser, zone, Mapping.none().forFirm("f"),
            (f, line, reason, detail) -> logB.add(line + " " + reason + " " + detail));
        CsvTableReader.Format formatA = CsvTableReader.read(file, 1 << 20, a, false);
        CsvTableReader.Format formatB = CsvTableReader.read(file, 1 << 20, b, true);
        assertThat(DelimitedReader.accepts(TextEncoding.detect(file), formatB.delimiter(), 1 << 20)).isTrue();
        FirmRecords recordsA = a.finish(10);
        FirmRecords recordsB = b.finish(10);
        assertThat(b.summary(formatB.toString(), recordsB)).isEqualTo(a.summary(formatA.toString(), recordsA));
        assertThat(logB).isEqualTo(logA);
        assertThat(dump(recordsB)).isEqualTo(dump(recordsA));
        compared++;
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(3);
  }

  private static List<String> dump(FirmRecords records) {
    List<String> out = new ArrayList<>();
    FirmRecords.Cursor cursor = records.cursor();
    while (cursor.hasNext()) {
      long key = cursor.next();
      int i = cursor.index();
      out.add(key + " " + records.day(i) + " " + records.consentMinute(i) + " " + records.nameFingerprint(i) + " "
          + records.shapeFingerprint(i) + " " + records.hasFlag(i, FirmRecords.SHARED_CONSENT) + " "
          + records.hasFlag(i, FirmRecords.NO_CONSENT_SOURCE) + " " + records.line(i));
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
