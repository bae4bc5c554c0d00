package org.opendnc.core.number;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Lenient parser from user input (one CSV cell) to a valid E.164 number held in a {@code long},
 * for one default region. Answers exactly as libphonenumber does; immutable and thread-safe.
 */
public final class NumberParser {

  /*
   * Specification: LibphonenumberReference. Every answer equals the reference's answer for the
   * same input; the fast path below only decides inputs it reproduces exactly and returns
   * FELL_BACK for the rest, which then go to the reference.
   *
   * Fast path, allocation-free:
   * 1. Scan. Trim what the reference trims (isTrimmed) from both ends. Accept only ASCII digits,
   *    the separators space . - ( ) / and a '+' as the first character or after leading
   *    separators only ("(+39) 333...", libphonenumber drops what precedes it), and after a
   *    digit at most two ASCII letters other than a, e, i, x (typos such as "339 869 624l");
   *    anything else (other letters, extensions, '#', ';', ',', '~', '*', tabs inside, non-ASCII
   *    such as full-width digits) falls back. Such letters cannot start an extension label (ext,
   *    x, anexo, int), and with fewer than three letters normalisation drops them (three or more
   *    are read as digits: fall back); the number is viable only if three digits precede the
   *    first letter, else INVALID. Digits are packed four bits each into a long (at most 16, else
   *    fall back).
   *    For this alphabet libphonenumber's extractPossibleNumber only drops leading separators and
   *    trailing separators, no extension or RFC 3966 part can be found, normalisation keeps the
   *    digits, and isViablePhoneNumber holds iff there are at least three digits, or exactly two
   *    adjacent ones and no '+' (anything else is INVALID at once).
   * 2. Calling code, as maybeExtractCountryCode: with '+', the first 1-3 digits that form a known
   *    calling code (none: fall back, libphonenumber then retries without the plus). Without
   *    '+', the default region's IDD prefix when it is a digit literal (e.g. 00, 011) or a
   *    prefix-free pattern (one possible match end), and is not followed by 0 (another pattern
   *    that matches some prefix: fall back); then at most 2 digits left, or no known calling
   *    code, is INVALID. Otherwise, digits starting with
   *    the default calling code are read as national number after it when libphonenumber would
   *    (general pattern failed before and matches after national-prefix stripping, or the whole
   *    is TOO_LONG); else the digits are a national number of the default region.
   * 3. National prefix, as parseHelper: strip the region's national prefix for parsing (only
   *    patterns without transform rule that are digit-literal alternations or prefix-free are
   *    reproduced: IT none, US/CA 1, GB 0|180020, FR 0, AU (183[12])|0) unless the number
   *    matched the general pattern before and not after, and keep the result only if
   *    testNumberLength says IS_POSSIBLE or TOO_LONG. Lengths < 2 are INVALID (the fast path
   *    never sees more than 16 digits, below libphonenumber's limit of 17).
   * 4. Validity and type, as isValidNumber/getNumberType: one pass of the region's DigitAutomaton
   *    over the national significant number gives, for all of the region's patterns at once,
   *    which match; possible lengths are a per-length tag mask; getNumberTypeHelper's precedence
   *    is a table indexed by the surviving mask. Calling codes shared by several regions (+1,
   *    +7, +44, ...) are resolved as getRegionCodeForNumberFromRegionList does (leadingDigits
   *    with lookingAt semantics, else first region where the type is not UNKNOWN).
   * Any region whose metadata uses something not reproduced (see RegionRules, DigitAutomaton)
   * makes the numbers that reach it fall back. Result packing: see LibphonenumberReference.
   *
   * Byte cells of at most 16 bytes once trimmed (nearly all list cells) are scanned without a
   * loop when 16 bytes from the trimmed start lie inside the buffer: two big-endian longs hold
   * the bytes, SWAR range tests flag the digit and separator bytes (no carries between bytes as
   * long as none is >= 0x80), a single '+' before every digit is the only other byte allowed, and
   * Long.compress (PEXT) packs the digits' low nibbles in order, first digit highest, exactly as
   * the byte loop does. The byte loop (byteLoop) answers for every other cell, including any
   * that the word scan finds unusual; the positions of the separators vary from row to row, so
   * the loop's per-byte branches mispredicted on the common cells.
   *
   * Cost: one pass over the bytes (or the word scan), then one to three passes of a table-driven
   * DFA over at most 16 digits. Per-region tables are compiled on first use of a calling code and
   * shared by all parsers (CountryRules).
   */

  /** The answer of the parse methods for input that is not a valid number. */
  public static final long INVALID = 0;

  /** Internal answer of the fast path: not decided here, ask the reference. */
  static final long FELL_BACK = -1;

  private static final int MAX_PACKED_DIGITS = 16;
  /** Cells of at most this many bytes (trimmed) are scanned as two words. */
  private static final int SWAR_BYTES = 16;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long PLUS_SIGNS = 0x2B2B2B2B2B2B2B2BL;
  private static final VarHandle BIG_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int MAX_INPUT_CHARS = 250;
  private static final int MIN_NATIONAL_LENGTH = 2;
  private static final int UNKNOWN_TYPE = NumberType.UNKNOWN.ordinal();

  /** Class of each ASCII character: DIGIT, SEPARATOR, or 0 for anything that falls back. */
  private static final byte[] CHARACTER_CLASS = new byte[128];
  private static final byte DIGIT = 1;
  private static final byte SEPARATOR = 2;
  /** A letter that libphonenumber drops when it follows a digit (see the design comment). */
  private static final byte LETTER = 3;
  private static final int MAX_DROPPED_LETTERS = 2;
  private static final long[] POWERS_OF_TEN = new long[19];
  /**
   * By the first three digits, packed (index 0x393 for "393"): the calling code they start with
   * shifted left by two, or'ed with its length; 0 if none.
   */
  private static final int[] CALLING_CODE_BY_PACKED_HEAD = new int[1 << 12];

  static {
    for (char c = '0'; c <= '9'; c++) {
      CHARACTER_CLASS[c] = DIGIT;
    }
    for (char c : " .-()/".toCharArray()) {
      CHARACTER_CLASS[c] = SEPARATOR;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      if ("aeix".indexOf(c) < 0) { // these can start an extension label: ext, x, anexo, int
        CHARACTER_CLASS[c] = LETTER;
        CHARACTER_CLASS[Character.toUpperCase(c)] = LETTER;
      }
    }
    for (int firstThree = 100; firstThree < 1000; firstThree++) {
      int code = 0;
      if (CountryRules.isKnownCountryCode(firstThree / 100)) {
        code = firstThree / 100 << 2 | 1;
      } else if (CountryRules.isKnownCountryCode(firstThree / 10)) {
        code = firstThree / 10 << 2 | 2;
      } else if (CountryRules.isKnownCountryCode(firstThree)) {
        code = firstThree << 2 | 3;
      }
      CALLING_CODE_BY_PACKED_HEAD[(int) RegionRules.pack(Integer.toString(firstThree))] = code;
    }
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  private final String region;
  private final int countryCode;
  private final CountryRules homeCountry;
  private final RegionRules home;
  private final long homeCountryCodeDigits;
  private final int homeCountryCodeLength;
  /** National-form inputs can be decided by the fast path (home rules and IDD reproduced). */
  private final boolean homeSupported;

  private NumberParser(String region) {
    this.region = region;
    this.countryCode = PhoneNumberUtil.getInstance().getCountryCodeForRegion(region);
    this.homeCountry = CountryRules.forCountryCode(countryCode);
    homeCountry.usePairSteps();
    this.home = homeCountry.region(region);
    String code = Integer.toString(countryCode);
    this.homeCountryCodeDigits = RegionRules.pack(code);
    this.homeCountryCodeLength = code.length();
    this.homeSupported = home != null && home.supported && home.internationalPrefixSupported();
  }

  /**
   * A parser whose default region (for numbers written without a calling code) is the given
   * ISO 3166-1 alpha-2 code, e.g. {@code "IT"} (case and surrounding whitespace ignored). Any
   * region libphonenumber knows is accepted. The first parser of a calling code compiles its
   * tables (tens of milliseconds); later ones share them. Safe to call from any thread.
   *
   * @throws NullPointerException if regionCode is null
   * @throws IllegalArgumentException if libphonenumber does not know the region
   */
  public static NumberParser forRegion(String regionCode) {
    Objects.requireNonNull(regionCode, "regionCode");
    String normalized = regionCode.trim().toUpperCase(Locale.ROOT);
    if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(normalized)) {
      throw new IllegalArgumentException(
          "Unknown region code '"
              + regionCode
              + "': expected an ISO 3166-1 alpha-2 code that libphonenumber supports, such as IT,"
              + " US, GB, FR or CA");
    }
    return new NumberParser(normalized);
  }

  /** The default region, upper case, e.g. {@code "IT"}. */
  public String region() {
    return region;
  }

  /** The default region's country calling code, e.g. 39. */
  public int countryCode() {
    return countryCode;
  }

  /**
   * Parses one cell of ASCII or UTF-8 bytes into E.164 as a long (e.g. 393331234567), or {@link
   * #INVALID} when libphonenumber does not consider it a valid number. Does not allocate for the
   * common forms; malformed content gives INVALID, not an exception. The answer depends only on
   * {@code buf[off, off + len)} (the scan may read up to 15 bytes past the cell inside buf and
   * ignores them); the caller must not change the cell's bytes during the call.
   *
   * @throws NullPointerException if buf is null
   * @throws IndexOutOfBoundsException if off and len do not describe a range of buf
   */
  public long parseE164(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    long result = fastPath(buf, off, len);
    if (result == FELL_BACK) {
      String text = new String(buf, off, len, StandardCharsets.UTF_8);
      result = LibphonenumberReference.parse(text, region);
    }
    return result & LibphonenumberReference.E164_MASK;
  }

  /**
   * Same as {@link #parseE164(byte[], int, int)} for text.
   *
   * @throws NullPointerException if text is null
   */
  public long parseE164(CharSequence text) {
    return resultOf(text) & LibphonenumberReference.E164_MASK;
  }

  /**
   * The valid number and its type, or empty when the text is not a valid number. Allocates the
   * result; use {@link #parseE164(CharSequence)} on hot paths.
   *
   * @throws NullPointerException if text is null
   */
  public Optional<ParsedNumber> parse(CharSequence text) {
    long result = resultOf(text);
    if (result == INVALID) {
      return Optional.empty();
    }
    return Optional.of(
        new ParsedNumber(
            LibphonenumberReference.e164(result), LibphonenumberReference.type(result)));
  }

  /**
   * The type libphonenumber gives the number {@code "+" + e164}; UNKNOWN when that is not a valid
   * number or does not parse back to the same E.164 value (including e164 &lt;= 0).
   */
  public NumberType typeOf(long e164) {
    if (e164 <= 0) {
      return NumberType.UNKNOWN;
    }
    long result = FELL_BACK;
    int digitCount = digitCount(e164);
    if (digitCount <= MAX_PACKED_DIGITS) {
      long packed = 0;
      for (int shift = (digitCount - 1) << 2; shift >= 0; shift -= 4) {
        packed |= (e164 / POWERS_OF_TEN[shift >>> 2] % 10) << shift;
      }
      result = decide(true, packed, digitCount);
    }
    if (result == FELL_BACK) {
      result = LibphonenumberReference.parse("+" + e164, region);
    }
    if (LibphonenumberReference.e164(result) != e164) {
      return NumberType.UNKNOWN;
    }
    return LibphonenumberReference.type(result);
  }

  /**
   * The E.164 text of a number, e.g. {@code "+393331234567"}.
   *
   * @throws IllegalArgumentException if e164 is not positive
   */
  public static String format(long e164) {
    if (e164 <= 0) {
      throw new IllegalArgumentException("E.164 number must be positive: " + e164);
    }
    return "+" + e164;
  }

  private long resultOf(CharSequence text) {
    long result = fastPath(text);
    if (result == FELL_BACK) {
      result = LibphonenumberReference.parse(text, region);
    }
    return result;
  }

  /** The fast path's packed result for the bytes, or {@link #FELL_BACK}. Visible for tests. */
  long fastPath(byte[] buf, int off, int len) {
    int start = trimmedStart(buf, off, off + len);
    int end = trimmedEnd(buf, start, off + len);
    int length = end - start;
    if (length == 0 || length > SWAR_BYTES || start > buf.length - SWAR_BYTES) {
      return byteLoop(buf, off, len);
    }
    // Lane i of the two words is buf[start + i], lane 0 in the highest byte; lanes past the end
    // of the cell are cleared, so they are neither digits nor anything else.
    long firstValid = -1L << ((8 - Math.min(length, 8)) << 3);
    long secondValid = length > 8 ? -1L << ((SWAR_BYTES - length) << 3) : 0;
    long first = (long) BIG_ENDIAN_LONGS.get(buf, start) & firstValid;
    long second = (long) BIG_ENDIAN_LONGS.get(buf, start + 8) & secondValid;
    if (((first | second) & HIGH_BITS) != 0) {
      return byteLoop(buf, off, len); // non-ASCII
    }
    long firstDigits = digitLanes(first);
    long secondDigits = digitLanes(second);
    int count = Long.bitCount(firstDigits) + Long.bitCount(secondDigits);
    // Bytes that are neither digits nor separators: none, or one '+' in the first word before
    // every digit, where the byte loop takes it (the first byte that is not a separator). The
    // rest goes to the byte loop. One branch for all cases, as '+' comes and goes by row.
    long firstOdd = firstValid & HIGH_BITS & ~firstDigits & ~separatorLanes(first);
    long secondOdd = secondValid & HIGH_BITS & ~secondDigits & ~separatorLanes(second);
    long unusual =
        secondOdd
            | firstOdd & (firstOdd - 1) // two or more
            | firstDigits & -(firstOdd << 1) // a digit before it
            | (first ^ PLUS_SIGNS) & (firstOdd >>> 7) * 0xFF; // not '+'
    if (unusual != 0) {
      return byteLoop(buf, off, len);
    }
    boolean plus = firstOdd != 0;
    if (count == 2 && !plus) {
      return byteLoop(buf, off, len); // whether the two digits are adjacent
    }
    long digits =
        Long.compress(first, nibbles(firstDigits)) << (Long.bitCount(secondDigits) << 2)
            | Long.compress(second, nibbles(secondDigits));
    return decide(plus, digits, count);
  }

  /** 0x80 in each byte of the word that is an ASCII digit (the word has no byte >= 0x80). */
  private static long digitLanes(long word) {
    // Per byte b < 0x80: b + 0x50 reaches 0x80 iff b >= '0', b + 0x46 iff b > '9'; no carries.
    return (word + 0x5050505050505050L) & ~(word + 0x4646464646464646L) & HIGH_BITS;
  }

  /** 0x80 in each byte of the word that is one of the separators " .-()/" (no byte >= 0x80). */
  private static long separatorLanes(long word) {
    // Range tests as in digitLanes: ' ', '(' to ')', '-' to '/'.
    long space = (word + 0x6060606060606060L) & ~(word + 0x5F5F5F5F5F5F5F5FL);
    long parentheses = (word + 0x5858585858585858L) & ~(word + 0x5656565656565656L);
    long dashDotSlash = (word + 0x5353535353535353L) & ~(word + 0x5050505050505050L);
    return (space | parentheses | dashDotSlash) & HIGH_BITS;
  }

  /** The low nibble of each byte flagged 0x80. */
  private static long nibbles(long flags) {
    return (flags >>> 3) - (flags >>> 7);
  }

  /** The first index in {@code buf[from, to)} that the reference does not trim, or {@code to}. */
  private static int trimmedStart(byte[] buf, int from, int to) {
    int start = from;
    while (start < to && LibphonenumberReference.isTrimmed(buf[start])) {
      start++;
    }
    return start;
  }

  /** The end of {@code buf[from, to)} once the reference's trailing trimmed bytes are dropped. */
  private static int trimmedEnd(byte[] buf, int from, int to) {
    int end = to;
    while (end > from && LibphonenumberReference.isTrimmed(buf[end - 1])) {
      end--;
    }
    return end;
  }

  /**
   * The fast path's scan one byte at a time: the reference for {@link #fastPath(byte[], int, int)}
   * and its answer for long or unusual cells. Visible for tests.
   */
  long byteLoop(byte[] buf, int off, int len) {
    int start = trimmedStart(buf, off, off + len);
    int end = trimmedEnd(buf, start, off + len);
    if (end - start > MAX_INPUT_CHARS) {
      return FELL_BACK;
    }
    boolean plus = false;
    int lead = start;
    while (lead < end && buf[lead] >= 0 && CHARACTER_CLASS[buf[lead]] == SEPARATOR) {
      lead++; // "(+39) ...": libphonenumber drops what precedes the first '+' or digit
    }
    if (lead < end && buf[lead] == '+') {
      plus = true;
      start = lead + 1;
    }
    long digits = 0;
    int count = 0;
    int letters = 0;
    int digitsBeforeLetter = 0;
    for (int i = start; i < end; i++) {
      int c = buf[i];
      if (c < 0) {
        return FELL_BACK;
      }
      byte kind = CHARACTER_CLASS[c];
      if (kind == DIGIT) {
        if (count == MAX_PACKED_DIGITS) {
          return FELL_BACK;
        }
        digits = (digits << 4) | (c - '0');
        count++;
      } else if (kind == LETTER && count > 0) {
        if (letters++ == 0) {
          digitsBeforeLetter = count;
        }
      } else if (kind != SEPARATOR) {
        return hasNoNumberStart(buf, off, off + len) ? INVALID : FELL_BACK;
      }
    }
    if (letters > 0) {
      if (letters > MAX_DROPPED_LETTERS) {
        return FELL_BACK; // libphonenumber reads the letters as digits (vanity numbers)
      }
      if (digitsBeforeLetter < 3) {
        return INVALID; // not viable: a letter may only follow three digits
      }
    }
    if (count == 2 && !plus) {
      int first = start;
      while (CHARACTER_CLASS[buf[first]] != DIGIT) {
        first++;
      }
      if (CHARACTER_CLASS[buf[first + 1]] != DIGIT) {
        return INVALID; // two digits with something between them: not a viable number
      }
    }
    return decide(plus, digits, count);
  }

  /**
   * Whether the input is ASCII without any digit or '+': libphonenumber then finds no place where
   * a number could start (extractPossibleNumber looks for [+＋\p{Nd}], which in ASCII is 0-9 and
   * +; a phone-context part adds no digit either), and answers NOT_A_NUMBER. Words such as
   * "ANONIMO" or "n.d." in a phone column are decided here instead of costing an exception.
   */
  private static boolean hasNoNumberStart(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = buf[i];
      if (c < 0 || c == '+' || (c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasNoNumberStart(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 128 || c == '+' || (c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /** The fast path's packed result for the text, or {@link #FELL_BACK}. Visible for tests. */
  long fastPath(CharSequence text) {
    int start = 0;
    int end = text.length();
    while (start < end && LibphonenumberReference.isTrimmed(text.charAt(start))) {
      start++;
    }
    while (end > start && LibphonenumberReference.isTrimmed(text.charAt(end - 1))) {
      end--;
    }
    if (end - start > MAX_INPUT_CHARS) {
      return FELL_BACK;
    }
    boolean plus = false;
    int lead = start;
    while (lead < end && text.charAt(lead) < 128 && CHARACTER_CLASS[text.charAt(lead)] == SEPARATOR) {
      lead++; // "(+39) ...": libphonenumber drops what precedes the first '+' or digit
    }
    if (lead < end && text.charAt(lead) == '+') {
      plus = true;
      start = lead + 1;
    }
    long digits = 0;
    int count = 0;
    int letters = 0;
    int digitsBeforeLetter = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        return FELL_BACK;
      }
      byte kind = CHARACTER_CLASS[c];
      if (kind == DIGIT) {
        if (count == MAX_PACKED_DIGITS) {
          return FELL_BACK;
        }
        digits = (digits << 4) | (c - '0');
        count++;
      } else if (kind == LETTER && count > 0) {
        if (letters++ == 0) {
          digitsBeforeLetter = count;
        }
      } else if (kind != SEPARATOR) {
        return hasNoNumberStart(text) ? INVALID : FELL_BACK;
      }
    }
    if (letters > 0) {
      if (letters > MAX_DROPPED_LETTERS) {
        return FELL_BACK; // libphonenumber reads the letters as digits (vanity numbers)
      }
      if (digitsBeforeLetter < 3) {
        return INVALID; // not viable: a letter may only follow three digits
      }
    }
    if (count == 2 && !plus) {
      int first = start;
      while (CHARACTER_CLASS[text.charAt(first)] != DIGIT) {
        first++;
      }
      if (CHARACTER_CLASS[text.charAt(first + 1)] != DIGIT) {
        return INVALID; // two digits with something between them: not a viable number
      }
    }
    return decide(plus, digits, count);
  }

  /** Steps 2-4 of the design comment on the scanned digits. */
  private long decide(boolean plus, long digits, int count) {
    if (count <= 1 || (count == 2 && plus)) {
      return INVALID; // not viable; two digits without '+' reach here only when adjacent
    }
    int callingCode;
    long national;
    int nationalLength;
    RegionRules parsing;
    CountryRules country;
    if (plus) {
      int code = callingCodeAtStart(digits, count);
      if (code == 0) {
        return FELL_BACK;
      }
      callingCode = code >>> 2;
      nationalLength = count - (code & 3);
      national = RegionRules.tail(digits, count, nationalLength);
      country = countryRules(callingCode);
      parsing = country.main;
    } else {
      if (!homeSupported) {
        return FELL_BACK;
      }
      int iddLength = home.matchInternationalPrefix(digits, count);
      if (iddLength == RegionRules.UNSURE) {
        return FELL_BACK;
      }
      if (iddLength >= 0 && !(count > iddLength && digitAt(digits, count, iddLength) == 0)) {
        int restLength = count - iddLength;
        if (restLength <= 2) {
          return INVALID;
        }
        long rest = RegionRules.tail(digits, count, restLength);
        int code = callingCodeAtStart(rest, restLength);
        if (code == 0) {
          return INVALID;
        }
        callingCode = code >>> 2;
        nationalLength = restLength - (code & 3);
        national = RegionRules.tail(rest, restLength, nationalLength);
        country = countryRules(callingCode);
        parsing = country.main;
      } else {
        callingCode = countryCode;
        country = homeCountry;
        national = digits;
        nationalLength = count;
        parsing = home;
        if (count >= homeCountryCodeLength
            && RegionRules.head(digits, count, homeCountryCodeLength) == homeCountryCodeDigits) {
          int afterCodeLength = count - homeCountryCodeLength;
          long afterCode = RegionRules.tail(digits, count, afterCodeLength);
          int potentialLength = home.stripNationalPrefix(afterCode, afterCodeLength);
          long potential = RegionRules.tail(afterCode, afterCodeLength, potentialLength);
          boolean betterAfterCode =
              !home.matchesGeneral(digits, count)
                  && home.matchesGeneral(potential, potentialLength);
          if (betterAfterCode || home.lengthResult(count) == RegionRules.TOO_LONG) {
            national = potential;
            nationalLength = potentialLength;
            parsing = homeCountry.main;
          }
        }
      }
    }
    if (nationalLength < MIN_NATIONAL_LENGTH) {
      return INVALID;
    }
    if (!parsing.supported || !country.supported) {
      return FELL_BACK;
    }
    int strippedLength = parsing.stripNationalPrefix(national, nationalLength);
    if (strippedLength != nationalLength) {
      byte lengthResult = parsing.lengthResult(strippedLength);
      if (lengthResult == RegionRules.IS_POSSIBLE || lengthResult == RegionRules.TOO_LONG) {
        national = RegionRules.tail(national, nationalLength, strippedLength);
        nationalLength = strippedLength;
      }
    }
    if (nationalLength < MIN_NATIONAL_LENGTH) {
      return INVALID;
    }
    int type = country.typeOf(national, nationalLength);
    if (type == UNKNOWN_TYPE) {
      return INVALID;
    }
    if (country.countryCodeLength + nationalLength > LibphonenumberReference.MAX_E164_DIGITS) {
      return INVALID;
    }
    long e164 = callingCode * POWERS_OF_TEN[nationalLength] + decimalOfPacked(national);
    return e164 | ((long) type << LibphonenumberReference.TYPE_SHIFT);
  }

  private CountryRules countryRules(int callingCode) {
    return callingCode == countryCode ? homeCountry : CountryRules.forCountryCode(callingCode);
  }

  /**
   * extractCountryCode: the first 1-3 digit prefix that is a known calling code, as {@code code
   * << 2 | length}, or 0 (also when the first digit is 0). Needs at least three digits.
   */
  private static int callingCodeAtStart(long digits, int count) {
    return CALLING_CODE_BY_PACKED_HEAD[(int) RegionRules.head(digits, count, 3)];
  }

  private static int digitAt(long digits, int count, int index) {
    return (int) ((digits >>> ((count - 1 - index) << 2)) & 0xF);
  }

  /**
   * The value of up to 16 packed decimal digits (nothing above them set), pairing neighbours in
   * four multiply steps instead of a 16-step multiply-add chain.
   */
  static long decimalOfPacked(long digits) {
    long pairs = ((digits >>> 4) & 0x0F0F0F0F0F0F0F0FL) * 10 + (digits & 0x0F0F0F0F0F0F0F0FL);
    long quads = ((pairs >>> 8) & 0x00FF00FF00FF00FFL) * 100 + (pairs & 0x00FF00FF00FF00FFL);
    long octets = ((quads >>> 16) & 0x0000FFFF0000FFFFL) * 10_000 + (quads & 0x0000FFFF0000FFFFL);
    return (octets >>> 32) * 100_000_000L + (octets & 0xFFFFFFFFL);
  }

  private static int digitCount(long value) {
    int count = 1;
    while (count < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[count]) {
      count++;
    }
    return count;
  }
}
