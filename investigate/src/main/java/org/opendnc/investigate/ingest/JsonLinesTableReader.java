package org.opendnc.investigate.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/** Reads JSON lines: one object per line; the header is the keys of the first objects. */
final class JsonLinesTableReader {
  private static final int HEADER_SAMPLE_LINES = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLinesTableReader() {}

  static String read(Path file, int maxLineChars, TableSink sink) throws IOException {
    TextEncoding.Detected encoding = TextEncoding.detect(file);
    if (encoding.binary()) {
      throw new DncException(ErrorCode.INPUT_BINARY, file.getFileName() + ": holds binary data (NUL bytes), not JSON lines.");
    }
    InputStream in = Files.newInputStream(file);
    if (encoding.bom()) {
      in.skipNBytes(3);
    }
    try (LineCappingReader capped = new LineCappingReader(new InputStreamReader(in, encoding.charset()), maxLineChars);
        BufferedReader reader = new BufferedReader(capped, 1 << 16)) {
      Map<String, Integer> columns = new LinkedHashMap<>();
      List<Object[]> pending = new ArrayList<>(); // {line, JsonNode} until the header is known
      boolean headerSent = false;
      long line = 0;
      String text;
      while ((text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        if (capped.takeCut(line)) {
          sink.unreadable(line, "RECORD_TOO_LONG", "line longer than " + maxLineChars + " characters; skipped");
          continue;
        }
        if (headerSent) { // streaming: no tree per line
          String[] cells = new String[columns.size()];
          String problem = stream(text, columns, cells);
          if (problem != null) {
            sink.unreadable(line, "MALFORMED_JSON", problem);
          } else {
            sink.row(line, cells);
          }
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
          sink.unreadable(line, "MALFORMED_JSON", e.getOriginalMessage());
          continue;
        }
        if (node == null || !node.isObject()) {
          sink.unreadable(line, "MALFORMED_JSON", "not a JSON object");
          continue;
        }
        if (!headerSent) {
          for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            columns.putIfAbsent(names.next(), columns.size());
          }
          pending.add(new Object[] {line, node});
          if (pending.size() >= HEADER_SAMPLE_LINES) {
            headerSent = flush(columns, pending, sink);
          }
          continue;
        }
      }
      if (!headerSent && !pending.isEmpty()) {
        flush(columns, pending, sink);
      } else if (!headerSent) {
        throw new DncException(ErrorCode.INPUT_EMPTY, file.getFileName() + ": no JSON object on any line.");
      }
      return encoding.charset().name();
    }
  }

  /** Reads one line's object into cells by column; answers the problem, or null. Keys not in the header are ignored. */
  private static String stream(String text, Map<String, Integer> columns, String[] cells) {
    try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(text)) {
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return "not a JSON object";
      }
      com.fasterxml.jackson.core.JsonToken token;
      while ((token = parser.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        Integer index = columns.get(parser.currentName());
        token = parser.nextToken();
        if (token == com.fasterxml.jackson.core.JsonToken.START_OBJECT || token == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
          String nested = JSON.readTree(parser).toString();
          if (index != null) {
            cells[index] = nested;
          }
        } else if (index != null) {
          cells[index] = token == com.fasterxml.jackson.core.JsonToken.VALUE_NULL ? "" : parser.getText();
        }
      }
      if (token != com.fasterxml.jackson.core.JsonToken.END_OBJECT || parser.nextToken() != null) {
        return "not one JSON object";
      }
      return null;
    } catch (IOException e) {
      return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
  }

  private static boolean flush(Map<String, Integer> columns, List<Object[]> pending, TableSink sink) {
    sink.header(new ArrayList<>(columns.keySet()), 0, false);
    for (Object[] entry : pending) {
      sink.row((Long) entry[0], cells((JsonNode) entry[1], columns));
    }
    pending.clear();
    return true;
  }

  private static String[] cells(JsonNode node, Map<String, Integer> columns) {
    String[] cells = new String[columns.size()];
    for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
      Integer index = columns.get(field.getKey());
      if (index != null) {
        JsonNode value = field.getValue();
        cells[index] = value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
      }
    }
    return cells;
  }
}
