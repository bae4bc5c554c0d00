package org.opendnc.core.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/** Reads one profile data file (JSON): the format is in docs/audit.md, "Profiles". */
final class ProfileFile {

  private static final Pattern INTERVAL = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");
  private static final Pattern PREFIX = Pattern.compile("\\+\\d{1,15}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;

  private ProfileFile(String source) {
    this.source = source;
  }

  static Profile read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, "profile file " + file + ": no such file.");
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, "profile file " + file + ": " + e.getMessage());
    }
  }

  static Profile read(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new DncException(ErrorCode.PROFILE_MALFORMED, source + ": not valid JSON at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
          + e.getOriginalMessage() + ". Fix the file (the format is in docs/audit.md).");
    }
    if (root == null || !root.isObject()) {
      throw new DncException(ErrorCode.PROFILE_MALFORMED, source + ": a profile is a JSON object.");
    }
    return new ProfileFile(source).profile(root);
  }

  private Profile profile(JsonNode root) {
    String code = text(root, "code", true).toUpperCase(Locale.ROOT);
    if (!code.matches("[A-Z][A-Z0-9_]{1,15}")) {
      throw fail("code", "'" + code + "' is not a profile code (letters and digits, e.g. IT)");
    }
    String register = text(root, "register", true);
    String region = text(root, "region", true);
    ZoneId zone = zone(root.get("zone"), "zone");
    long validityDays = days(root, "check_validity_days", true);
    List<ZoneId> zones = new ArrayList<>();
    JsonNode zonesNode = root.get("zones");
    if (zonesNode != null) {
      int i = 0;
      for (JsonNode z : array(zonesNode, "zones")) {
        zones.add(zone(z, "zones[" + i++ + "]"));
      }
    }
    Map<String, ZoneId> byPrefix = new LinkedHashMap<>();
    JsonNode prefixes = root.get("zones_by_prefix");
    if (prefixes != null) {
      if (!prefixes.isObject()) {
        throw fail("zones_by_prefix", "must be an object of \"+prefix\": \"zone\"");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = prefixes.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        byPrefix.put(prefix(entry.getKey(), "zones_by_prefix"), zone(entry.getValue(), "zones_by_prefix." + entry.getKey()));
      }
    }
    List<String> callerPrefixes = new ArrayList<>();
    JsonNode callerId = root.get("caller_id");
    if (callerId != null && callerId.get("allowed_prefixes") != null) {
      for (JsonNode p : array(callerId.get("allowed_prefixes"), "caller_id.allowed_prefixes")) {
        callerPrefixes.add(prefix(p.asText(), "caller_id.allowed_prefixes"));
      }
    }
    FrequencyCap cap = null;
    JsonNode capNode = root.get("frequency_cap");
    if (capNode != null && !capNode.isNull()) {
      long calls = days(capNode, "calls", true);
      if (calls <= 0) {
        throw fail("frequency_cap.calls", "must be positive");
      }
      cap = new FrequencyCap((int) calls, Duration.ofDays(days(capNode, "days", true)),
          Duration.ofDays(days(capNode, "after_refusal_days", false)));
    }
    ProfileRules rules = new ProfileRules(
        Duration.ofDays(days(root, "registration_effective_days", false)),
        new ZoneMap(zone, zones.isEmpty() ? List.of(zone) : zones, byPrefix),
        callingHours(root.get("calling_hours")),
        holidays(root.get("holidays")),
        callerPrefixes,
        Duration.ofDays(days(root, "contract_grace_days", false)),
        cap);
    return new Profile(code, register, region, zone, Duration.ofDays(validityDays), rules);
  }

  private CallingHours callingHours(JsonNode node) {
    if (node == null || node.isNull()) {
      return CallingHours.unrestricted();
    }
    if (!node.isObject()) {
      throw fail("calling_hours", "must be an object of weekday: [\"HH:MM-HH:MM\", ...]");
    }
    Map<DayOfWeek, List<CallingHours.Interval>> byWeekday = new EnumMap<>(DayOfWeek.class);
    List<CallingHours.Interval> holiday = null;
    List<CallingHours.Interval> before = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      List<CallingHours.Interval> intervals = intervals(entry.getValue(), "calling_hours." + key);
      switch (key) {
        case "holiday" -> holiday = intervals;
        case "day_before_holiday" -> before = intervals;
        default -> {
          DayOfWeek day;
          try {
            day = DayOfWeek.valueOf(key.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw fail("calling_hours", "unknown key '" + key
                + "': use MONDAY..SUNDAY, holiday, day_before_holiday");
          }
          byWeekday.put(day, intervals);
        }
      }
    }
    return new CallingHours(byWeekday, holiday, before);
  }

  private List<CallingHours.Interval> intervals(JsonNode node, String field) {
    List<CallingHours.Interval> intervals = new ArrayList<>();
    for (JsonNode item : array(node, field)) {
      Matcher m = INTERVAL.matcher(item.asText());
      if (!m.matches()) {
        throw fail(field, "'" + item.asText() + "' is not an interval HH:MM-HH:MM");
      }
      int start = Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60;
      int end = Integer.parseInt(m.group(3)) * 3600 + Integer.parseInt(m.group(4)) * 60;
      try {
        intervals.add(new CallingHours.Interval(start, end));
      } catch (IllegalArgumentException e) {
        throw fail(field, "'" + item.asText() + "' must start before it ends, within one day (24:00 at most)");
      }
    }
    return intervals;
  }

  private HolidayCalendar holidays(JsonNode node) {
    if (node == null || node.isNull()) {
      return HolidayCalendar.none();
    }
    List<HolidayCalendar.Rule> rules = new ArrayList<>();
    int i = 0;
    for (JsonNode item : array(node, "holidays")) {
      String field = "holidays[" + i++ + "]";
      String name = item.hasNonNull("name") ? item.get("name").asText() : field;
      int from = item.hasNonNull("from") ? item.get("from").asInt() : Integer.MIN_VALUE;
      int until = item.hasNonNull("until") ? item.get("until").asInt() : Integer.MAX_VALUE;
      if (item.hasNonNull("date") == item.hasNonNull("easter")) {
        throw fail(field, "give either \"date\": \"MM-DD\" or \"easter\": offset in days");
      }
      if (item.hasNonNull("date")) {
        MonthDay date;
        try {
          date = MonthDay.parse("--" + item.get("date").asText());
        } catch (DateTimeException e) {
          throw fail(field + ".date", "'" + item.get("date").asText() + "' is not a date MM-DD");
        }
        rules.add(new HolidayCalendar.Rule(name, date, null, from, until));
      } else {
        if (!item.get("easter").canConvertToInt()) {
          throw fail(field + ".easter", "must be a whole number of days");
        }
        rules.add(new HolidayCalendar.Rule(name, null, item.get("easter").asInt(), from, until));
      }
    }
    return new HolidayCalendar(rules);
  }

  private Iterable<JsonNode> array(JsonNode node, String field) {
    if (node == null || !node.isArray()) {
      throw fail(field, "must be a list [...]");
    }
    return node;
  }

  private String prefix(String text, String field) {
    if (!PREFIX.matcher(text).matches()) {
      throw fail(field, "'" + text + "' is not an E.164 prefix such as +390844");
    }
    return text.substring(1);
  }

  private ZoneId zone(JsonNode node, String field) {
    if (node == null || !node.isTextual()) {
      throw fail(field, "missing time zone (e.g. \"Europe/Rome\")");
    }
    try {
      return ZoneId.of(node.asText());
    } catch (DateTimeException e) {
      throw fail(field, "unknown time zone '" + node.asText() + "'");
    }
  }

  private long days(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw fail(field, "missing");
      }
      return 0;
    }
    if (!value.canConvertToLong() || value.asLong() < 0) {
      throw fail(field, "must be a whole number, 0 or more");
    }
    return value.asLong();
  }

  private String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      if (required) {
        throw fail(field, "missing (a text)");
      }
      return null;
    }
    return value.asText();
  }

  private DncException fail(String field, String what) {
    return new DncException(ErrorCode.PROFILE_MALFORMED,
        source + ": field " + field + ": " + what + ". Fix the profile file (format: docs/audit.md, 'Profiles').");
  }
}
