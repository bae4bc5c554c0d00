package org.opendnc.bench;

import static org.opendnc.bench.SqlNormalisation.digits;
import static org.opendnc.bench.SqlNormalisation.e164;
import static org.opendnc.bench.SqlNormalisation.stripped;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.opendnc.bench.SqlNormalisation.Dialect;
import org.opendnc.core.sample.SampleData.Profile;

/**
 * DuckDB in process: the register prebuilt as a table of BIGINT; each check reads the list with
 * read_csv, normalises the phone in SQL, left-joins the register and COPYs the result out.
 */
final class DuckDbContender implements Contender {
  private final Profile profile;
  private final Path scratch;
  private final String memoryLimit;
  private Connection connection;
  private String threads = "?";

  DuckDbContender(Profile profile, Path scratch, String memoryLimit) {
    this.profile = profile;
    this.scratch = scratch;
    this.memoryLimit = memoryLimit;
  }

  @Override
  public String name() {
    return "duckdb";
  }

  @Override
  public boolean validatesNumbers() {
    return false;
  }

  @Override
  public void prepare(Path registerCsv) throws Exception {
    Files.createDirectories(scratch);
    connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET memory_limit = '" + memoryLimit + "'");
      statement.execute("SET temp_directory = '" + literal(scratch.toAbsolutePath().toString()) + "'");
      // Malformed register rows (wrong column count) carry invalid numbers: skipping them is harmless.
      statement.execute("CREATE TABLE register AS"
          + " WITH register_rows AS (SELECT number FROM read_csv('" + literal(registerCsv.toAbsolutePath().toString())
          + "', header = true, all_varchar = true, ignore_errors = true,"
          + " columns = {'number': 'VARCHAR', 'registered_at': 'VARCHAR', 'channel': 'VARCHAR'})),"
          + " stripped AS (SELECT " + stripped("number") + " AS stripped_number FROM register_rows),"
          + " with_digits AS (SELECT " + digits("stripped_number", profile, Dialect.DUCKDB)
          + " AS number_digits FROM stripped)"
          + " SELECT DISTINCT " + e164("number_digits", profile) + " AS e164 FROM with_digits"
          + " WHERE e164 IS NOT NULL");
      try (ResultSet result = statement.executeQuery("SELECT current_setting('threads')")) {
        result.next();
        threads = result.getString(1);
      }
    }
  }

  @Override
  public Result check(Path listCsv, Path output) throws Exception {
    Files.deleteIfExists(output);
    String phone = '"' + profile.phoneColumn() + '"';
    String query = "CREATE OR REPLACE TEMP TABLE checked AS"
        + " WITH list AS (SELECT * FROM read_csv('" + literal(listCsv.toAbsolutePath().toString())
        + "', header = true, all_varchar = true, quote = '\"', escape = '\"')),"
        + " stripped AS (SELECT *, " + stripped(phone) + " AS stripped_phone FROM list),"
        + " with_digits AS (SELECT * EXCLUDE (stripped_phone), "
        + digits("stripped_phone", profile, Dialect.DUCKDB) + " AS phone_digits FROM stripped),"
        + " normalised AS (SELECT * EXCLUDE (phone_digits), " + e164("phone_digits", profile)
        + " AS e164 FROM with_digits)"
        + " SELECT normalised.*, " + SqlNormalisation.verdict("normalised.e164", "register.e164") + " AS verdict, "
        + SqlNormalisation.reason("normalised.e164", "register.e164") + " AS reason"
        + " FROM normalised LEFT JOIN register ON register.e164 = normalised.e164";
    try (Statement statement = connection.createStatement()) {
      statement.execute(query);
      statement.execute("COPY checked TO '" + literal(output.toAbsolutePath().toString())
          + "' (FORMAT csv, HEADER true)");
      Result result = SqlNormalisation.countVerdicts(statement, "checked");
      statement.execute("DROP TABLE checked");
      return result;
    }
  }

  @Override
  public String notes() {
    return "in process, threads=" + threads + ", memory_limit=" + memoryLimit + " (outside the JVM heap)";
  }

  @Override
  public void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }

  private static String literal(String text) {
    return text.replace("'", "''");
  }
}
