package org.opendnc.bench;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opendnc.core.sample.SampleData.Profile;

/**
 * The obvious Java program: libphonenumber parse, isValidNumber and E.164 formatting as a String,
 * the register in a {@code HashSet<String>}, the list read line by line with a BufferedReader.
 */
final class NaiveContender implements Contender {
  private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();
  private final Profile profile;
  private Set<String> register;

  NaiveContender(Profile profile) {
    this.profile = profile;
  }

  @Override
  public String name() {
    return "naive";
  }

  @Override
  public void prepare(Path registerCsv) throws Exception {
    register = new HashSet<>();
    try (BufferedReader reader = Files.newBufferedReader(registerCsv, StandardCharsets.UTF_8)) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        int comma = line.indexOf(',');
        String e164 = e164(comma < 0 ? line : line.substring(0, comma));
        if (e164 != null) {
          register.add(e164);
        }
      }
    }
  }

  @Override
  public Result check(Path listCsv, Path output) throws Exception {
    long callable = 0;
    long blocked = 0;
    long invalid = 0;
    try (BufferedReader reader = Files.newBufferedReader(listCsv, StandardCharsets.UTF_8);
        BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      int phoneColumn = CsvFields.split(header).indexOf(profile.phoneColumn());
      writer.write(header);
      writer.write(",e164,verdict,reason\n");
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        List<String> fields = CsvFields.split(line);
        String e164 = phoneColumn < fields.size() ? e164(fields.get(phoneColumn)) : null;
        writer.write(line);
        if (e164 == null) {
          invalid++;
          writer.write(",," + INVALID + ",INVALID_NUMBER\n");
        } else if (register.contains(e164)) {
          blocked++;
          writer.write("," + e164.substring(1) + "," + BLOCKED + ",REGISTERED\n");
        } else {
          callable++;
          writer.write("," + e164.substring(1) + "," + CALLABLE + ",NOT_REGISTERED\n");
        }
      }
    }
    return new Result(callable + blocked + invalid, callable, blocked, invalid);
  }

  @Override
  public String notes() {
    return "1 thread, register as HashSet<String> of " + (register == null ? 0 : register.size()) + " in the heap";
  }

  @Override
  public void close() {
    register = null;
  }

  private String e164(String text) {
    try {
      PhoneNumber number = phoneNumbers.parse(text, profile.name());
      return phoneNumbers.isValidNumber(number) ? phoneNumbers.format(number, PhoneNumberFormat.E164) : null;
    } catch (NumberParseException e) {
      return null;
    }
  }
}
