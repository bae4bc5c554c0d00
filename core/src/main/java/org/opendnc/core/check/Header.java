package org.opendnc.core.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/** The header line of a list: its delimiter, its column names and which one holds the numbers. */
final class Header {
  /**
   * Header names that mean "the phone number", compared after lower-casing and removing everything
   * but letters and digits. Italian, English, French and common system names.
   */
  static final Set<String> PHONE_COLUMN_NAMES =
      Set.of(
          "number", "numero", "phone", "phonenumber", "phoneno", "telephone", "telephonenumber",
          "telefono", "numerotelefono", "numeroditelefono", "tel", "cellulare", "cell", "cellphone",
          "mobile", "mobilephone", "msisdn", "e164", "contactnumber", "portable", "numerodetelephone");

  private static final byte[] CANDIDATE_DELIMITERS = {',', ';', '\t', '|'};

  char delimiter;
  int contentEnd;
  int rowEnd;
  int newlinesInside;
  int phoneColumn;
  String phoneColumnName;
  List<String> names;

  /** Reads the header row at {@code input.pos}, filling the buffer as needed. */
  static Header parse(ListChecker.Input input, String requestedColumn) throws IOException {
    int end;
    while ((end = findRowEnd(input.buf, input.pos, input.limit)) < 0 && !input.eof) {
      input.fill(1);
    }
    if (end < 0) {
      end = input.limit;
    }
    Header header = new Header();
    header.rowEnd = end;
    header.contentEnd = end > input.pos && input.buf[end - 1] == '\r' ? end - 1 : end;
    int start = input.pos;
    if (header.contentEnd - start >= 3
        && (input.buf[start] & 0xff) == 0xEF
        && (input.buf[start + 1] & 0xff) == 0xBB
        && (input.buf[start + 2] & 0xff) == 0xBF) {
      start += 3; // UTF-8 byte order mark: kept in the output, ignored for the names
    }
    header.delimiter = (char) pickDelimiter(input.buf, start, header.contentEnd);
    header.names = split(input.buf, start, header.contentEnd, (byte) header.delimiter);
    for (int i = start; i < end; i++) {
      if (input.buf[i] == '\n') {
        header.newlinesInside++;
      }
    }
    header.phoneColumn = findPhoneColumn(header.names, requestedColumn);
    header.phoneColumnName = header.names.get(header.phoneColumn);
    return header;
  }

  /** Index of the LF that ends the row starting at {@code p}, honouring quotes; -1 if none yet. */
  private static int findRowEnd(byte[] b, int p, int limit) {
    boolean quoted = false;
    for (int i = p; i < limit; i++) {
      byte c = b[i];
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\n' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  private static int pickDelimiter(byte[] b, int from, int to) {
    int best = ',';
    int bestCount = 0;
    for (byte candidate : CANDIDATE_DELIMITERS) {
      int count = 0;
      boolean quoted = false;
      for (int i = from; i < to; i++) {
        if (b[i] == '"') {
          quoted = !quoted;
        } else if (!quoted && b[i] == candidate) {
          count++;
        }
      }
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  static List<String> split(byte[] b, int from, int to, byte delimiter) {
    List<String> names = new ArrayList<>();
    boolean quoted = false;
    int i = from;
    int cellStart = from;
    while (i < to) {
      byte c = b[i];
      if (c == '"') {
        if (quoted && i + 1 < to && b[i + 1] == '"') {
          i += 2;
          continue;
        }
        quoted = !quoted;
      } else if (c == delimiter && !quoted) {
        names.add(decodeCell(b, cellStart, i));
        cellStart = i + 1;
      }
      i++;
    }
    names.add(decodeCell(b, cellStart, to));
    return names;
  }

  private static String decodeCell(byte[] b, int from, int to) {
    String raw = new String(b, from, to - from, StandardCharsets.UTF_8).strip();
    if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
      raw = raw.substring(1, raw.length() - 1).replace("\"\"", "\"").strip();
    }
    return raw;
  }

  static String normalise(String name) {
    StringBuilder s = new StringBuilder(name.length());
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        s.append(c);
      }
    }
    return s.toString();
  }

  private static int findPhoneColumn(List<String> names, String requested) {
    if (requested != null) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).equalsIgnoreCase(requested.strip())) {
          return i;
        }
      }
      throw new DncException(
          ErrorCode.COLUMN_NOT_FOUND,
          "line 1: the header has no column named '" + requested + "'. Its columns are " + names
              + ". Pass one of them with --column.");
    }
    for (int i = 0; i < names.size(); i++) {
      if (PHONE_COLUMN_NAMES.contains(normalise(names.get(i)))) {
        return i;
      }
    }
    throw new DncException(
        ErrorCode.COLUMN_NOT_FOUND,
        "line 1: no phone-number column found in the header " + names
            + ". Name it 'number', 'phone', 'telefono' or 'msisdn', or pass its name with --column.");
  }
}
