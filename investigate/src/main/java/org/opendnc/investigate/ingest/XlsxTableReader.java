package org.opendnc.investigate.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * Reads the first sheet (or a named one) of an XLSX workbook with POI's streaming SAX reader, so a
 * sheet of a million rows is never held in memory. Zip bombs are refused by POI's ZipSecureFile.
 */
final class XlsxTableReader {
  /*
   * ZipSecureFile refuses an entry that inflates more than 100 times its compressed size (after a
   * small grace size) or past MAX_ENTRY_BYTES, and text past MAX_TEXT_CHARS. Dates in numeric
   * cells are written as ISO-8601 whatever the cell's display format (an Italian sheet shown as
   * d/m/yy must not be read month-first), and whole numbers in General cells as plain digits (POI
   * would show 393331234567 as 3.93331E+11).
   */
  private static final double MIN_INFLATE_RATIO = 0.01;
  private static final long MAX_ENTRY_BYTES = 1L << 31;
  private static final long MAX_TEXT_CHARS = 1L << 28;

  static {
    // POI logs through Log4j's API; without a provider Log4j prints a warning of its own on first use.
    if (System.getProperty("log4j2.loggerContextFactory") == null) {
      System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
      System.setProperty("org.apache.logging.log4j.simplelog.level", "ERROR");
    }
  }

  private XlsxTableReader() {}

  static String read(Path file, String sheetName, TableSink sink) throws IOException {
    ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
    ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
    ZipSecureFile.setMaxTextSize(MAX_TEXT_CHARS);
    try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
      XSSFReader reader = new XSSFReader(pkg);
      ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
      StylesTable styles = reader.getStylesTable();
      XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
      while (sheets.hasNext()) {
        try (InputStream sheet = sheets.next()) {
          String name = sheets.getSheetName();
          if (sheetName != null && !sheetName.equalsIgnoreCase(name)) {
            continue;
          }
          XMLReader parser = XMLHelper.newXMLReader();
          parser.setContentHandler(
              new XSSFSheetXMLHandler(styles, null, strings, new Rows(sink), new IsoDates(), false));
          parser.parse(new InputSource(sheet));
          return name;
        }
      }
      throw new DncException(ErrorCode.INPUT_EMPTY, file.getFileName()
          + (sheetName == null ? ": the workbook has no sheet." : ": no sheet named '" + sheetName + "'."));
    } catch (DncException e) {
      throw e;
    } catch (Exception e) {
      String message = CsvTableReader.rootMessage(e);
      if (message.toLowerCase(java.util.Locale.ROOT).contains("zip bomb")
          || message.contains("ZipSecureFile") || message.contains("max entry size")) {
        throw new DncException(ErrorCode.INPUT_UNREADABLE, file.getFileName()
            + ": refused as a zip bomb (an entry inflates far beyond its compressed size or past "
            + (MAX_ENTRY_BYTES >> 20) + " MiB). Ask for a plain export (CSV) of this workbook.");
      }
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file.getFileName()
          + ": not a readable XLSX workbook (" + message + "). Export it again as XLSX or CSV.");
    }
  }

  /** Collects each row's cells by column (missing cells blank) and hands them on. */
  private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
    private final TableSink sink;
    private final List<String> cells = new ArrayList<>();
    private boolean headerSent;

    Rows(TableSink sink) {
      this.sink = sink;
    }

    @Override
    public void startRow(int rowNum) {
      cells.clear();
    }

    @Override
    public void endRow(int rowNum) {
      boolean blank = cells.stream().allMatch(c -> c == null || c.isBlank());
      if (blank) {
        return;
      }
      String[] row = cells.stream().map(c -> c == null ? "" : c).toArray(String[]::new);
      if (!headerSent) {
        headerSent = true;
        sink.header(List.of(row), rowNum + 1L, true);
      } else {
        sink.row(rowNum + 1L, row);
      }
    }

    /** The 0-based column of a cell reference such as "AB12" (POI's CellReference parses with a regex). */
    private static int column(String reference) {
      int column = 0;
      int i = 0;
      while (i < reference.length() && Character.isLetter(reference.charAt(i))) {
        column = column * 26 + (Character.toUpperCase(reference.charAt(i)) - 'A' + 1);
        i++;
      }
      return i == 0 ? new CellReference(reference).getCol() : column - 1;
    }

    @Override
    public void cell(String reference, String formattedValue, XSSFComment comment) {
      int column = reference == null ? cells.size() : column(reference);
      while (cells.size() <= column) {
        cells.add(null);
      }
      cells.set(column, formattedValue);
    }
  }

  /** ISO-8601 for date cells, plain digits for whole numbers. */
  private static final class IsoDates extends DataFormatter {
    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
      if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
        LocalDateTime time = DateUtil.getLocalDateTime(value, use1904Windowing, true);
        return time.toLocalTime().toSecondOfDay() == 0 ? time.toLocalDate().toString() : time.toString();
      }
      if (value == Math.rint(value) && Math.abs(value) < 1e15) {
        return Long.toString((long) value);
      }
      return super.formatRawCellContents(value, formatIndex, formatString, use1904Windowing);
    }
  }
}
