package org.opendnc.investigate.ingest;

/** What a column of a seized export holds. */
public enum Role {
  PHONE("phone"),
  NAME("name"),
  FIRST_NAME("first_name"),
  LAST_NAME("last_name"),
  ACQUIRED("acquired"),
  CONSENT_AT("consent_at"),
  CONSENT_SOURCE("consent_source");

  private final String key;

  Role(String key) {
    this.key = key;
  }

  /** The role's name in mapping files, e.g. {@code consent_at}. */
  public String key() {
    return key;
  }

  /** The role a mapping-file key names, or null. Accepts a few synonyms. */
  public static Role ofKey(String key) {
    String k = key.trim().toLowerCase(java.util.Locale.ROOT);
    for (Role role : values()) {
      if (role.key.equals(k)) {
        return role;
      }
    }
    return switch (k) {
      case "number", "telefono" -> PHONE;
      case "surname", "cognome" -> LAST_NAME;
      case "nome" -> FIRST_NAME;
      case "created_at", "date", "acquired_at", "data_inserimento" -> ACQUIRED;
      case "consent_date", "consent", "data_consenso" -> CONSENT_AT;
      case "consent_ip", "source", "ip" -> CONSENT_SOURCE;
      default -> null;
    };
  }
}
