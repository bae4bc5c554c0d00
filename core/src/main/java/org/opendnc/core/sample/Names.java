package org.opendnc.core.sample;

import java.nio.charset.StandardCharsets;

/** First names, surnames and cities for plausible contacts, pre-encoded as UTF-8 CSV fields. */
final class Names {
  final byte[][] firstNames;
  final byte[][] surnames;
  /** Surnames that need CSV quoting (a comma or a double quote inside), already quoted. */
  final byte[][] quotedSurnames;
  final byte[][] cities;
  /** Cities with their province or state, "Milano, MI": quoted because of the comma. */
  final byte[][] quotedCities;

  private Names(String firstNames, String surnames, String quotedSurnames, String cities, String regions) {
    this.firstNames = encode(firstNames.split(","));
    this.surnames = encode(surnames.split(","));
    String[] quoted = quotedSurnames.split("\\|");
    for (int i = 0; i < quoted.length; i++) {
      quoted[i] = '"' + quoted[i].replace("\"", "\"\"") + '"';
    }
    this.quotedSurnames = encode(quoted);
    String[] cityNames = cities.split(",");
    String[] regionNames = regions.split(",");
    this.cities = encode(cityNames);
    String[] withRegion = new String[cityNames.length];
    for (int i = 0; i < cityNames.length; i++) {
      withRegion[i] = '"' + cityNames[i] + ", " + regionNames[i] + '"';
    }
    this.quotedCities = encode(withRegion);
  }

  private static byte[][] encode(String[] values) {
    byte[][] bytes = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
    }
    return bytes;
  }

  static final Names ITALIAN =
      new Names(
          "Giuseppe,Maria,Giovanni,Anna,Antonio,Giuseppina,Mario,Rosa,Luigi,Angela,Francesco,Giovanna,"
              + "Angelo,Teresa,Vincenzo,Lucia,Pietro,Carmela,Salvatore,Caterina,Carlo,Francesca,Franco,"
              + "Anna Maria,Domenico,Antonietta,Bruno,Carla,Paolo,Elena,Michele,Concetta,Giorgio,Rita,"
              + "Aldo,Margherita,Sergio,Franca,Luciano,Paola,Alessandro,Giulia,Andrea,Chiara,Marco,Sara,"
              + "Matteo,Martina,Lorenzo,Sofia,Niccolò,Aurora,Leonardo,Alice,Gabriele,Ginevra,Riccardo,"
              + "Emma,Tommaso,Beatrice,Nicolò,Chiara,Davide,Greta,Federico,Noemi,Luca,Viola",
          "Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,Bruno,Gallo,Conti,"
              + "De Luca,Mancini,Costa,Giordano,Rizzo,Lombardi,Moretti,Barbieri,Fontana,Santoro,Mariani,"
              + "Rinaldi,Caruso,Ferrara,Galli,Martini,Leone,Longo,Gentile,Martinelli,Vitale,Lombardo,Serra,"
              + "Coppola,De Santis,D'Angelo,Marchetti,Parisi,Villa,Conte,Ferraro,Ferri,Fabbri,Bianco,"
              + "Marini,Grasso,Valentini,Messina,Sala,De Angelis,Gatti,Pellegrini,Palumbo,Sanna,Farina,"
              + "Rizzi,Monti,Cattaneo,Morelli,Amato,Silvestri,Mazza,Testa,Grassi,Pellegrino,Carbone,"
              + "Giuliani,Benedetti,Barone,Rossetti,Caputo,Montanari,Guerra,Palmieri,Bernardi,Martino,"
              + "Fiore,De Rosa,Ferretti,Bellini,Basile,Riva,Donati,Piras,Vitali,Battaglia,Sartori,Neri,"
              + "Costantini,Milani,Pagano,Ruggiero,Sorrentino,D'Amico,Orlando,Damico,Negri,Dell'Acqua,Niccolò",
          "Rossi, Ditta|Bianchi, S.r.l.|Esposito, Fratelli|Bar \"Da Mario\"|Ferrari & C., s.n.c.|"
              + "Trattoria \"Il Gallo\", Gallo",
          "Roma,Milano,Napoli,Torino,Palermo,Genova,Bologna,Firenze,Bari,Catania,Venezia,Verona,Messina,"
              + "Padova,Trieste,Brescia,Parma,Prato,Modena,Reggio di Calabria,Reggio nell'Emilia,Perugia,"
              + "Ravenna,Livorno,Cagliari,Foggia,Rimini,Salerno,Ferrara,Sassari,Latina,Giugliano in Campania,"
              + "Monza,Siracusa,Pescara,Bergamo,Forlì,Trento,Vicenza,Terni,Cantù,Treviso,Udine,Bolzano",
          "RM,MI,NA,TO,PA,GE,BO,FI,BA,CT,VE,VR,ME,PD,TS,BS,PR,PO,MO,RC,RE,PG,RA,LI,CA,FG,RN,SA,FE,SS,LT,NA,"
              + "MB,SR,PE,BG,FC,TN,VI,TR,CO,TV,UD,BZ");

  static final Names AMERICAN =
      new Names(
          "James,Mary,Robert,Patricia,John,Jennifer,Michael,Linda,David,Elizabeth,William,Barbara,"
              + "Richard,Susan,Joseph,Jessica,Thomas,Sarah,Charles,Karen,Christopher,Lisa,Daniel,Nancy,"
              + "Matthew,Betty,Anthony,Sandra,Mark,Margaret,José,Ashley,Steven,Emily,Andrew,Donna",
          "Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,Hernandez,Lopez,"
              + "Gonzalez,Wilson,Anderson,Thomas,Taylor,Moore,Jackson,Martin,Lee,Perez,Thompson,White,"
              + "Harris,Sanchez,Clark,Ramirez,Lewis,Robinson,Walker,Young,Allen,King,Wright,O'Brien,Nguyen",
          "Smith, Jr.|Johnson, III|Acme Plumbing, Inc.|\"Big Al\" Martinez|Lee & Sons, LLC",
          "New York,Los Angeles,Chicago,Houston,Phoenix,Philadelphia,San Antonio,San Diego,Dallas,Austin,"
              + "Jacksonville,Columbus,Charlotte,Indianapolis,Seattle,Denver,Boston,Nashville,Detroit,Portland",
          "NY,CA,IL,TX,AZ,PA,TX,CA,TX,TX,FL,OH,NC,IN,WA,CO,MA,TN,MI,OR");
}
