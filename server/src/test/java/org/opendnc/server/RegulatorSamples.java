package org.opendnc.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small call-record files and cases for the regulator's tests. */
final class RegulatorSamples {

  private RegulatorSamples() {}

  /** The registered number the calls reach. */
  static final long REGISTERED = 393331234567L;

  /**
   * Four call records (made after the test registers {@link #REGISTERED}, in 2027): c1 calls the
   * registered number, c2 an unregistered one, c3 withholds its caller ID at 21:00; line 5 (c4)
   * has an invalid callee and is rejected.
   */
  static final String CALLS = """
      call_id,operator,caller_id,callee,started_at,duration_s,outcome,campaign,origin_country
      c1,acme,06 1234 5678,333 123 4567,2027-01-12T10:00:00+01:00,30,ANSWERED,spring,IT
      c2,acme,06 1234 5678,320 555 1234,2027-01-12T10:05:00+01:00,45,ANSWERED,spring,IT
      c3,acme,,333 123 4567,2027-01-12T21:00:00+01:00,5,ANSWERED,evening,
      c4,acme,06 1234 5678,12,2027-01-12T11:00:00+01:00,5,ANSWERED,spring,
      """;

  /**
   * The firm's consents for {@link #CALLS}: C-1, given by the owner of {@link #REGISTERED} after
   * the test registers it and before the calls; line 3 (C-bad) has no usable time and is rejected.
   */
  static final String CONSENTS = """
      consent_id,operator,number,given_at,withdrawn_at
      C-1,acme,333 123 4567,2027-01-10T09:00:00+01:00,
      C-bad,acme,333 123 4567,yesterday,
      """;

  /** The firm's contracts: line 2 ends before it starts and is rejected. */
  static final String CONTRACTS = """
      contract_id,operator,number,start,end
      K-1,acme,333 123 4567,2027-01-05,2026-12-01
      """;

  /**
   * A case of two firms: alfa acquired 200 numbers in January 2022, beta a copy of 120 of them
   * (same names, same consent times) in March; and a honeypot list in inputs/.
   */
  static Map<String, String> caseFiles() {
    StringBuilder alfa = new StringBuilder("telefono,nome,data_inserimento,data_consenso\n");
    StringBuilder beta = new StringBuilder("phone;name;acquired;consent\n");
    for (int i = 0; i < 200; i++) {
      String number = "+39 347 " + (1_000_000 + i * 7919);
      String name = "Persona" + (char) ('A' + i % 26) + i;
      alfa.append(number).append(',').append(name).append(",2022-01-10,2022-01-09 10:")
          .append(String.format("%02d", i % 60)).append(":00\n");
      if (i < 120) {
        beta.append(number.replace(" ", "")).append(';').append(name)
            .append(";2022-03-01;2022-01-09 10:").append(String.format("%02d", i % 60)).append(":00\n");
      }
    }
    Map<String, String> files = new LinkedHashMap<>();
    files.put("alfa.csv", alfa.toString());
    files.put("beta.csv", beta.toString());
    files.put("inputs/honeypots.txt", "+39 347 1000000\n");
    return files;
  }
}
