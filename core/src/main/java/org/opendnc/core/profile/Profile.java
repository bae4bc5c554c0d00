package org.opendnc.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * One jurisdiction's register rules that the engine needs, e.g. IT (the default), US, UK, FR, CA.
 *
 * @param code the profile's code, e.g. {@code IT}
 * @param name the register's name, e.g. "Registro pubblico delle opposizioni"
 * @param region the libphonenumber region whose numbers the register holds, e.g. {@code IT}
 * @param zone the register's time zone
 * @param checkValidity how long a check protects the operator (IT: 15 days)
 */
public record Profile(String code, String name, String region, ZoneId zone, Duration checkValidity) {
  /** The profile used when none is named. */
  public static final String DEFAULT_CODE = "IT";

  private static final String RESOURCE = "profiles.json";
  private static final Map<String, Profile> BUILT_IN = load();

  public Profile {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(checkValidity, "checkValidity");
  }

  /** The built-in profile with this code (case-insensitive). */
  public static Profile forCode(String code) {
    Profile profile = BUILT_IN.get(code.toUpperCase(Locale.ROOT));
    if (profile == null) {
      throw new DncException(
          ErrorCode.INVALID_ARGUMENT,
          "unknown profile '" + code + "'. Known profiles: " + String.join(", ", BUILT_IN.keySet()) + ".");
    }
    return profile;
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
    try (InputStream in = Profile.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, Profile> profiles = new LinkedHashMap<>();
      for (JsonNode node : root.path("profiles")) {
        Profile p =
            new Profile(
                node.path("code").asText(),
                node.path("register").asText(),
                node.path("region").asText(),
                ZoneId.of(node.path("zone").asText()),
                Duration.ofDays(node.path("check_validity_days").asLong()));
        profiles.put(p.code(), p);
      }
      return java.util.Collections.unmodifiableMap(profiles);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in profiles", e);
    }
  }
}
