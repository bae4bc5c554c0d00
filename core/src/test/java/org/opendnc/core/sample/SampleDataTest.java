package org.opendnc.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.sample.SampleData.Profile;

class SampleDataTest {
  private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

  @TempDir Path directory;

  @Test
  void sameSeedGivesSameBytesAndAnotherSeedDifferentOnes() throws IOException {
    Path first = directory.resolve("a.csv");
    Path second = directory.resolve("b.csv");
    Path third = directory.resolve("c.csv");
    SampleData.writeRegister(first, 20_000, 7, Profile.IT);
    SampleData.writeRegister(second, 20_000, 7, Profile.IT);
    SampleData.writeRegister(third, 20_000, 8, Profile.IT);
    assertThat(Files.mismatch(first, second)).isEqualTo(-1);
    assertThat(Files.mismatch(first, third)).isNotEqualTo(-1);

    Path listOne = directory.resolve("l1.csv");
    Path listTwo = directory.resolve("l2.csv");
    SampleData.writeList(listOne, 10_000, 3, first, 0.3, Profile.IT);
    SampleData.writeList(listTwo, 10_000, 3, second, 0.3, Profile.IT);
    assertThat(Files.mismatch(listOne, listTwo)).isEqualTo(-1);
  }

  @Test
  void headersAreTheDocumentedOnes() throws IOException {
    Path register = directory.resolve("register.csv");
    Path list = directory.resolve("list.csv");
    SampleData.writeRegister(register, 10, 1, Profile.IT);
    SampleData.writeList(list, 10, 1, register, 0.5, Profile.IT);
    assertThat(firstLine(register)).isEqualTo("number,registered_at,channel");
    assertThat(firstLine(list)).isEqualTo("id,nome,cognome,telefono,citta");
    Path usList = directory.resolve("us.csv");
    SampleData.writeList(usList, 10, 1, null, 0, Profile.US);
    assertThat(firstLine(usList)).isEqualTo("id,first_name,last_name,phone,city");
  }

  @Test
  void italianRegisterNumbersAreValidApartFromTheFewMalformedRows() throws IOException {
    RegisterFacts facts = readRegister(Profile.IT, 100_000, 11);
    // 0.01% malformed: about 10 of 100,000.
    assertThat(facts.invalid).isBetween(2L, 30L);
    assertThat(facts.mobileShare()).isBetween(0.62, 0.78);
    // 0.1% duplicates: about 100.
    assertThat(facts.valid - facts.distinct.size()).isBetween(50L, 200L);
    assertThat(facts.nationalLengths).containsAnyOf(6, 7, 8).contains(9, 10, 11);
    assertThat(facts.nationalLengths).allSatisfy(length -> assertThat(length).isBetween(6, 11));
  }

  @Test
  void americanRegisterNumbersAreValidApartFromTheFewMalformedRows() throws IOException {
    RegisterFacts facts = readRegister(Profile.US, 100_000, 12);
    assertThat(facts.invalid).isBetween(2L, 30L);
    assertThat(facts.nationalLengths).containsExactly(10);
  }

  @Test
  void registerRowsHaveThreeColumnsExceptSomeMalformedOnes() throws IOException {
    Path register = directory.resolve("register.csv");
    SampleData.writeRegister(register, 200_000, 5, Profile.IT);
    long rows = 0;
    long otherShapes = 0;
    try (CsvReader<CsvRecord> reader = CsvReader.builder().allowExtraFields(true).allowMissingFields(true).ofCsvRecord(register)) {
      for (CsvRecord record : reader) {
        rows++;
        if (record.getFieldCount() != 3) {
          otherShapes++;
          assertThat(isValid(record.getField(0), null)).isFalse();
        }
      }
    }
    assertThat(rows).isEqualTo(200_001);
    assertThat(otherShapes).isBetween(1L, 20L);
  }

  @Test
  void listHasExactRowCountMixedFormatsAndTheWantedShares() throws IOException {
    Path register = directory.resolve("register.csv");
    Path list = directory.resolve("list.csv");
    SampleData.writeRegister(register, 100_000, 21, Profile.IT);
    SampleData.writeList(list, 50_000, 22, register, 0.3, Profile.IT);
    Set<Long> registered = readRegister(register, Profile.IT).distinct;

    long rows = 0;
    long invalid = 0;
    long blocked = 0;
    long quotedCommas = 0;
    Set<Long> seen = new HashSet<>();
    long repeats = 0;
    Set<String> shapes = new HashSet<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(list)) {
      for (CsvRecord record : reader) {
        if (record.getStartingLineNumber() == 1) {
          continue;
        }
        rows++;
        assertThat(record.getFieldCount()).isEqualTo(5);
        assertThat(record.getField(0)).isEqualTo(Long.toString(rows));
        if (record.getField(2).contains(",") || record.getField(4).contains(",")) {
          quotedCommas++;
        }
        String phone = record.getField(3);
        shapes.add(phone.replaceAll("[0-9]", "9"));
        Long e164 = e164(phone, "IT");
        if (e164 == null) {
          invalid++;
          continue;
        }
        if (!seen.add(e164)) {
          repeats++;
        }
        if (registered.contains(e164)) {
          blocked++;
        }
      }
    }
    assertThat(rows).isEqualTo(50_000);
    // 1% malformed, of which a tenth are typed letters libphonenumber reads as a shorter number.
    assertThat((double) invalid / rows).isBetween(0.006, 0.014);
    assertThat((double) blocked / rows).isBetween(0.27, 0.33);
    assertThat((double) repeats / rows).isBetween(0.01, 0.04);
    assertThat(quotedCommas).isGreaterThan(rows / 20);
    assertThat(shapes).contains("+99 999 999 9999", "9999 9999999999", "999-999-9999", "(99) 9999 9999",
        "99.9999.9999", "+999999999999", "9999999999", "", "99/99999999");
  }

  @Test
  void listWithoutRegisterShareHoldsNoRegisteredNumber() throws IOException {
    Path register = directory.resolve("register.csv");
    Path list = directory.resolve("list.csv");
    SampleData.writeRegister(register, 50_000, 31, Profile.US);
    SampleData.writeList(list, 20_000, 32, register, 0.0, Profile.US);
    Set<Long> registered = readRegister(register, Profile.US).distinct;
    long blocked;
    try (Stream<String> lines = Files.lines(list)) {
      blocked = lines.skip(1).map(line -> e164(phoneOf(line), "US")).filter(registered::contains).count();
    }
    assertThat(blocked).isZero();
  }

  @Test
  void listRefusesARegisterWithoutSidecarOrOfAnotherProfile() throws IOException {
    Path register = directory.resolve("register.csv");
    SampleData.writeRegister(register, 100, 1, Profile.IT);
    Path list = directory.resolve("list.csv");
    assertThatThrownBy(() -> SampleData.writeList(list, 10, 1, register, 0.3, Profile.US))
        .isInstanceOf(IllegalArgumentException.class);
    Files.delete(SampleData.sidecar(register));
    assertThatThrownBy(() -> SampleData.writeList(list, 10, 1, register, 0.3, Profile.IT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private record RegisterFacts(long valid, long invalid, long mobile, Set<Long> distinct, Set<Integer> nationalLengths) {
    double mobileShare() {
      return (double) mobile / valid;
    }
  }

  private RegisterFacts readRegister(Profile profile, long count, long seed) throws IOException {
    Path register = directory.resolve("register-" + profile + ".csv");
    SampleData.writeRegister(register, count, seed, profile);
    return readRegister(register, profile);
  }

  private static RegisterFacts readRegister(Path register, Profile profile) throws IOException {
    long valid = 0;
    long invalid = 0;
    long mobile = 0;
    Set<Long> distinct = new HashSet<>();
    Set<Integer> lengths = new HashSet<>();
    List<String> lines = Files.readAllLines(register, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String number = line.substring(0, line.indexOf(','));
      PhoneNumber parsed = parse(number, null);
      if (parsed == null || !PHONE_NUMBERS.isValidNumber(parsed)) {
        invalid++;
        continue;
      }
      assertThat(parsed.getCountryCode()).isEqualTo(profile.countryCode());
      valid++;
      if (PHONE_NUMBERS.getNumberType(parsed) == PhoneNumberUtil.PhoneNumberType.MOBILE) {
        mobile++;
      }
      String national = PHONE_NUMBERS.getNationalSignificantNumber(parsed);
      lengths.add(national.length());
      distinct.add(Long.parseLong(number.substring(1)));
    }
    return new RegisterFacts(valid, invalid, mobile, distinct, lengths);
  }

  private static String phoneOf(String line) {
    // The phone is the fourth field; earlier fields may be quoted and hold commas.
    int field = 0;
    boolean quoted = false;
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        field++;
      } else if (field == 3) {
        value.append(c);
      }
    }
    return value.toString();
  }

  private static Long e164(String text, String region) {
    PhoneNumber parsed = parse(text, region);
    if (parsed == null || !PHONE_NUMBERS.isValidNumber(parsed)) {
      return null;
    }
    return Long.parseLong(PHONE_NUMBERS.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164).substring(1));
  }

  private static boolean isValid(String text, String region) {
    PhoneNumber parsed = parse(text, region);
    return parsed != null && PHONE_NUMBERS.isValidNumber(parsed);
  }

  private static PhoneNumber parse(String text, String region) {
    try {
      return PHONE_NUMBERS.parse(text, region);
    } catch (NumberParseException e) {
      return null;
    }
  }

  private static String firstLine(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.findFirst().orElseThrow();
    }
  }
}
