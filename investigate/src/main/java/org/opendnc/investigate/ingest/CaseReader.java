package org.opendnc.investigate.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;

/**
 * Reads every firm's file of a case folder, several at a time. A file that cannot be read is
 * reported with its error and left out; it never stops the case.
 */
public final class CaseReader {
  /** How to read a case. */
  public record Options(
      NumberParser parser, ZoneId zone, Mapping mapping, int maxLineChars, int sharedConsentRows, int threads) {}

  /** One firm's records (null when its file failed) and what reading it gave. */
  public record FirmFile(FileSummary summary, FirmRecords records) {}

  private final Options options;

  public CaseReader(Options options) {
    this.options = options;
  }

  /** The files of a case folder, one per firm, sorted by name; hidden files are skipped. */
  public static List<Path> caseFiles(Path caseDir) {
    if (!Files.isDirectory(caseDir)) {
      throw new DncException(ErrorCode.INPUT_NOT_FOUND, caseDir + ": not a folder. Give the folder that holds one file per firm.");
    }
    try (Stream<Path> files = Files.list(caseDir)) {
      List<Path> list = files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
      if (list.isEmpty()) {
        throw new DncException(ErrorCode.INPUT_EMPTY, caseDir + ": the case folder holds no file.");
      }
      return list;
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, caseDir + ": cannot list the case folder: " + e.getMessage());
    }
  }

  /** A firm's name: the file name without its extension (the whole name when two files share it). */
  public static Map<Path, String> firmNames(List<Path> files) {
    Map<String, Integer> stems = new HashMap<>();
    for (Path file : files) {
      stems.merge(stem(file), 1, Integer::sum);
    }
    Map<Path, String> names = new java.util.LinkedHashMap<>();
    for (Path file : files) {
      String stem = stem(file);
      names.put(file, stems.get(stem) > 1 ? file.getFileName().toString() : stem);
    }
    return names;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /**
   * Reads all files. Each firm's unreadable rows go to {@code log}; {@code progress} hears one line
   * per file read.
   */
  public List<FirmFile> read(List<Path> files, UnreadableLog log, Consumer<String> progress) {
    Map<Path, String> names = firmNames(files);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.threads(), files.size())));
    try {
      List<Future<FirmFile>> futures = new ArrayList<>();
      for (Path file : files) {
        futures.add(pool.submit(() -> {
          FirmFile result = readOne(file, names.get(file), log);
          progress.accept(result.summary().failed()
              ? file.getFileName() + ": " + result.summary().errorCode() + " " + result.summary().error()
              : String.format(Locale.ROOT, "%s: %,d rows, %,d records", file.getFileName(),
                  result.summary().rows(), result.summary().records()));
          return result;
        }));
      }
      List<FirmFile> results = new ArrayList<>();
      for (Future<FirmFile> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DncException(ErrorCode.INTERNAL, "interrupted while reading the case");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Reads one firm's file; any failure becomes the file's error. */
  public FirmFile readOne(Path file, String firm, UnreadableLog log) {
    String label = file.getFileName().toString();
    Mapping.FirmMapping mapping = options.mapping().forFirm(firm);
    FirmReader reader = new FirmReader(firm, label, options.parser(), options.zone(), mapping, log);
    Kind kind = kindOf(file);
    reader.strictWidth(kind == Kind.CSV);
    try {
      String format = switch (kind) {
        case XLSX -> "XLSX, sheet " + XlsxTableReader.read(file, mapping.table(), reader);
        case SQLITE -> "SQLite, table " + SqliteTableReader.read(file, mapping.table(), reader);
        case JSON_LINES -> "JSON lines, " + JsonLinesTableReader.read(file, options.maxLineChars(), reader);
        case CSV -> {
          CsvTableReader.Format f = CsvTableReader.read(file, options.maxLineChars(), reader);
          yield "CSV, " + f.encoding() + ", delimiter " + describe(f.delimiter());
        }
      };
      FirmRecords records = reader.finish(options.sharedConsentRows());
      return new FirmFile(reader.summary(format, records), records);
    } catch (DncException e) {
      return failed(firm, label, reader, e.code(), e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      return failed(firm, label, reader, ErrorCode.INPUT_UNREADABLE, label + ": cannot be read: " + CsvTableReader.rootMessage(e));
    } catch (OutOfMemoryError e) {
      return failed(firm, label, reader, ErrorCode.INPUT_UNREADABLE, label + ": too large to read in the memory given ("
          + e.getMessage() + "); run with a larger -Xmx.");
    }
  }

  private static FirmFile failed(String firm, String label, FirmReader reader, ErrorCode code, String message) {
    return new FirmFile(new FileSummary(firm, label, "", Map.of(), reader.rows(), 0, 0, 0, 0, 0, List.of(), code, message), null);
  }

  private static String describe(char delimiter) {
    return switch (delimiter) {
      case '\t' -> "TAB";
      case ',' -> "comma";
      case ';' -> "semicolon";
      case '|' -> "pipe";
      default -> String.valueOf(delimiter);
    };
  }

  enum Kind { CSV, XLSX, JSON_LINES, SQLITE }

  static Kind kindOf(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".xlsx") || name.endsWith(".xlsm")) {
      return Kind.XLSX;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return Kind.JSON_LINES;
    }
    if (name.endsWith(".sqlite") || name.endsWith(".sqlite3") || name.endsWith(".db") || SqliteTableReader.isSqlite(file)) {
      return Kind.SQLITE;
    }
    return Kind.CSV;
  }
}
