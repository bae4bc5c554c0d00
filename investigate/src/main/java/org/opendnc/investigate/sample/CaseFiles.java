package org.opendnc.investigate.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/** Writes one firm's holdings in that firm's own schema, encoding and quirks, plus two unreadable rows. */
final class CaseFiles {
  static final int STYLES = 7;
  private static final int XLSX_MAX_ROWS = 1_000_000;
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final DateTimeFormatter LOCAL_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter ISO_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final DateTimeFormatter IT_SECONDS = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");
  private static final DateTimeFormatter IT_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
  private static final DateTimeFormatter DASH_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
  private static final DateTimeFormatter DOT_MINUTES = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

  private final Random random;
  private final ZoneId zone;

  CaseFiles(Random random, ZoneId zone) {
    this.random = random;
    this.zone = zone;
  }

  /** The consent time as the analysis reads it back from the file (style 6 writes minutes only). */
  static long writtenConsent(CaseWorld.Holder h, int i) {
    long c = h.consent[i];
    return h.style == 6 ? Math.floorDiv(c, 60) * 60 : c;
  }

  /** The number as written with a shape; invalid numbers lose their last two digits. */
  static String number(long e164, boolean invalid, int shape) {
    String national = Long.toString(e164).substring(2);
    if (invalid) {
      national = national.substring(0, national.length() - 2);
    }
    String a = national.substring(0, 3);
    String rest = national.substring(3);
    return switch (shape) {
      case 0 -> "+39 " + a + " " + rest;
      case 1 -> national;
      case 2 -> "0039 " + a + " " + rest.substring(0, Math.min(3, rest.length())) + " " + rest.substring(Math.min(3, rest.length()));
      case 3 -> a + "-" + rest;
      case 4 -> "+39" + national;
      case 5 -> a + "." + rest.substring(0, Math.min(3, rest.length())) + "." + rest.substring(Math.min(3, rest.length()));
      default -> "(+39) " + national;
    };
  }

  /** Writes the firm's file into {@code caseDir}; answers the number of unreadable rows added. */
  int writeFirm(Path caseDir, CaseWorld.Holder h) throws IOException {
    int[] order = new int[h.size];
    for (int i = 0; i < h.size; i++) {
      order[i] = i;
    }
    for (int i = h.size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int style = h.style == 3 && h.size > XLSX_MAX_ROWS ? 0 : h.style; // a sheet holds at most 1,048,576 rows
    return switch (style) {
      case 0 -> text(caseDir.resolve(h.name + ".csv"), StandardCharsets.UTF_8, false, "phone,first_name,last_name,created_at,consent_date,consent_ip",
          h, order, (r, g) -> String.join(",", g.number(), g.first(), quote(g.last()), g.date().toString(), g.consent(ISO_LOCAL), g.source()));
      case 1 -> text(caseDir.resolve(h.name + ".csv"), WINDOWS_1252, false, "telefono;nome;cognome;data_inserimento;data_consenso;fonte_consenso",
          h, order, (r, g) -> String.join(";", g.number(), g.first().toUpperCase(Locale.ITALIAN), g.last().toUpperCase(Locale.ITALIAN),
              IT_DATE.format(g.date()), g.consent(IT_SECONDS), g.source()));
      case 2 -> text(caseDir.resolve(h.name + ".tsv"), StandardCharsets.UTF_8, true, "cellulare\tnominativo\tdata_acquisizione\tconsenso\tip",
          h, order, (r, g) -> String.join("\t", g.number(), g.last() + " " + g.first(), g.date().toString(), g.consent(LOCAL_SECONDS), g.source()));
      case 3 -> xlsx(caseDir.resolve(h.name + ".xlsx"), h, order);
      case 4 -> text(caseDir.resolve(h.name + ".jsonl"), StandardCharsets.UTF_8, false, null, h, order, (r, g) ->
          "{\"msisdn\":\"" + g.number() + "\",\"name\":\"" + (g.first() + " " + g.last()).replace("\"", "\\\"") + "\",\"created_at\":\""
              + g.date() + "\",\"consent_at\":" + (g.consentSeconds() == Long.MIN_VALUE ? "null" : "\"" + Instant.ofEpochSecond(g.consentSeconds()) + "\"")
              + ",\"consent_source\":\"" + g.source() + "\"}");
      case 5 -> sqlite(caseDir.resolve(h.name + ".sqlite"), h, order);
      default -> text(caseDir.resolve(h.name + ".txt"), StandardCharsets.UTF_8, false, "Contatto Tel.|Cliente|Data|Optin|Origine",
          h, order, (r, g) -> String.join("|", g.number(), g.first() + " " + g.last(), DASH_DATE.format(g.date()), g.consent(DOT_MINUTES), g.source()));
    };
  }

  /** One record's fields as a firm writes them. */
  private final class Fields {
    final CaseWorld.Holder h;
    int i;

    Fields(CaseWorld.Holder h) {
      this.h = h;
    }

    String number() {
      return CaseFiles.number(CaseWorld.number(h.person[i]), h.invalid[i], h.shape[i]);
    }

    String first() {
      return People.firstName(h.person[i]);
    }

    String last() {
      return People.lastName(h.person[i], h.variant[i]);
    }

    LocalDate date() {
      return LocalDate.ofEpochDay(h.day[i]);
    }

    long consentSeconds() {
      return h.consent[i];
    }

    String consent(DateTimeFormatter format) {
      return h.consent[i] == Long.MIN_VALUE ? "" : format.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(h.consent[i]), zone));
    }

    String source() {
      return h.consent[i] == Long.MIN_VALUE ? "" : "203.0.113." + (h.person[i] % 250);
    }
  }

  private interface Line {
    String of(int record, Fields fields);
  }

  private static String quote(String value) {
    return value.indexOf(',') >= 0 || value.indexOf('"') >= 0 ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  private int text(Path file, Charset charset, boolean bom, String header, CaseWorld.Holder h, int[] order, Line line) throws IOException {
    Fields fields = new Fields(h);
    int bad = 0;
    try (OutputStream raw = Files.newOutputStream(file);
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(raw, charset), 1 << 16)) {
      if (bom) {
        raw.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
      }
      if (header != null) {
        out.write(header);
        out.write('\n');
      }
      char delimiter = header == null ? ',' : header.contains(";") ? ';' : header.contains("\t") ? '\t' : header.contains("|") ? '|' : ',';
      for (int k = 0; k < order.length; k++) {
        fields.i = order[k];
        out.write(line.of(order[k], fields));
        out.write('\n');
        if (k == order.length / 3 || k == order.length / 2) {
          bad++;
          if (header == null) {
            out.write(k == order.length / 3 ? "{\"msisdn\": \"3331234\", broken\n" : "[1, 2, 3]\n");
          } else if (k == order.length / 3) {
            out.write(String.join(String.valueOf(delimiter), "", "Nessun Numero", "x", "y", "z") + "\n");
          } else {
            out.write(String.join(String.valueOf(delimiter), "3470000001", "Riga", "Sfasata", "a", "b", "c", "d", "e") + "\n");
          }
        }
      }
    }
    return bad;
  }

  private int xlsx(Path file, CaseWorld.Holder h, int[] order) throws IOException {
    Fields f = new Fields(h);
    try (SXSSFWorkbook workbook = new SXSSFWorkbook(1000)) {
      Sheet sheet = workbook.createSheet("Contatti");
      CellStyle dateStyle = workbook.createCellStyle();
      dateStyle.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("d/m/yy"));
      String[] header = {"Numero", "Nome", "Cognome", "Data inserimento", "Data consenso", "Fonte consenso"};
      Row top = sheet.createRow(0);
      for (int c = 0; c < header.length; c++) {
        top.createCell(c).setCellValue(header[c]);
      }
      int r = 1;
      for (int k = 0; k < order.length; k++) {
        f.i = order[k];
        Row row = sheet.createRow(r++);
        row.createCell(0).setCellValue(f.number());
        row.createCell(1).setCellValue(f.first());
        row.createCell(2).setCellValue(f.last());
        var date = row.createCell(3);
        date.setCellValue(f.date());
        date.setCellStyle(dateStyle);
        row.createCell(4).setCellValue(f.consent(LOCAL_SECONDS));
        row.createCell(5).setCellValue(f.source());
        if (k == order.length / 3) {
          Row bad = sheet.createRow(r++);
          bad.createCell(1).setCellValue("Senza Numero");
          bad.createCell(3).setCellValue("2021-01-01");
        } else if (k == order.length / 2) {
          Row bad = sheet.createRow(r++);
          for (int c = 0; c < 8; c++) {
            bad.createCell(c).setCellValue(c == 0 ? "3470000001" : "extra" + c);
          }
        }
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        workbook.write(out);
      }
    }
    return 2;
  }

  private int sqlite(Path file, CaseWorld.Holder h, int[] order) throws IOException {
    Fields f = new Fields(h);
    Files.deleteIfExists(file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE contatti (id INTEGER PRIMARY KEY, tel TEXT, nome TEXT, cognome TEXT, data_ins TEXT, data_consenso TEXT, ip TEXT)");
        s.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, messaggio TEXT)");
        s.execute("INSERT INTO log (messaggio) VALUES ('export')");
      }
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO contatti (tel, nome, cognome, data_ins, data_consenso, ip) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int k = 0; k < order.length; k++) {
          f.i = order[k];
          insert.setString(1, f.number());
          insert.setString(2, f.first());
          insert.setString(3, f.last());
          insert.setString(4, f.date().toString());
          String consent = f.consent(LOCAL_SECONDS);
          insert.setString(5, consent.isEmpty() ? null : consent);
          insert.setString(6, f.source());
          insert.addBatch();
          if (k == order.length / 3 || k == order.length / 2) {
            insert.setString(1, k == order.length / 3 ? null : "n/d");
            insert.setString(2, "Senza");
            insert.setString(3, "Numero");
            insert.setString(4, "2021-01-01");
            insert.setString(5, null);
            insert.setString(6, null);
            insert.addBatch();
          }
          if (k % 10_000 == 9_999) { // a 10 M-row batch would hold every row's parameters at once
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return 2;
  }
}
