package org.opendnc.investigate.sample;

/**
 * The population a generated case draws from: person p has one valid Italian mobile number and a
 * name, both computed from p (no storage), and numbered misspellings of that name.
 */
final class People {
  /*
   * Number: one of 34 mobile prefixes (each checked valid for any 7-digit subscriber) times a
   * bijective affine map of the subscriber space (multiplier coprime with 10^7), so distinct
   * persons below 34 x 10^7 have distinct numbers.
   */
  static final String[] PREFIXES = {"320", "324", "327", "328", "329", "330", "331", "333", "334", "335", "336", "337",
      "338", "339", "340", "342", "345", "346", "347", "348", "349", "350", "351", "360", "366", "368", "370", "371",
      "380", "388", "389", "391", "392", "393"};
  static final long CAPACITY = PREFIXES.length * 10_000_000L;
  private static final String[] FIRST = ("Marco,Giulia,Luca,Francesca,Alessandro,Chiara,Andrea,Sara,Matteo,Valentina,"
      + "Lorenzo,Martina,Davide,Elena,Simone,Federica,Niccolò,Beatrice,Gabriele,Alessia,Riccardo,Giorgia,Tommaso,Noemi,"
      + "Edoardo,Aurora,Stefano,Ilaria,Pietro,Anna,Giuseppe,Maria,Salvatore,Rosa,Antonio,Lucia,Vincenzo,Carmela,Nicolò,Letizia")
      .split(",");
  private static final String[] LAST = ("Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,Bruno,"
      + "Gallo,Conti,De Luca,Mancini,Costa,Giordano,Rizzo,Lombardi,Moretti,Barbieri,Fontana,Santoro,Mariani,Rinaldi,"
      + "Caruso,Ferrara,Galli,Martini,Leone,Longo,Gentile,Martinelli,Vitale,Lombardo,Serra,Coppola,De Santis,D'Angelo,"
      + "Marchetti,Parisi,Villa,Conte,Ferraro,Ferri,Fabbri,Bianco,Marini,Grasso,Valentini,Messina,Sala,De Angelis,Gatti,"
      + "Pellegrini,Palumbo,Sanna,Farina,Rizzi,Monti,Cattaneo,Morelli,Amato,Silvestri,Mazza,Testa,Pellegrino,Carbone,"
      + "Giuliani,Benedetti,Barone,Rossetti,Caputo,Montanari,Guerra,Palmieri,Bernardi,Martino,Fiore,De Rosa,Ferretti,"
      + "Bellini,Basile,Riva,Donati,Piras,Vitali,Battaglia,Sartori,Neri,Costantini,Milani,Pagano,Ruggiero,Sorrentino,"
      + "D'Amico,Orlando,Damico,Negri,Mattei,Lucà,Cirillo,Tedesco,Bellotti,Ruggeri,Pace").split(",");

  private People() {}

  private static final long[] PREFIX_VALUES = new long[PREFIXES.length];

  static {
    for (int i = 0; i < PREFIXES.length; i++) {
      PREFIX_VALUES[i] = 39_000L + Integer.parseInt(PREFIXES[i]); // "39" followed by the prefix
    }
  }

  static long e164(long person) {
    int prefix = (int) (person % PREFIXES.length);
    long subscriber = Math.floorMod((person / PREFIXES.length) * 7_654_321L + 1_234_567L, 10_000_000L);
    return PREFIX_VALUES[prefix] * 10_000_000L + subscriber;
  }

  static String firstName(long person) {
    return FIRST[(int) Math.floorMod(person * 7 + person / 97, FIRST.length)];
  }

  static String lastName(long person, int variant) {
    String last = LAST[(int) Math.floorMod(person * 13 + person / FIRST.length, LAST.length)];
    if (variant == 0) {
      return last;
    }
    // A typo: deterministic in (person, variant); keeps at least the first letter.
    long h = mix(person * 31 + variant);
    int at = 1 + (int) Math.floorMod(h, Math.max(1, last.length() - 1));
    int kind = (int) Math.floorMod(h >>> 20, 3);
    StringBuilder s = new StringBuilder(last);
    if (kind == 0 && at < s.length() - 1) { // swap two letters
      char c = s.charAt(at);
      s.setCharAt(at, s.charAt(at + 1));
      s.setCharAt(at + 1, c);
      if (s.toString().equals(last)) {
        s.insert(at, 'x');
      }
    } else if (kind == 1 && s.length() > 3) { // drop a letter
      s.deleteCharAt(at);
    } else { // double a letter
      s.insert(at, s.charAt(at) == 'z' ? 'y' : 'z');
    }
    return s.toString();
  }

  static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return x;
  }
}
