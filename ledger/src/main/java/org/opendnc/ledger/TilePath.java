package org.opendnc.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A resource of a C2SP tlog-tiles log: a hash tile {@code tile/<L>/<N>[.p/<W>]} or an entry bundle
 * {@code tile/entries/<N>[.p/<W>]}. Immutable.
 *
 * @param entries whether this is an entry bundle (then {@code level} is 0)
 * @param level the tile's level: its hashes are of subtrees of {@code 256^level} leaves
 * @param index the tile's index within its level
 * @param width how many hashes (entries) it holds: 256 for a full tile, 1 to 255 for a partial one
 */
public record TilePath(boolean entries, int level, long index, int width) {

  /*
   * c2sp.org/tlog-tiles: level L (0 to 63, decimal, no leading zeroes); index N as zero-padded
   * 3-digit path elements, all but the last prefixed with 'x' (1234067 is x001/x234/067); ".p/<W>"
   * only for partial tiles (W from 1 to 255, no leading zeroes). Tile N of level L holds the hashes
   * MTH(D[(256N + i) * 256^L : (256N + i + 1) * 256^L]); for a tree of size s, level L has
   * floor(s / 256^L) hashes, so floor(s / 256^(L+1)) full tiles and one partial tile of width
   * floor(s / 256^L) mod 256 unless that is 0. Parsing accepts only the canonical spelling, so one
   * resource has one path.
   */

  /** Tiles are 8 tree levels high. */
  public static final int HEIGHT = 8;

  /** Hashes (entries) in a full tile (bundle). */
  public static final int FULL_WIDTH = 1 << HEIGHT;

  /** The highest level a path may name. */
  public static final int MAX_LEVEL = 63;

  private static final String PREFIX = "tile/";
  private static final String ENTRIES = "entries/";

  public TilePath {
    if (level < 0 || level > MAX_LEVEL || (entries && level != 0)) {
      throw new IllegalArgumentException("tile level " + level + " is not between 0 and " + MAX_LEVEL);
    }
    if (index < 0) {
      throw new IllegalArgumentException("tile index " + index + " is negative");
    }
    if (width < 1 || width > FULL_WIDTH) {
      throw new IllegalArgumentException("tile width " + width + " is not between 1 and " + FULL_WIDTH);
    }
  }

  /** Hash tile {@code index} of {@code level} with {@code width} hashes. */
  public static TilePath hashes(int level, long index, int width) {
    return new TilePath(false, level, index, width);
  }

  /** Entry bundle {@code index} with {@code width} entries. */
  public static TilePath entries(long index, int width) {
    return new TilePath(true, 0, index, width);
  }

  public boolean isPartial() {
    return width < FULL_WIDTH;
  }

  /** The same tile when full: the fallback for a partial tile a log has replaced. */
  public TilePath full() {
    return new TilePath(entries, level, index, FULL_WIDTH);
  }

  /** The path relative to the log's prefix, e.g. {@code tile/0/x001/x234/067.p/8}. */
  public String path() {
    StringBuilder path = new StringBuilder(PREFIX);
    if (entries) {
      path.append(ENTRIES);
    } else {
      path.append(level).append('/');
    }
    path.append(encodeIndex(index));
    if (isPartial()) {
      path.append(".p/").append(width);
    }
    return path.toString();
  }

  static String encodeIndex(long index) {
    String encoded = String.format("%03d", index % 1000);
    for (long rest = index / 1000; rest > 0; rest /= 1000) {
      encoded = String.format("x%03d/", rest % 1000) + encoded;
    }
    return encoded;
  }

  /**
   * Parses a path relative to the log's prefix, e.g. {@code tile/entries/x001/234.p/17}.
   *
   * @throws IllegalArgumentException if it is not the canonical path of a tile or entry bundle
   */
  public static TilePath parse(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith(PREFIX)) {
      throw notATile(path, "it does not start with tile/");
    }
    String rest = path.substring(PREFIX.length());
    boolean entries = rest.startsWith(ENTRIES);
    int level = 0;
    if (entries) {
      rest = rest.substring(ENTRIES.length());
    } else {
      int slash = rest.indexOf('/');
      if (slash < 0) {
        throw notATile(path, "it has no tile index");
      }
      level = parseSmall(rest.substring(0, slash), MAX_LEVEL, path, "level");
      rest = rest.substring(slash + 1);
    }
    int width = FULL_WIDTH;
    int partial = rest.indexOf(".p/");
    if (partial >= 0) {
      width = parseSmall(rest.substring(partial + 3), FULL_WIDTH - 1, path, "width");
      if (width == 0) {
        throw notATile(path, "a partial tile's width is 1 to 255");
      }
      rest = rest.substring(0, partial);
    }
    long index = decodeIndex(rest, path);
    return new TilePath(entries, level, index, width);
  }

  private static long decodeIndex(String encoded, String path) {
    String[] groups = encoded.split("/", -1);
    long index = 0;
    for (int i = 0; i < groups.length; i++) {
      String group = groups[i];
      boolean last = i == groups.length - 1;
      String digits = last ? group : (group.startsWith("x") ? group.substring(1) : "");
      if (digits.length() != 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw notATile(path, "its index is not 3-digit groups, all but the last prefixed with x");
      }
      if (i == 0 && !last && digits.equals("000")) {
        throw notATile(path, "its index has a leading x000 group");
      }
      try {
        index = Math.addExact(Math.multiplyExact(index, 1000L), Integer.parseInt(digits));
      } catch (ArithmeticException e) {
        throw notATile(path, "its index is too large");
      }
    }
    return index;
  }

  private static int parseSmall(String text, int max, String path, String what) {
    boolean digits = !text.isEmpty() && text.length() <= 3
        && text.chars().allMatch(c -> c >= '0' && c <= '9')
        && (text.length() == 1 || text.charAt(0) != '0');
    int value = digits ? Integer.parseInt(text) : -1;
    if (value < 0 || value > max) {
      throw notATile(path, "its " + what + " '" + text + "' is not a number from 0 to " + max
          + " without leading zeroes");
    }
    return value;
  }

  private static IllegalArgumentException notATile(String path, String why) {
    return new IllegalArgumentException("'" + path + "' is not a tile path: " + why);
  }

  /**
   * How many hashes tile {@code index} of {@code level} holds in a tree of {@code size} leaves:
   * 256 for a full tile, 1 to 255 for the partial one, 0 if the tree has no such tile.
   */
  public static int widthIn(long size, int level, long index) {
    long hashes = level * HEIGHT >= 63 ? 0 : size >>> (level * HEIGHT);
    long fullTiles = hashes >>> HEIGHT;
    if (index < fullTiles) {
      return FULL_WIDTH;
    }
    return index == fullTiles ? (int) (hashes & (FULL_WIDTH - 1)) : 0;
  }

  /**
   * Every resource of a tree of {@code size} leaves: hash tiles level by level, then entry bundles,
   * each in index order.
   */
  public static List<TilePath> all(long size) {
    List<TilePath> paths = new ArrayList<>();
    for (int level = 0; level * HEIGHT < 63 && (size >>> (level * HEIGHT)) > 0; level++) {
      addLevel(paths, size, level, false);
    }
    if (size > 0) {
      addLevel(paths, size, 0, true);
    }
    return paths;
  }

  private static void addLevel(List<TilePath> paths, long size, int level, boolean entries) {
    long hashes = size >>> (level * HEIGHT);
    for (long index = 0; index <= hashes >>> HEIGHT; index++) {
      int width = widthIn(size, level, index);
      if (width > 0) {
        paths.add(new TilePath(entries, level, index, width));
      }
    }
  }

  @Override
  public String toString() {
    return path();
  }
}
