package org.opendnc.server.portal;

import gg.jte.support.LocalizationSupport;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The portal's words in one language: every text a page shows comes from the resource bundle
 * {@code org/opendnc/server/portal/messages} (English) and its {@code _it} translation, plus dates
 * and numbers formatted for the language. Immutable and thread-safe.
 */
public final class Messages implements LocalizationSupport {

  /*
   * Templates write ${t.localize("key", args...)} for text that may hold markup from the bundle
   * (the bundle is trusted; jte escapes the arguments), and ${t.text("key", args...)} for plain
   * text such as attribute values, which jte escapes whole. Placeholders are {0}, {1}, ... in both
   * (no MessageFormat, so an apostrophe is just an apostrophe). A missing key shows as ??key??
   * and a test keeps both bundles complete.
   */

  /** The bundle's base name. */
  public static final String BUNDLE = "org.opendnc.server.portal.messages";
  /** The languages of the portal, the first being the default. */
  public static final List<String> LANGUAGES = List.of("en", "it");

  private final String language;
  private final Locale locale;
  private final ZoneId zone;
  private final ResourceBundle bundle;
  private final DateTimeFormatter dateTime;
  private final DateTimeFormatter date;
  private final DateTimeFormatter dayMonth;

  private Messages(String language, ZoneId zone) {
    this.language = language;
    this.locale = Locale.forLanguageTag(language);
    this.zone = zone;
    this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
        .withZone(zone);
    this.date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
    this.dayMonth = DateTimeFormatter.ofPattern("d MMM", locale);
  }

  /**
   * The messages of a language of {@link #LANGUAGES} (another falls back to the default).
   *
   * @param zone the register's time zone, in which times are shown
   */
  public static Messages of(String language, ZoneId zone) {
    return new Messages(LANGUAGES.contains(language) ? language : LANGUAGES.get(0), zone);
  }

  /** The language code, e.g. {@code it}: the pages' {@code lang} attribute. */
  public String language() {
    return language;
  }

  /** The other languages, for the language switch. */
  public List<String> otherLanguages() {
    return LANGUAGES.stream().filter(other -> !other.equals(language)).toList();
  }

  /** The time zone times are shown in. */
  public ZoneId zone() {
    return zone;
  }

  /** The raw text of a key, or {@code ??key??} when the bundle lacks it. */
  @Override
  public String lookup(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return "??" + key + "??";
    }
  }

  /** Whether the bundle has the key (for keys built from codes, e.g. error messages). */
  public boolean has(String key) {
    return bundle.containsKey(key);
  }

  /** The text of a key with its {@code {n}} placeholders replaced, as plain text. */
  public String text(String key, Object... arguments) {
    String pattern = lookup(key);
    if (arguments.length == 0) {
      return pattern;
    }
    StringBuilder out = new StringBuilder(pattern.length() + 16 * arguments.length);
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      int close = c == '{' ? pattern.indexOf('}', i) : -1;
      if (close > i + 1 && close - i <= 3 && isDigits(pattern, i + 1, close)) {
        int index = Integer.parseInt(pattern, i + 1, close, 10);
        out.append(index < arguments.length ? String.valueOf(arguments[index]) : "");
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** An instant as a date and time of the register's zone, e.g. {@code 28 nov 2026, 11:02:00}. */
  public String dateTime(Instant instant) {
    return instant == null ? "" : dateTime.format(instant);
  }

  /** A date, e.g. {@code 28 Nov 2026}. */
  public String date(LocalDate day) {
    return day == null ? "" : date.format(day);
  }

  /** A day as day and month, e.g. {@code 28 Nov}: chart labels. */
  public String dayMonth(LocalDate day) {
    return dayMonth.format(day);
  }

  /** A whole number with the language's grouping, e.g. {@code 1.000.000} in Italian. */
  public String number(long value) {
    return NumberFormat.getIntegerInstance(locale).format(value);
  }

  /** A phone number in E.164 as a long, shown as {@code +393331234567}. */
  public String phone(long e164) {
    return org.opendnc.core.number.NumberParser.format(e164);
  }
}
