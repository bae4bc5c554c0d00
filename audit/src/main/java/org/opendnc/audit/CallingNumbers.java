package org.opendnc.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.store.OperatorListStore;

/**
 * The calling numbers (caller IDs) operators declare: the rules that {@code dnc operator
 * calling-numbers} and the operators' API share. Stateless, thread-safe.
 */
public final class CallingNumbers {

  /** The most numbers one declaration takes. */
  public static final int MAX_PER_DECLARATION = 1000;

  /** A number declared: whether the declaration is new, or was in force already. */
  public record Declared(long e164, boolean added) {}

  private CallingNumbers() {}

  /**
   * Reads a calling number: any valid number, or a national service number that libphonenumber
   * does not know (0843/0844 keep their 0: {@code 0844 123456} is +39 0844 123456), or +digits.
   *
   * @throws DncException INVALID_ARGUMENT naming the text
   */
  public static long parse(String text, NumberParser parser) {
    if (text == null || text.isBlank()) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "a calling number is empty.");
    }
    long e164 = parser.parseE164(text);
    if (e164 == NumberParser.INVALID) {
      String digits = text.replaceAll("[\\s().-]", "");
      if (digits.matches("0\\d{5,12}")) {
        e164 = Long.parseLong(parser.countryCode() + digits); // service prefixes such as 0844 keep their 0
      } else if (digits.matches("\\+\\d{6,15}")) {
        e164 = Long.parseLong(digits.substring(1));
      } else {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, "'" + shortText(text) + "' is not a telephone number.");
      }
    }
    return e164;
  }

  /**
   * Declares numbers of an operator from {@code at} on. Every number is read first: one that
   * cannot be read refuses the whole declaration (nothing is stored).
   *
   * @throws DncException INVALID_ARGUMENT for an unreadable number or too many numbers
   */
  public static List<Declared> declare(OperatorListStore store, String operator, List<String> numbers,
      NumberParser parser, Instant at) {
    if (numbers == null || numbers.isEmpty()) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "no calling number given.");
    }
    if (numbers.size() > MAX_PER_DECLARATION) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, numbers.size() + " numbers given; declare at most "
          + MAX_PER_DECLARATION + " at a time.");
    }
    List<Long> parsed = new ArrayList<>(numbers.size());
    for (int i = 0; i < numbers.size(); i++) {
      try {
        parsed.add(parse(numbers.get(i), parser));
      } catch (DncException e) {
        throw new DncException(ErrorCode.INVALID_ARGUMENT, "number " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    List<Declared> declared = new ArrayList<>(parsed.size());
    for (long e164 : parsed) {
      declared.add(new Declared(e164, store.declareCallingNumber(operator, e164, at)));
    }
    return declared;
  }

  /**
   * Ends the declaration in force of a calling number.
   *
   * @throws DncException INVALID_ARGUMENT for an unreadable number, NOT_FOUND when it is not a
   *     declared number of the operator in force
   */
  public static long withdraw(OperatorListStore store, String operator, String number, NumberParser parser,
      Instant at) {
    long e164 = parse(number, parser);
    if (!store.withdrawCallingNumber(operator, e164, at)) {
      throw new DncException(ErrorCode.NOT_FOUND, NumberParser.format(e164)
          + " is not a declared calling number of " + operator + " in force.");
    }
    return e164;
  }

  private static String shortText(String text) {
    String clean = text.strip().replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 40 ? clean : clean.substring(0, 40) + "…";
  }
}
