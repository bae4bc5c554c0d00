package org.opendnc.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.store.Complaint;

/**
 * Reads complaint files: the US FTC's open data (columns {@code Company_Phone_Number},
 * {@code Created_Date}, {@code Violation_Date}, ...) or the native format ({@code number_called},
 * {@code caller_id}, {@code called_at}, {@code company}, {@code offer}, {@code text}); the header
 * tells which. Bad rows go to {@link Rejects} with their line; none is dropped silently.
 */
public final class ComplaintReader {

  /** The FTC file's header. */
  public static final String FTC_COLUMNS = "Company_Phone_Number,Created_Date,Violation_Date,Consumer_City,"
      + "Consumer_State,Consumer_Area_Code,Subject,Recorded_Message_Or_Robocall";
  /** The native file's header. */
  public static final String NATIVE_COLUMNS = "number_called,caller_id,called_at,company,offer,text";

  private final NumberParser parser;
  private final ZoneId zone;

  /**
   * @param parser numbers of the register's country (FTC numbers are read as US numbers)
   * @param zone the zone of times without offset (FTC dates)
   */
  public ComplaintReader(NumberParser parser, ZoneId zone) {
    this.parser = parser;
    this.zone = zone;
  }

  /** Reads {@code file}, giving each usable complaint to {@code sink}. */
  public void read(Path file, Rejects rejects, Consumer<Complaint> sink) {
    String name = file.getFileName().toString();
    Map<String, Integer> seen = new HashMap<>();
    MessageDigest sha256 = sha256();
    try (CsvInput csv = CsvInput.open(file, NATIVE_COLUMNS + "' or '" + FTC_COLUMNS)) {
      if (csv.column("company_phone_number") >= 0) {
        readFtc(csv, name, rejects, seen, sha256, sink);
      } else if (csv.column("number_called") >= 0 || csv.column("caller_id") >= 0) {
        readNative(csv, name, rejects, seen, sha256, sink);
      } else {
        throw new DncException(ErrorCode.COLUMN_NOT_FOUND, file + " line 1: the header " + csv.header()
            + " is neither an FTC complaint file (" + FTC_COLUMNS + ") nor a native one (" + NATIVE_COLUMNS + ").");
      }
    }
  }

  private void readFtc(CsvInput csv, String name, Rejects rejects, Map<String, Integer> seen, MessageDigest sha256,
      Consumer<Complaint> sink) {
    int phone = csv.required(FTC_COLUMNS, "company_phone_number");
    int created = csv.required(FTC_COLUMNS, "created_date");
    int violation = csv.required(FTC_COLUMNS, "violation_date");
    int city = csv.column("consumer_city");
    int state = csv.column("consumer_state");
    int area = csv.column("consumer_area_code");
    int subject = csv.column("subject");
    int robocall = csv.column("recorded_message_or_robocall");
    NumberParser us = NumberParser.forRegion("US");
    csv.forEach(record -> {
      long line = record.getStartingLineNumber();
      String phoneText = CsvInput.field(record, phone);
      if (phoneText == null) {
        rejects.add(line, "MISSING_CALLER_ID", "Company_Phone_Number is empty");
        return;
      }
      String digits = phoneText.replaceAll("[\\s().-]", "");
      if (!digits.matches("\\d{10}")) {
        rejects.add(line, "INVALID_CALLER_ID", "Company_Phone_Number '" + phoneText
            + "' is not 10 digits (FTC numbers are given without the country code)");
        return;
      }
      long caller = us.parseE164(digits);
      if (caller == NumberParser.INVALID) {
        caller = Long.parseLong("1" + digits);
      }
      String createdText = CsvInput.field(record, created);
      String violationText = CsvInput.field(record, violation);
      long createdAt = createdText == null ? Times.INVALID : Times.parseLenient(createdText, zone);
      long violationAt = violationText == null ? Times.INVALID : Times.parseLenient(violationText, zone);
      if (createdText != null && createdAt == Times.INVALID) {
        rejects.add(line, "INVALID_TIME", "Created_Date '" + createdText + "' is not a date like 2026-09-23 00:02:35");
        return;
      }
      if (violationText != null && violationAt == Times.INVALID) {
        rejects.add(line, "INVALID_TIME", "Violation_Date '" + violationText + "' is not a date like 2026-09-23 00:02:35");
        return;
      }
      long at = violationAt != Times.INVALID ? violationAt : createdAt;
      if (at == Times.INVALID) {
        rejects.add(line, "MISSING_TIME", "Violation_Date and Created_Date are both empty");
        return;
      }
      String flag = CsvInput.field(record, robocall);
      if (flag != null && !flag.equals("Y") && !flag.equals("N")) {
        rejects.add(line, "INVALID_FLAG", "Recorded_Message_Or_Robocall '" + flag + "' must be Y, N or empty");
        return;
      }
      String areaCode = CsvInput.field(record, area);
      if (areaCode != null && !areaCode.matches("\\d{3}")) {
        rejects.add(line, "INVALID_AREA_CODE", "Consumer_Area_Code '" + areaCode + "' is not 3 digits");
        return;
      }
      String subjectText = CsvInput.field(record, subject);
      String id = id(sha256, seen, "FTC", digits, createdText, violationText, CsvInput.field(record, city),
          CsvInput.field(record, state), areaCode, subjectText, flag);
      sink.accept(new Complaint(id, "FTC", phoneText, caller, 0, areaCode, Times.toInstant(at),
          createdAt == Times.INVALID ? null : Times.toInstant(createdAt), null, subjectText, flag,
          CsvInput.field(record, city), CsvInput.field(record, state), null, name, line));
    });
  }

  private void readNative(CsvInput csv, String name, Rejects rejects, Map<String, Integer> seen,
      MessageDigest sha256, Consumer<Complaint> sink) {
    int called = csv.required(NATIVE_COLUMNS, "number_called");
    int callerId = csv.required(NATIVE_COLUMNS, "caller_id");
    int calledAt = csv.required(NATIVE_COLUMNS, "called_at");
    int company = csv.column("company");
    int offer = csv.column("offer");
    int text = csv.column("text");
    csv.forEach(record -> {
      long line = record.getStartingLineNumber();
      String calledText = CsvInput.field(record, called);
      long calledNumber = calledText == null ? NumberParser.INVALID : parser.parseE164(calledText);
      if (calledNumber == NumberParser.INVALID) {
        rejects.add(line, calledText == null ? "MISSING_NUMBER" : "INVALID_NUMBER",
            "number_called '" + (calledText == null ? "" : calledText) + "' is not a valid telephone number");
        return;
      }
      String callerText = CsvInput.field(record, callerId);
      long caller = CallerIds.parse(callerText, parser);
      String timeText = CsvInput.field(record, calledAt);
      long at = timeText == null ? Times.INVALID : Times.parseLenient(timeText, zone);
      if (at == Times.INVALID) {
        rejects.add(line, timeText == null ? "MISSING_TIME" : "INVALID_TIME", "called_at '"
            + (timeText == null ? "" : timeText) + "' is not an ISO-8601 time such as 2026-03-02T10:15:00+01:00");
        return;
      }
      String companyText = CsvInput.field(record, company);
      String offerText = CsvInput.field(record, offer);
      String freeText = CsvInput.field(record, text);
      String id = id(sha256, seen, "NATIVE", Long.toString(calledNumber), callerText, timeText, companyText,
          offerText, freeText);
      sink.accept(new Complaint(id, "NATIVE", callerText, Math.max(caller, 0), calledNumber, null,
          Times.toInstant(at), null, companyText, offerText, null, null, null, freeText, name, line));
    });
  }

  /** A digest of the content, and of how often the same content came before in this file. */
  private static String id(MessageDigest sha256, Map<String, Integer> seen, String... fields) {
    StringBuilder content = new StringBuilder(128);
    for (String field : fields) {
      content.append(field == null ? "" : field.toLowerCase(Locale.ROOT)).append('\u001f');
    }
    String digest = HexFormat.of().formatHex(sha256.digest(content.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
    int occurrence = seen.merge(digest, 1, Integer::sum);
    if (occurrence == 1) {
      return digest;
    }
    return HexFormat.of().formatHex(sha256.digest((digest + "#" + occurrence).getBytes(StandardCharsets.UTF_8)), 0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
