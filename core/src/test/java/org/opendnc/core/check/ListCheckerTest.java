package org.opendnc.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.index.OppositionIndex;
import org.opendnc.core.number.NumberParser;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

class ListCheckerTest {

  @Test
  void numbersAreFormattedAsLongToStringDoesWithoutTouchingTheBytesAround() {
    Random random = new Random(7);
    List<Long> values = new ArrayList<>(List.of(0L, 1L, 9L, 10L, 99L, 100L, 101L, 999L, 1000L,
        393331234567L, 390612345678L, 12025550123L, 999_999_999_999_999L, Long.MAX_VALUE));
    for (int i = 0; i < 100_000; i++) {
      values.add((random.nextLong() >>> 1) >>> random.nextInt(63)); // non-negative, any length
    }
    byte[] into = new byte[40];
    for (long value : values) {
      java.util.Arrays.fill(into, (byte) '#');
      int end = ListChecker.writeDigits(value, into, 3);
      String expected = Long.toString(value);
      assertThat(new String(into, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo(expected);
      assertThat(into[2]).isEqualTo((byte) '#');
      assertThat(into[end]).isEqualTo((byte) '#');
    }
  }
  @Test
  void wideNumbersAreFormattedAsLongToStringDoesWithinTheirSixteenBytes() {
    Random random = new Random(16);
    List<Long> values = new ArrayList<>(List.of(0L, 7L, 9_999_999L, 10_000_000L, 99_999_999L, 100_000_000L,
        100_000_001L, 1_000_000_000L, 393331234567L, 390612345678L, 12025550123L, 10_000_000_000_000L,
        999_999_999_999_999L, 1_000_000_000_000_000L, 9_999_999_999_999_999L, 10_000_000_000_000_000L,
        Long.MAX_VALUE));
    for (long power = 10; power > 0 && power <= Long.MAX_VALUE / 10; power *= 10) {
      values.add(power - 1);
      values.add(power);
      values.add(power + 1);
    }
    for (int i = 0; i < 200_000; i++) {
      values.add((random.nextLong() >>> 1) >>> random.nextInt(63));
      values.add(390_000_000_000L + random.nextLong(10_000_000_000L)); // Italian, 12 digits
    }
    byte[] into = new byte[48];
    for (long value : values) {
      java.util.Arrays.fill(into, (byte) '#');
      int end = ListChecker.writeDigitsWide(value, into, 5);
      assertThat(new String(into, 5, end - 5, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
      assertThat(into[4]).as("the byte before %d", value).isEqualTo((byte) '#');
      for (int i = Math.max(end, 5 + 16); i < into.length; i++) {
        assertThat(into[i]).as("byte %d after %d", i, value).isEqualTo((byte) '#');
      }
    }
  }

  private static final NumberParser IT = NumberParser.forRegion("IT");
  private static final long REGISTERED = 393331234567L;
  private static final long ALLOWED = 393471112222L;
  private static final long FIXED_REGISTERED = 390612345678L;

  private final OppositionIndex index = indexOf();

  private static OppositionIndex indexOf() {
    OppositionIndex index = OppositionIndex.empty();
    long seq = 1;
    for (long n : new long[] {REGISTERED, ALLOWED, FIXED_REGISTERED}) {
      index.apply(new RegisterEvent(seq++, n, EventType.REGISTER, null, Instant.EPOCH, Channel.WEB, null));
    }
    index.apply(new RegisterEvent(seq, ALLOWED, EventType.ALLOW, "acme", Instant.EPOCH, Channel.WEB, null));
    return index;
  }

  private record Run(String output, CheckResult result) {}

  private Run check(String input, CheckOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckResult result =
        new ListChecker(IT, index)
            .check(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, options, null);
    return new Run(out.toString(StandardCharsets.UTF_8), result);
  }

  private Run check(String input) throws IOException {
    return check(input, new CheckOptions("acme", null, false));
  }

  @Test
  void keepsEveryRowAndAddsTheThreeColumns() throws IOException {
    Run run =
        check(
            """
            id,nome,telefono
            1,Anna,+39 333 123 4567
            2,Bruno,06.1234.5678
            3,Carla,0039 347 111 2222
            4,Dario,320 555 1234
            5,Elena,12ab
            6,Fabio,
            """);
    assertThat(run.output())
        .isEqualTo(
            """
            id,nome,telefono,e164,verdict,reason
            1,Anna,+39 333 123 4567,+393331234567,BLOCKED,REGISTERED
            2,Bruno,06.1234.5678,+390612345678,BLOCKED,REGISTERED
            3,Carla,0039 347 111 2222,+393471112222,CALLABLE,ALLOWED_BY_SUBSCRIBER
            4,Dario,320 555 1234,+393205551234,CALLABLE,NOT_REGISTERED
            5,Elena,12ab,,INVALID,INVALID_NUMBER
            6,Fabio,,,INVALID,MISSING_NUMBER
            """);
    assertThat(run.result().counts()).isEqualTo(new org.opendnc.core.receipt.Receipt.Counts(6, 2, 2, 2));
    assertThat(run.result().phoneColumn()).isEqualTo("telefono");
    assertThat(run.result().callableNumbers().contains(393205551234L)).isTrue();
    assertThat(run.result().callableNumbers().contains(ALLOWED)).isTrue();
    assertThat(run.result().callableNumbers().contains(REGISTERED)).isFalse();
    assertThat(run.result().callableNumbers().cardinality()).isEqualTo(2);
  }

  @Test
  void allowForOneOperatorDoesNotHelpAnother() throws IOException {
    Run run = check("phone\n+393471112222\n", new CheckOptions("other-operator", null, false));
    assertThat(run.output()).endsWith("+393471112222,+393471112222,BLOCKED,REGISTERED\n");
  }

  @Test
  void keepsCrlfQuotedFieldsSemicolonsAndTheByteOrderMark() throws IOException {
    String input =
        "\uFEFF\"Nome\";\"Cellulare\";note\r\n"
            + "\"Rossi; Mario\";\"333 123 4567\";\"two\r\nlines\"\r\n"
            + "Verdi;\"+39 320 555 1234\";\"say \"\"hi\"\"\"\r\n";
    Run run = check(input);
    assertThat(run.output())
        .isEqualTo(
            "\uFEFF\"Nome\";\"Cellulare\";note;e164;verdict;reason\r\n"
                + "\"Rossi; Mario\";\"333 123 4567\";\"two\r\nlines\";+393331234567;BLOCKED;REGISTERED\r\n"
                + "Verdi;\"+39 320 555 1234\";\"say \"\"hi\"\"\";+393205551234;CALLABLE;NOT_REGISTERED\r\n");
    assertThat(run.result().delimiter()).isEqualTo(';');
  }

  @Test
  void lastRowWithoutLineTerminatorIsKept() throws IOException {
    assertThat(check("msisdn\n3331234567").output())
        .isEqualTo("msisdn,e164,verdict,reason\n3331234567,+393331234567,BLOCKED,REGISTERED");
  }

  @Test
  void raggedRowsAndBlankLinesAreInvalidNotDropped() throws IOException {
    Run run = check("id,name,phone\n1,Anna\n\n2,Bea,3205551234\n");
    assertThat(run.output())
        .isEqualTo(
            "id,name,phone,e164,verdict,reason\n1,Anna,,INVALID,MISSING_NUMBER\n,,INVALID,MISSING_NUMBER\n"
                + "2,Bea,3205551234,+393205551234,CALLABLE,NOT_REGISTERED\n");
    assertThat(run.result().counts().rows()).isEqualTo(3);
  }

  @Test
  void foreignNumbersAreNotJudgedByThisRegister() throws IOException {
    assertThat(check("phone\n+44 20 7946 0958\n").output())
        .endsWith("+442079460958,INVALID,FOREIGN_NUMBER\n");
  }

  @Test
  void onlyCallableKeepsTheHeaderAndTheCallableRows() throws IOException {
    Run run = check("phone\n3331234567\n3205551234\nxx\n", new CheckOptions("acme", null, true));
    assertThat(run.output())
        .isEqualTo("phone,e164,verdict,reason\n3205551234,+393205551234,CALLABLE,NOT_REGISTERED\n");
    assertThat(run.result().counts().rows()).isEqualTo(3);
  }

  @Test
  void columnCanBeNamed() throws IOException {
    Run run = check("fisso,mobile\n0612345678,3205551234\n", new CheckOptions("acme", "FISSO", false));
    assertThat(run.output()).endsWith("0612345678,3205551234,+390612345678,BLOCKED,REGISTERED\n");
  }

  @Test
  void hashesAreThoseOfTheBytesReadAndWritten() throws Exception {
    String input = "phone\n3331234567\n3205551234\n";
    Run run = check(input);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertThat(run.result().inputSha256()).isEqualTo(sha.digest(input.getBytes(StandardCharsets.UTF_8)));
    assertThat(run.result().outputSha256()).isEqualTo(sha.digest(run.output().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void badInputsGetClearErrors() {
    assertError("", ErrorCode.INPUT_EMPTY, "empty");
    assertError("phone\n\0\0\0binary", ErrorCode.INPUT_BINARY, "binary");
    assertError("id,name\n1,Anna\n", ErrorCode.COLUMN_NOT_FOUND, "[id, name]");
    assertError("phone,note\n3331234567,ok\n3205551234,\"never closed\n", ErrorCode.MALFORMED_CSV, "line 3");
    String longRow = "phone\n" + "3".repeat(ListChecker.MAX_RECORD_BYTES + 10) + "\n";
    assertError(longRow, ErrorCode.RECORD_TOO_LONG, "line 2");
    assertThatThrownBy(() -> check("a,b\n1,2\n", new CheckOptions("acme", "phone", false)))
        .isInstanceOf(DncException.class)
        .hasMessageContaining("no column named 'phone'")
        .hasMessageContaining("--column");
  }

  private void assertError(String input, ErrorCode code, String messagePart) {
    assertThatThrownBy(() -> check(input))
        .isInstanceOfSatisfying(DncException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(messagePart);
  }

  @Test
  void aFailingOutputEndsTheCheckWithItsErrorInsteadOfHanging() {
    StringBuilder input = new StringBuilder("phone\n");
    for (int i = 0; i < 1_000_000; i++) {
      input.append("333").append(1_000_000 + i).append('\n'); // ~11 MB in, several output blocks
    }
    byte[] bytes = input.toString().getBytes(StandardCharsets.UTF_8);
    java.io.OutputStream disk = new java.io.OutputStream() {
      private long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > 3_000_000) {
          throw new IOException("No space left on device");
        }
      }
    };
    assertThatThrownBy(() -> new ListChecker(IT, index)
            .check(new ByteArrayInputStream(bytes), disk, new CheckOptions("acme", null, false), null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No space left on device");
  }

  /** The byte-level scanner against FastCSV and a plain per-row judgement, over many chunks. */
  @Test
  void findsTheFirstDelimiterOrLineFeedAtEveryPositionOfAnEightByteWord() {
    byte[] delimiters = {',', ';', '\t', '|'};
    Random random = new Random(8);
    for (byte delimiter : delimiters) {
      long broadcast = 0x0101010101010101L * (delimiter & 0xff);
      for (int length = 0; length <= 40; length++) {
        for (int round = 0; round < 200; round++) {
          byte[] b = new byte[length];
          for (int i = 0; i < length; i++) {
            // Mostly ordinary bytes, high ones included (UTF-8), sometimes a delimiter or an LF.
            int kind = random.nextInt(40);
            b[i] = kind == 0 ? delimiter : kind == 1 ? (byte) '\n' : (byte) (random.nextInt(254) + 1);
          }
          int from = length == 0 ? 0 : random.nextInt(length + 1);
          int expected = from;
          while (expected < length && b[expected] != delimiter && b[expected] != '\n') {
            expected++;
          }
          assertThat(RowScanner.nextDelimiterOrNewline(b, from, length, delimiter, broadcast))
              .as("delimiter %d, %s from %d", delimiter, java.util.Arrays.toString(b), from).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void agreesWithAReferenceCsvReaderOverManyChunks() throws IOException {
    Random random = new Random(42);
    StringBuilder input = new StringBuilder("id,name,\"phone number\",city\n");
    String[] forms = {"+39 %s", "0039%s", "%s", "\"%s\"", "%s x", "", "abc"};
    for (int i = 0; i < 150_000; i++) {
      String nsn = random.nextInt(4) == 0 ? "06" + (10_000_000 + random.nextInt(89_999_999))
          : "3" + (20 + random.nextInt(30)) + (1_000_000 + random.nextInt(8_999_999));
      if (random.nextInt(50) == 0) {
        nsn = random.nextBoolean() ? "3331234567" : "3471112222";
      }
      String phone = String.format(forms[random.nextInt(forms.length)], nsn);
      String name = random.nextInt(10) == 0 ? "\"Rossi, \"\"Mario\"\"\nII\"" : "Name" + i;
      input.append(i).append(',').append(name).append(',').append(phone).append(',').append("Roma")
          .append(random.nextInt(20) == 0 ? "\r\n" : "\n");
    }
    Run run = check(input.toString());

    List<CsvRecord> in = records(input.toString());
    List<CsvRecord> out = records(run.output());
    assertThat(out).hasSize(in.size());
    long blocked = 0;
    for (int i = 1; i < in.size(); i++) {
      List<String> original = in.get(i).getFields();
      List<String> result = out.get(i).getFields();
      assertThat(result.subList(0, 4)).as("row %d", i).isEqualTo(original);
      String expected = expectedVerdict(original.get(2));
      assertThat(result.get(5) + "/" + result.get(6)).as("row %d: %s", i, original.get(2)).isEqualTo(expected);
      if (expected.startsWith("BLOCKED")) {
        blocked++;
      }
    }
    assertThat(run.result().counts().blocked()).isEqualTo(blocked);
    assertThat(run.result().counts().rows()).isEqualTo(in.size() - 1);
  }

  private String expectedVerdict(String phone) {
    if (phone.isBlank()) {
      return "INVALID/MISSING_NUMBER";
    }
    long e164 = IT.parseE164(phone);
    if (e164 == NumberParser.INVALID) {
      return "INVALID/INVALID_NUMBER";
    }
    if (!index.isRegistered(e164)) {
      return "CALLABLE/NOT_REGISTERED";
    }
    return index.allowedFor("acme").contains(e164) ? "CALLABLE/ALLOWED_BY_SUBSCRIBER" : "BLOCKED/REGISTERED";
  }

  private static List<CsvRecord> records(String csv) throws IOException {
    try (CsvReader<CsvRecord> reader = CsvReader.builder().allowMissingFields(true).ofCsvRecord(csv)) {
      List<CsvRecord> records = new ArrayList<>();
      reader.forEach(records::add);
      return records;
    }
  }
}
