package org.opendnc.investigate.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * Reads one table of a SQLite file, read-only: the named one, else the largest table with a
 * column named like a phone number, else the largest table. The line of a row is its rowid.
 */
final class SqliteTableReader {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private SqliteTableReader() {}

  static boolean isSqlite(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
    } catch (IOException e) {
      return false;
    }
  }

  static String read(Path file, String tableName, TableSink sink) {
    if (!isSqlite(file)) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file.getFileName() + ": not a SQLite database (no SQLite header).");
    }
    org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
    config.setReadOnly(true);
    Properties properties = config.toProperties();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), properties)) {
      String table = tableName != null ? tableName : chooseTable(connection);
      if (table == null) {
        throw new DncException(ErrorCode.INPUT_EMPTY, file.getFileName() + ": the database has no table.");
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT rowid AS \"__rowid\", * FROM " + quote(table))) {
        int count = rows.getMetaData().getColumnCount();
        List<String> header = new ArrayList<>();
        for (int i = 2; i <= count; i++) {
          header.add(rows.getMetaData().getColumnLabel(i));
        }
        sink.header(header, 0, false);
        while (rows.next()) {
          String[] cells = new String[count - 1];
          for (int i = 2; i <= count; i++) {
            Object value = rows.getObject(i);
            cells[i - 2] = value == null ? "" : value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString(d.longValue()) : value instanceof byte[] ? "" : value.toString();
          }
          sink.row(rows.getLong(1), cells);
        }
      }
      return table;
    } catch (SQLException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, file.getFileName() + ": the SQLite database cannot be read ("
          + e.getMessage() + "). Check the file is complete, or export the contacts table as CSV.");
    }
  }

  private static String chooseTable(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    String best = null;
    long bestRows = -1;
    boolean bestHasPhone = false;
    for (String table : tables) {
      boolean hasPhone = false;
      try (Statement statement = connection.createStatement();
          ResultSet columns = statement.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
        while (columns.next()) {
          hasPhone |= HeaderNames.roleOf(columns.getString("name")) == Role.PHONE;
        }
      }
      long rows;
      try (Statement statement = connection.createStatement();
          ResultSet count = statement.executeQuery("SELECT count(*) FROM " + quote(table))) {
        rows = count.next() ? count.getLong(1) : 0;
      }
      if (hasPhone && !bestHasPhone || hasPhone == bestHasPhone && rows > bestRows) {
        best = table;
        bestRows = rows;
        bestHasPhone = hasPhone;
      }
    }
    return best;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
