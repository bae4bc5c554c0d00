package org.opendnc.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.E164Numbers;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.number.NumberType;
import org.opendnc.core.number.ParsedNumber;
import org.opendnc.store.Complaint;
import org.opendnc.store.ComplaintStore;

/**
 * A citizen's complaint about a call, as filed on the portal's form or through the API: checked
 * field by field and stored with the complaints that {@code dnc complaints match} reads.
 * Thread-safe.
 */
public final class ComplaintIntake {

  /*
   * Nothing here reads the register: the answer to a complaint (stored, or which fields are
   * wrong) is the same whether the number called is registered or not, so filing complaints
   * cannot be used to learn what the register holds (decision 0040). No proof of the line is
   * asked: a complaint changes nothing in the register, and the regulator weighs it by what the
   * call records show.
   *
   * The id is a digest of the content, as for imported files (ComplaintReader): filing the same
   * complaint twice (a double click, a retry after a timeout) stores it once and gives the same
   * reference.
   */

  /** How far in the past the call may be: older calls are past the operators' record keeping. */
  public static final Duration OLDEST_CALL = Duration.ofDays(365);
  /** Clock skew allowed for a time in the future. */
  public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
  public static final int MAX_CALLER_ID_CHARS = 40;
  public static final int MAX_COMPANY_CHARS = 200;
  public static final int MAX_OFFER_CHARS = 200;
  public static final int MAX_TEXT_CHARS = 2000;
  /**
   * The source of filed complaints in the store: the native (citizens') format, as for imported
   * native files; the file column tells the channel ({@code portal} or {@code api}, line 0).
   */
  public static final String SOURCE = "NATIVE";

  /**
   * What a citizen sends; any field may be {@code null}.
   *
   * @param calledAt ISO-8601 with an offset, or a local date-time (then in the profile's zone)
   */
  public record Form(String numberCalled, String callerId, String calledAt, String company, String offer,
      String text) {}

  /** What is wrong with one field: the field's name in the API, a stable code and a sentence. */
  public record FieldError(String field, String code, String detail) {}

  /** A stored complaint; {@code added} is false when the same complaint was filed before. */
  public record Filed(Complaint complaint, boolean added) {
    /** The reference the citizen keeps: the complaint's id. */
    public String reference() {
      return complaint.id();
    }
  }

  /** A complaint refused as sent, with every field's problem ({@link ErrorCode#COMPLAINT_INVALID}). */
  public static final class Rejected extends DncException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    public Rejected(List<FieldError> errors) {
      super(ErrorCode.COMPLAINT_INVALID, "the complaint was not filed: " + String.join("; ",
          errors.stream().map(e -> e.field() + ": " + e.detail()).toList()) + ".");
      this.errors = List.copyOf(errors);
    }

    /** Every problem, in the form's field order. */
    public List<FieldError> errors() {
      return errors;
    }
  }

  private final ComplaintStore store;
  private final NumberParser parser;
  private final ZoneId zone;
  private final Clock clock;

  /**
   * @param parser numbers of the register's country
   * @param zone the zone of times given without an offset (the profile's)
   */
  public ComplaintIntake(ComplaintStore store, NumberParser parser, ZoneId zone, Clock clock) {
    this.store = store;
    this.parser = parser;
    this.zone = zone;
    this.clock = clock;
  }

  /** The zone of times given without an offset. */
  public ZoneId zone() {
    return zone;
  }

  /**
   * The number called as E.164, for rate limits before the complaint is checked as a whole; 0
   * when it is not a valid number.
   */
  public long numberCalled(String text) {
    return text == null ? NumberParser.INVALID : parser.parseE164(text);
  }

  /**
   * Checks every field; nothing is stored.
   *
   * @return the problems, empty when the complaint can be filed
   */
  public List<FieldError> validate(Form form) {
    List<FieldError> errors = new ArrayList<>();
    check(form, errors);
    return errors;
  }

  /**
   * Checks and stores a complaint.
   *
   * @param channel where it came from, e.g. {@code portal} or {@code api} (stored as its file)
   * @throws Rejected listing every field's problem; nothing is stored
   * @throws org.opendnc.store.StoreException if the store cannot be written
   */
  public Filed file(Form form, String channel) {
    List<FieldError> errors = new ArrayList<>();
    Checked checked = check(form, errors);
    if (!errors.isEmpty()) {
      throw new Rejected(errors);
    }
    Instant now = clock.instant();
    String id = id(checked);
    Complaint complaint = new Complaint(id, SOURCE, checked.callerText, Math.max(checked.caller, 0), checked.called,
        null, checked.at, now, checked.company, checked.offer, null, null, null, checked.text, channel, 0);
    boolean added = store.add(List.of(complaint)) == 1;
    return new Filed(complaint, added);
  }

  private record Checked(long called, String callerText, long caller, Instant at, String company, String offer,
      String text) {}

  private Checked check(Form form, List<FieldError> errors) {
    long called = calledNumber(form.numberCalled(), errors);
    String callerText = trimmed(form.callerId());
    long caller = CallerIds.WITHHELD;
    if (callerText != null) {
      if (callerText.length() > MAX_CALLER_ID_CHARS) {
        errors.add(new FieldError("caller_id", "TOO_LONG", "the caller ID is longer than " + MAX_CALLER_ID_CHARS
            + " characters; give it as shown on your phone, or leave it empty if it was withheld"));
      } else {
        caller = CallerIds.parse(callerText, parser);
        if (caller == CallerIds.UNUSABLE) {
          errors.add(new FieldError("caller_id", "CALLER_ID_INVALID", "'" + shortText(callerText)
              + "' is not a telephone number; give the number shown, or leave it empty if it was withheld"));
        }
      }
    }
    Instant at = time(form.calledAt(), errors);
    String company = limited("company", form.company(), MAX_COMPANY_CHARS, errors);
    String offer = limited("offer", form.offer(), MAX_OFFER_CHARS, errors);
    String text = limited("text", form.text(), MAX_TEXT_CHARS, errors);
    return new Checked(called, callerText, caller, at, company, offer, text);
  }

  private long calledNumber(String text, List<FieldError> errors) {
    String given = trimmed(text);
    if (given == null) {
      errors.add(new FieldError("number_called", "MISSING", "give the number that was called (yours)"));
      return 0;
    }
    ParsedNumber parsed = parser.parse(given).orElse(null);
    if (parsed == null) {
      errors.add(new FieldError("number_called", ErrorCode.NUMBER_INVALID.name(), "'" + shortText(given)
          + "' is not a valid telephone number"));
      return 0;
    }
    if (!E164Numbers.hasCountryCode(parsed.e164(), parser.countryCode())) {
      errors.add(new FieldError("number_called", ErrorCode.NUMBER_FOREIGN.name(), "'" + shortText(given)
          + "' is not a number of this register's country (+" + parser.countryCode() + ")"));
      return 0;
    }
    NumberType type = parsed.type();
    if (type != NumberType.FIXED_LINE && type != NumberType.MOBILE && type != NumberType.FIXED_LINE_OR_MOBILE) {
      errors.add(new FieldError("number_called", ErrorCode.NUMBER_NOT_ELIGIBLE.name(), "'" + shortText(given)
          + "' is a " + type.name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + " number; complaints are about calls to fixed and mobile lines"));
      return 0;
    }
    return parsed.e164();
  }

  private Instant time(String text, List<FieldError> errors) {
    String given = trimmed(text);
    if (given == null) {
      errors.add(new FieldError("called_at", "MISSING", "give the date and time of the call"));
      return null;
    }
    long nanos = Times.parseLenient(given, zone);
    if (nanos == Times.INVALID) {
      errors.add(new FieldError("called_at", "TIME_INVALID", "'" + shortText(given)
          + "' is not a date and time such as 2026-11-28T10:15 or 2026-11-28T10:15:00+01:00"));
      return null;
    }
    Instant at = Times.toInstant(nanos);
    Instant now = clock.instant();
    if (at.isAfter(now.plus(FUTURE_TOLERANCE))) {
      errors.add(new FieldError("called_at", "TIME_IN_FUTURE", "the call's time " + at + " is in the future"));
      return null;
    }
    if (at.isBefore(now.minus(OLDEST_CALL))) {
      errors.add(new FieldError("called_at", "TIME_TOO_OLD", "the call is more than "
          + OLDEST_CALL.toDays() + " days old; complaints are taken for calls of the last year"));
      return null;
    }
    return at;
  }

  private static String limited(String field, String text, int max, List<FieldError> errors) {
    String given = trimmed(text);
    if (given != null && given.length() > max) {
      errors.add(new FieldError(field, "TOO_LONG", "at most " + max + " characters, " + given.length() + " given"));
      return null;
    }
    return given;
  }

  private static String trimmed(String text) {
    if (text == null) {
      return null;
    }
    String stripped = text.strip();
    return stripped.isEmpty() ? null : stripped;
  }

  private static String shortText(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 40 ? clean : clean.substring(0, 40) + "…";
  }

  private static String id(Checked checked) {
    StringBuilder content = new StringBuilder(256).append(SOURCE);
    for (Object field : new Object[] {checked.called, checked.callerText, checked.at, checked.company, checked.offer,
        checked.text}) {
      content.append('\u001f').append(field == null ? "" : field.toString().toLowerCase(Locale.ROOT));
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
