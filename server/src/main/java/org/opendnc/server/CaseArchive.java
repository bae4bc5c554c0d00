package org.opendnc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/**
 * A case uploaded as a .zip (issue 6): checked entry by entry before anything is written, then
 * unpacked into a folder with every entry's bytes counted. Hostile archives are refused with
 * {@code ARCHIVE_UNSAFE} or {@code ARCHIVE_TOO_LARGE}.
 */
final class CaseArchive {

  /*
   * Two passes. check() reads the central directory itself (the JDK's ZipFile hides the external
   * attributes that mark a Unix symbolic link): every name must be relative, without "..", "\" or
   * a drive letter, and not a link; the entry count, the declared total size and each entry's
   * declared ratio are capped. unpack() then writes through java.util.zip.ZipFile, counting the
   * bytes it really inflates (a lying header cannot get past the caps), into files it creates
   * itself (CREATE_NEW, so nothing existing is followed or overwritten).
   *
   * Layout (decision 0030): the firms' files at the top (or inside one top folder, as zipping a
   * folder makes them); the side inputs in a folder named "inputs": calls.csv, switches.csv,
   * honeypots.txt or .csv, mapping.json/.yaml/.yml, commissions.csv, turnover.csv. Anything else
   * in a subfolder is refused, so no file is silently left out.
   */

  /** The most entries an archive may hold. */
  static final int MAX_ENTRIES = 10_000;
  /** How much an entry may expand: uncompressed bytes per compressed byte. */
  static final long MAX_RATIO = 100;
  /** Entries smaller than this are not held to the ratio (tiny files compress oddly). */
  static final long RATIO_FREE_BYTES = 1 << 20;

  static final String INPUTS = "inputs";
  static final Set<String> SIDE_INPUTS = Set.of("calls.csv", "switches.csv", "honeypots.txt",
      "honeypots.csv", "mapping.json", "mapping.yaml", "mapping.yml", "commissions.csv",
      "turnover.csv");

  private static final int END_OF_DIRECTORY = 0x06054b50;
  private static final int DIRECTORY_ENTRY = 0x02014b50;
  private static final int UNIX = 3;
  private static final int FILE_TYPE_MASK = 0170000;
  private static final int SYMBOLIC_LINK = 0120000;

  private final long maxUncompressedBytes;

  /** @param maxUncompressedBytes the most bytes all entries may unpack to */
  CaseArchive(long maxUncompressedBytes) {
    this.maxUncompressedBytes = maxUncompressedBytes;
  }

  /** One entry as the central directory declares it. */
  record Entry(String name, long compressedSize, long size, boolean directory) {}

  /**
   * Checks an archive without unpacking it.
   *
   * @return its entries
   * @throws DncException ARCHIVE_UNSAFE (not a zip, a dangerous name, a link), ARCHIVE_TOO_LARGE
   *     (entry count, declared size or ratio over the caps), INPUT_EMPTY (no file in it)
   */
  List<Entry> check(Path zip) {
    List<Entry> entries = readDirectory(zip);
    if (entries.size() > MAX_ENTRIES) {
      throw new DncException(ErrorCode.ARCHIVE_TOO_LARGE, "the case archive has " + entries.size()
          + " entries; at most " + MAX_ENTRIES + " are accepted. Upload the case in parts.");
    }
    String top = commonTop(entries);
    long total = 0;
    int files = 0;
    for (Entry entry : entries) {
      total += entry.size();
      if (total > maxUncompressedBytes || entry.size() < 0) {
        throw tooLarge(entry.name(), "the entries unpack to more than " + maxUncompressedBytes
            + " bytes in all");
      }
      if (!entry.directory()) {
        files++;
        checkRatio(entry.name(), entry.size(), entry.compressedSize());
        target(entry.name(), top);
      }
    }
    if (files == 0) {
      throw new DncException(ErrorCode.INPUT_EMPTY, "the case archive holds no file: put one file"
          + " per firm at its top level.");
    }
    return entries;
  }

  /**
   * Unpacks a checked archive: the firms' files into {@code caseDirectory}, the side inputs into
   * {@code inputsDirectory} (both must exist and be empty).
   *
   * @throws DncException as {@link #check}, also when the inflated bytes break a cap the headers
   *     hid
   */
  void unpack(Path zip, Path caseDirectory, Path inputsDirectory) {
    List<Entry> entries = check(zip);
    String top = commonTop(entries);
    long total = 0;
    byte[] buffer = new byte[1 << 16];
    try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
      Enumeration<? extends ZipEntry> all = file.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String[] where = target(entry.getName(), top);
        Path directory = where[0] == null ? caseDirectory : inputsDirectory;
        Path out = directory.resolve(where[1]);
        if (!out.normalize().startsWith(directory.normalize())) {
          throw unsafe(entry.getName(), "it would be written outside the case folder");
        }
        long written = 0;
        long compressed = Math.max(1, entry.getCompressedSize());
        try (InputStream in = file.getInputStream(entry);
            OutputStream target = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            written += n;
            total += n;
            if (total > maxUncompressedBytes) {
              throw tooLarge(entry.getName(), "the entries unpack to more than "
                  + maxUncompressedBytes + " bytes in all");
            }
            checkRatio(entry.getName(), written, compressed);
            target.write(buffer, 0, n);
          }
        }
      }
    } catch (ZipException e) {
      throw new DncException(ErrorCode.ARCHIVE_UNSAFE, "the case archive is not a readable zip ("
          + e.getMessage() + "). Make it again with a zip tool.", e);
    } catch (IOException e) {
      throw new DncException(ErrorCode.INPUT_UNREADABLE, "the case archive could not be unpacked: "
          + e.getMessage(), e);
    }
  }

  private static void checkRatio(String name, long size, long compressedSize) {
    if (size > RATIO_FREE_BYTES && size > MAX_RATIO * Math.max(1, compressedSize)) {
      throw tooLarge(name, "it expands more than " + MAX_RATIO + " times (a zip bomb?)");
    }
  }

  /**
   * Where an entry goes: {@code [null, name]} for a firm's file, {@code ["inputs", name]} for a
   * side input.
   */
  private static String[] target(String name, String top) {
    checkName(name);
    String relative = top == null ? name : name.substring(top.length() + 1);
    String[] parts = relative.split("/");
    if (parts.length == 1) {
      if (parts[0].startsWith(".")) {
        throw unsafe(name, "hidden files are not accepted in a case");
      }
      return new String[] {null, parts[0]};
    }
    if (parts.length == 2 && parts[0].equals(INPUTS)
        && SIDE_INPUTS.contains(parts[1].toLowerCase(Locale.ROOT))) {
      return new String[] {INPUTS, parts[1].toLowerCase(Locale.ROOT)};
    }
    throw new DncException(ErrorCode.INVALID_ARGUMENT, "the case archive holds '" + name
        + "': put one file per firm at the top level, and only these in the folder " + INPUTS
        + "/: " + String.join(", ", SIDE_INPUTS.stream().sorted().toList()) + ".");
  }

  /** The one top folder every entry is inside (as zipping a folder makes), or null. */
  private static String commonTop(List<Entry> entries) {
    String top = null;
    for (Entry entry : entries) {
      int slash = entry.name().indexOf('/');
      if (slash < 0 || (!entry.directory() && slash == entry.name().length() - 1)) {
        return null;
      }
      String first = entry.name().substring(0, slash);
      if (top == null) {
        top = first;
      } else if (!top.equals(first)) {
        return null;
      }
    }
    if (top == null || top.equals(INPUTS)) {
      return null;
    }
    boolean anyBelow = false;
    for (Entry entry : entries) {
      if (!entry.directory() && entry.name().length() > top.length() + 1) {
        anyBelow = true;
      }
    }
    return anyBelow ? top : null;
  }

  private static void checkName(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
        || (name.length() > 1 && name.charAt(1) == ':')) {
      throw unsafe(name, "its path is absolute");
    }
    for (String part : name.split("/")) {
      if (part.equals("..") || part.equals(".")) {
        throw unsafe(name, "its path climbs out of the archive (..)");
      }
    }
    if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw unsafe(name, "its name holds control characters");
    }
  }

  private static DncException unsafe(String name, String why) {
    return new DncException(ErrorCode.ARCHIVE_UNSAFE, "the case archive's entry '"
        + printable(name) + "' is refused: " + why + ". Zip the case folder's files as they are,"
        + " without links or paths outside it.");
  }

  private static DncException tooLarge(String name, String why) {
    return new DncException(ErrorCode.ARCHIVE_TOO_LARGE, "the case archive is refused at entry '"
        + printable(name) + "': " + why + ". Upload a smaller case, or files that compress"
        + " normally.");
  }

  private static String printable(String name) {
    StringBuilder shown = new StringBuilder();
    name.codePoints().limit(200).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        shown.append('?');
      } else {
        shown.appendCodePoint(c);
      }
    });
    return shown.toString();
  }

  /** Reads the central directory (without ZIP64: archives over 4 GiB are refused). */
  private static List<Entry> readDirectory(Path zip) {
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
      long size = channel.size();
      int tail = (int) Math.min(size, 65_535 + 22);
      ByteBuffer end = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(end, size - tail);
      int at = -1;
      for (int i = tail - 22; i >= 0; i--) {
        if (end.getInt(i) == END_OF_DIRECTORY) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        throw notZip("no end of central directory");
      }
      int count = end.getShort(at + 10) & 0xffff;
      long directorySize = end.getInt(at + 12) & 0xffffffffL;
      long directoryOffset = end.getInt(at + 16) & 0xffffffffL;
      if (count == 0xffff || directorySize == 0xffffffffL || directoryOffset == 0xffffffffL) {
        throw new DncException(ErrorCode.ARCHIVE_TOO_LARGE, "the case archive is a ZIP64 archive"
            + " (over 4 GiB or 65,535 entries); upload the case in parts.");
      }
      if (directoryOffset + directorySize > size || directorySize > 64L << 20) {
        throw notZip("the central directory lies outside the file");
      }
      ByteBuffer directory = ByteBuffer.allocate((int) directorySize).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(directory, directoryOffset);
      List<Entry> entries = new ArrayList<>();
      Set<String> names = new HashSet<>();
      int p = 0;
      for (int i = 0; i < count; i++) {
        if (p + 46 > directorySize || directory.getInt(p) != DIRECTORY_ENTRY) {
          throw notZip("entry " + (i + 1) + " of the central directory is damaged");
        }
        int madeBy = (directory.getShort(p + 4) & 0xffff) >>> 8;
        long compressed = directory.getInt(p + 20) & 0xffffffffL;
        long uncompressed = directory.getInt(p + 24) & 0xffffffffL;
        int nameLength = directory.getShort(p + 28) & 0xffff;
        int extraLength = directory.getShort(p + 30) & 0xffff;
        int commentLength = directory.getShort(p + 32) & 0xffff;
        long external = directory.getInt(p + 38) & 0xffffffffL;
        if (p + 46 + nameLength > directorySize) {
          throw notZip("entry " + (i + 1) + " of the central directory is damaged");
        }
        byte[] nameBytes = new byte[nameLength];
        directory.get(p + 46, nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        if (compressed == 0xffffffffL || uncompressed == 0xffffffffL) {
          throw new DncException(ErrorCode.ARCHIVE_TOO_LARGE, "the case archive's entry '"
              + printable(name) + "' is over 4 GiB (ZIP64); upload the case in parts.");
        }
        if (madeBy == UNIX && ((external >>> 16) & FILE_TYPE_MASK) == SYMBOLIC_LINK) {
          throw unsafe(name, "it is a symbolic link");
        }
        if (!names.add(name)) {
          throw unsafe(name, "it appears twice");
        }
        entries.add(new Entry(name, compressed, uncompressed, name.endsWith("/")));
        p += 46 + nameLength + extraLength + commentLength;
      }
      return entries;
    } catch (IOException e) {
      throw notZip(e.getMessage());
    }
  }

  private static DncException notZip(String why) {
    return new DncException(ErrorCode.ARCHIVE_UNSAFE, "the upload is not a readable zip archive ("
        + why + "). Upload the case as a .zip file.");
  }
}
