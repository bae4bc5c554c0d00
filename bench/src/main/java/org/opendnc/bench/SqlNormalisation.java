package org.opendnc.bench;

import org.opendnc.core.sample.SampleData.Profile;

/**
 * The phone normalisation a careful analyst writes in SQL: strip formatting, accept only digits with
 * an optional leading '+', handle the international prefix 00 and a missing country code, check the
 * national length. No numbering-plan validation (that is what libphonenumber adds).
 */
final class SqlNormalisation {
  enum Dialect {
    DUCKDB,
    POSTGRESQL
  }

  private SqlNormalisation() {}

  /** The column's text without spaces, dots, dashes, slashes and parentheses. */
  static String stripped(String column) {
    return "regexp_replace(coalesce(" + column + ", ''), '[ ().\\-/]', '', 'g')";
  }

  /** The E.164 digits as text (or NULL when not plausible), from a stripped value. */
  static String digits(String stripped, Profile profile, Dialect dialect) {
    String wellFormed = dialect == Dialect.DUCKDB
        ? "regexp_full_match(" + stripped + ", '\\+?[0-9]+')"
        : stripped + " ~ '^\\+?[0-9]+$'";
    String national = switch (profile) {
      case IT -> "WHEN " + stripped + " LIKE '00%' THEN substr(" + stripped + ", 3) ELSE '39' || " + stripped;
      case US -> "WHEN length(" + stripped + ") = 11 AND " + stripped + " LIKE '1%' THEN " + stripped
          + " ELSE '1' || " + stripped;
    };
    return "CASE WHEN NOT " + wellFormed + " THEN NULL WHEN " + stripped + " LIKE '+%' THEN substr(" + stripped
        + ", 2) " + national + " END";
  }

  /** The E.164 number as BIGINT, or NULL, from E.164 digits as text. */
  static String e164(String digits, Profile profile) {
    String plausible = switch (profile) {
      // +39, a national number of 6 to 11 digits starting with 0 (fixed) or 3 (mobile).
      case IT -> digits + " LIKE '39%' AND length(" + digits + ") BETWEEN 8 AND 13 AND substr(" + digits
          + ", 3, 1) IN ('0', '3')";
      // +1, NPA NXX XXXX with the area code starting 2-9.
      case US -> digits + " LIKE '1%' AND length(" + digits + ") = 11 AND substr(" + digits
          + ", 2, 1) BETWEEN '2' AND '9'";
    };
    return "CASE WHEN " + plausible + " THEN CAST(" + digits + " AS BIGINT) END";
  }

  static String verdict(String listE164, String registerE164) {
    return "CASE WHEN " + listE164 + " IS NULL THEN '" + Contender.INVALID + "' WHEN " + registerE164
        + " IS NOT NULL THEN '" + Contender.BLOCKED + "' ELSE '" + Contender.CALLABLE + "' END";
  }

  static String reason(String listE164, String registerE164) {
    return "CASE WHEN " + listE164 + " IS NULL THEN 'INVALID_NUMBER' WHEN " + registerE164
        + " IS NOT NULL THEN 'REGISTERED' ELSE 'NOT_REGISTERED' END";
  }

  /** Counts the verdicts in {@code table}, which has a {@code verdict} column. */
  static Contender.Result countVerdicts(java.sql.Statement statement, String table) throws java.sql.SQLException {
    long callable = 0;
    long blocked = 0;
    long invalid = 0;
    try (java.sql.ResultSet result =
        statement.executeQuery("SELECT verdict, count(*) FROM " + table + " GROUP BY verdict")) {
      while (result.next()) {
        switch (result.getString(1)) {
          case Contender.CALLABLE -> callable = result.getLong(2);
          case Contender.BLOCKED -> blocked = result.getLong(2);
          default -> invalid = result.getLong(2);
        }
      }
    }
    return new Contender.Result(callable + blocked + invalid, callable, blocked, invalid);
  }
}
