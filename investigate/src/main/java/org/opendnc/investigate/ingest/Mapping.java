package org.opendnc.investigate.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * The investigator's column mapping: per firm, which column holds which role, and optionally the
 * date pattern, the sheet or table to read. JSON or YAML:
 * <pre>
 * firm-a:
 *   phone: Tel. cliente
 *   consent_at: "#5"          # a column by position, from 1
 *   date_format: dd/MM/yyyy HH:mm
 *   table: contatti
 * </pre>
 */
public final class Mapping {
  /** What the mapping says of one firm. */
  public record FirmMapping(Map<Role, String> columns, String dateFormat, String table) {}

  private static final FirmMapping NONE = new FirmMapping(Map.of(), null, null);
  private final Map<String, FirmMapping> firms;

  private Mapping(Map<String, FirmMapping> firms) {
    this.firms = firms;
  }

  /** No overrides. */
  public static Mapping none() {
    return new Mapping(Map.of());
  }

  /** Reads a mapping file (.json, .yaml or .yml). */
  public static Mapping load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, file + ": no such mapping file.");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
    JsonNode root;
    try {
      root = mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, file + ": not a valid mapping file (" + e.getMessage()
          + "). Expected per firm an object of role: column, e.g. {\"firm-a\": {\"phone\": \"Tel\"}}.");
    }
    if (root == null || !root.isObject()) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, file + ": the mapping must be an object keyed by firm.");
    }
    Map<String, FirmMapping> firms = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      var firm = it.next();
      if (!firm.getValue().isObject()) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, file + ": firm '" + firm.getKey() + "' must map roles to columns.");
      }
      Map<Role, String> columns = new EnumMap<>(Role.class);
      String dateFormat = null;
      String table = null;
      for (Iterator<Map.Entry<String, JsonNode>> fields = firm.getValue().fields(); fields.hasNext(); ) {
        var field = fields.next();
        String key = field.getKey().toLowerCase(Locale.ROOT);
        String value = field.getValue().asText();
        switch (key) {
          case "date_format" -> dateFormat = value;
          case "table", "sheet" -> table = value;
          default -> {
            Role role = Role.ofKey(key);
            if (role == null) {
              throw new DncException(ErrorCode.INVALID_ARGUMENT, file + ": firm '" + firm.getKey() + "': unknown role '"
                  + field.getKey() + "'. Roles: phone, name, first_name, last_name, acquired, consent_at,"
                  + " consent_source; also date_format and table.");
            }
            columns.put(role, value);
          }
        }
      }
      firms.put(firm.getKey().toLowerCase(Locale.ROOT), new FirmMapping(columns, dateFormat, table));
    }
    return new Mapping(firms);
  }

  /** The mapping of a firm (by name, case-insensitive); empty when none is given. */
  public FirmMapping forFirm(String firm) {
    return firms.getOrDefault(firm.toLowerCase(Locale.ROOT), NONE);
  }
}
