package org.opendnc.investigate.ingest;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Italian and English header names of each column role. */
final class HeaderNames {
  private static final Map<Role, Set<String>> EXACT =
      Map.of(
          Role.PHONE,
          Set.of("telefono", "tel", "telefono_cellulare", "cellulare", "cell", "numero", "numero_telefono",
              "num_tel", "phone", "phone_number", "phonenumber", "mobile", "msisdn", "e164", "number",
              "recapito", "utenza", "numero_cellulare", "telephone", "contact_number"),
          Role.FIRST_NAME, Set.of("nome", "first_name", "firstname", "given_name", "forename"),
          Role.LAST_NAME, Set.of("cognome", "last_name", "lastname", "surname", "family_name"),
          Role.NAME,
          Set.of("nominativo", "name", "full_name", "fullname", "cliente", "contatto", "nome_cognome",
              "ragione_sociale", "intestatario", "customer", "contact", "nome_completo"),
          Role.ACQUIRED,
          Set.of("data_inserimento", "data_acquisizione", "data_caricamento", "data_creazione",
              "data_import", "created_at", "created", "creation_date", "inserted_at", "insert_date",
              "date_added", "added_at", "acquired_at", "import_date", "data_ins", "dt_ins",
              "data_registrazione", "date_created"),
          Role.CONSENT_AT,
          Set.of("data_consenso", "consent_date", "consent_at", "consented_at", "consenso_data",
              "data_optin", "optin_date", "opt_in_at", "opt_in_date", "consent_timestamp",
              "timestamp_consenso", "consenso", "consent", "data_ora_consenso", "privacy_date"),
          Role.CONSENT_SOURCE,
          Set.of("fonte_consenso", "consent_source", "ip", "ip_address", "indirizzo_ip", "consent_ip",
              "ip_consenso", "source", "fonte", "origine", "canale_consenso", "consent_channel",
              "consent_origin", "origine_consenso"));

  private HeaderNames() {}

  /** Lower case, accents removed, every run of non-alphanumerics one underscore. */
  static String normalise(String header) {
    String s = Normalizer.normalize(header.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    s = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    if (s.startsWith("_")) {
      s = s.substring(1);
    }
    if (s.endsWith("_")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** The role a header names, or null. Exact names first, then telling fragments. */
  static Role roleOf(String header) {
    String h = normalise(header);
    for (var entry : EXACT.entrySet()) {
      if (entry.getValue().contains(h)) {
        return entry.getKey();
      }
    }
    boolean consent = h.contains("consen") || h.contains("optin") || h.contains("opt_in") || h.contains("privacy");
    if (consent && (h.contains("ip") || h.contains("font") || h.contains("sourc") || h.contains("orig")
        || h.contains("canal") || h.contains("channel"))) {
      return Role.CONSENT_SOURCE;
    }
    if (consent) {
      return Role.CONSENT_AT;
    }
    if (h.contains("telef") || h.contains("cellul") || h.contains("phone") || h.contains("msisdn")) {
      return Role.PHONE;
    }
    if (h.contains("inser") || h.contains("creat") || h.contains("acquis") || h.contains("caric")) {
      return Role.ACQUIRED;
    }
    if (h.contains("cognom") || h.contains("surname")) {
      return Role.LAST_NAME;
    }
    return null;
  }
}
