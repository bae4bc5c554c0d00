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
        sink.row(line, cells(node, columns));
      }
      if (!headerSent && !pending.isEmpty()) {
        flush(columns, pending, sink);
      } else if (!headerSent) {
        throw new DncException(ErrorCode.INPUT_EMPTY, file.getFileName() + ": no JSON object on any line.");
      }
      return encoding.charset().name();
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
