package org.opendnc.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * One jurisdiction's register rules, e.g. IT (the default), US, UK, FR, CA: loaded from a data
 * file per country (built in: {@code IT.json} ... beside this class; any other: a file path).
 *
 * @param code the profile's code, e.g. {@code IT}
 * @param name the register's name, e.g. "Registro pubblico delle opposizioni"
 * @param region the libphonenumber region whose numbers the register holds, e.g. {@code IT}
 * @param zone the register's time zone
 * @param checkValidity how long a check protects the operator (IT: 15 days)
 * @param rules the rules calls are audited against (hours, holidays, caller ID, caps)
 */
public record Profile(
    String code, String name, String region, ZoneId zone, Duration checkValidity, ProfileRules rules) {
  /** The profile used when none is named. */
  public static final String DEFAULT_CODE = "IT";

  private static final String INDEX_RESOURCE = "profiles.json";
  private static final Map<String, Profile> BUILT_IN = load();

  public Profile {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(checkValidity, "checkValidity");
    Objects.requireNonNull(rules, "rules");
  }

  /** A profile without audit rules (no calling hours, holidays or caps), in one zone. */
  public Profile(String code, String name, String region, ZoneId zone, Duration checkValidity) {
    this(code, name, region, zone, checkValidity, ProfileRules.minimal(zone));
  }

  /** The built-in profile with this code (case-insensitive). */
  public static Profile forCode(String code) {
    Profile profile = BUILT_IN.get(code.toUpperCase(Locale.ROOT));
    if (profile == null) {
      throw new DncException(
          ErrorCode.INVALID_ARGUMENT,
          "unknown profile '" + code + "'. Known profiles: " + String.join(", ", BUILT_IN.keySet())
              + "; or give the path of a profile file (*.json).");
    }
    return profile;
  }

  /**
   * A built-in profile by code, or a profile data file when {@code codeOrFile} ends with
   * {@code .json} (a new country without new code).
   *
   * @throws DncException {@code INVALID_ARGUMENT} for an unknown code; {@code INPUT_NOT_FOUND} or
   *     {@code PROFILE_MALFORMED} for a file that is missing or not a valid profile
   */
  public static Profile named(String codeOrFile) {
    Objects.requireNonNull(codeOrFile, "codeOrFile");
    if (codeOrFile.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return load(Path.of(codeOrFile));
    }
    return forCode(codeOrFile);
  }

  /** Reads a profile data file. */
  public static Profile load(Path file) {
    return ProfileFile.read(file);
  }

  /** The default profile, IT. */
  public static Profile defaultProfile() {
    return forCode(DEFAULT_CODE);
  }

  /** All built-in profiles by code, in the order of the data file. */
  public static Map<String, Profile> builtIn() {
    return BUILT_IN;
  }

  private static Map<String, Profile> load() {
    try (InputStream in = Profile.class.getResourceAsStream(INDEX_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + INDEX_RESOURCE);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, Profile> profiles = new LinkedHashMap<>();
      for (JsonNode node : root.path("profiles")) {
        String resource = node.asText();
        try (InputStream file = Profile.class.getResourceAsStream(resource)) {
          if (file == null) {
            throw new IllegalStateException("missing resource " + resource);
          }
          Profile p = ProfileFile.read(file, resource);
          profiles.put(p.code(), p);
        }
      }
      return java.util.Collections.unmodifiableMap(profiles);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in profiles", e);
    }
  }
}
